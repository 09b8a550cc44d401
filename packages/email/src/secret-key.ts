import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the key is kept when SCHOOLGATE_SECRET_KEY is not set (beside the embedded database). */
export const DEFAULT_KEY_FILE = '.data/secret.key';

const KEY_BYTES = 32;

let cached: Buffer | undefined;

/**
 * The server's key for sealing one-time links at rest: SCHOOLGATE_SECRET_KEY (32 bytes, base64:
 * `openssl rand -base64 32`), the same on every server that shares a database; or, when unset, a
 * key made once and kept in .data/secret.key (readable by its owner only). Kept apart from the
 * database, so a dump, a backup or a database login never reveals a working link.
 */
export function secretKey(): Buffer {
  cached ??= loadKey();
  return cached;
}

function loadKey(): Buffer {
  const configured = process.env.SCHOOLGATE_SECRET_KEY?.trim();
  if (configured) return decodeKey(configured, 'SCHOOLGATE_SECRET_KEY');
  const file = path.resolve(DEFAULT_KEY_FILE);
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim(), file);
  mkdirSync(path.dirname(file), { recursive: true });
  const key = crypto.getRandomValues(Buffer.alloc(KEY_BYTES));
  try {
    // 'wx': two processes starting at once must not each write a different key.
    writeFileSync(file, `${key.toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return decodeKey(readFileSync(file, 'utf8').trim(), file);
  }
}

function decodeKey(text: string, source: string): Buffer {
  const key = Buffer.from(text, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new Error(
      `The secret key in ${source} must be ${KEY_BYTES} bytes in base64 (make one with: openssl rand -base64 32).`,
    );
  }
  return key;
}
