import { hash, verify } from '@node-rs/argon2';

// OWASP's Argon2id baseline. `algorithm: 2` is Argon2id: the package's const enum cannot be
// imported under verbatimModuleSyntax.
const ARGON2ID = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2ID);
}

// Checked when there is no account, so an unknown username costs the same time as a wrong password.
let decoy: Promise<string> | undefined;

/** True when `password` matches `storedHash`; with no hash it still does the work, then says false. */
export async function verifyPassword(
  storedHash: string | null,
  password: string,
): Promise<boolean> {
  if (storedHash === null) {
    decoy ??= hashPassword(`decoy-${crypto.randomUUID()}`);
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
