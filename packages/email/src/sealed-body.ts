import { createCipheriv, createDecipheriv } from 'node:crypto';

const PREFIX = 'sealed:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals the body of an email that carries a one-time link (AES-256-GCM), so the outbox holds the
 * link only in a form the server's key opens. `outboxId` is bound in as associated data: a sealed
 * body copied onto another message does not open.
 */
export function sealBody(text: string, key: Buffer, outboxId: string): string {
  const iv = crypto.getRandomValues(Buffer.alloc(IV_BYTES));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(outboxId));
  const sealed = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64');
}

export class SealedWithAnotherKey extends Error {
  constructor() {
    super(
      'A one-time link was sealed with another server’s key: give every server sharing the database the same SCHOOLGATE_SECRET_KEY.',
    );
    this.name = 'SealedWithAnotherKey';
  }
}

/** The text of a body; a sealed one is opened with the key (or SealedWithAnotherKey is thrown). */
export function openBody(stored: string, key: Buffer, outboxId: string): string {
  if (!stored.startsWith(PREFIX)) return stored;
  const bytes = Buffer.from(stored.slice(PREFIX.length), 'base64');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(outboxId));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    const body = bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    throw new SealedWithAnotherKey();
  }
}

export function isSealed(stored: string | null): boolean {
  return stored?.startsWith(PREFIX) ?? false;
}
