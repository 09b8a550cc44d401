import { verifyPassword } from './password-hash';

/** True when `password` matches any of the stored hashes (the current one and earlier ones). */
export async function isReusedPassword(
  password: string,
  hashes: readonly string[],
): Promise<boolean> {
  for (const hash of hashes) {
    if (await verifyPassword(hash, password)) return true;
  }
  return false;
}
