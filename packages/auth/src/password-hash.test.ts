import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash';

describe('password hashing', () => {
  it('uses Argon2id with 19 MiB, two passes and one lane', async () => {
    const hash = await hashPassword('Correct-Horse-7');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain('Correct-Horse-7');
  });

  it('verifies the right password only', async () => {
    const hash = await hashPassword('Correct-Horse-7');
    expect(await verifyPassword(hash, 'Correct-Horse-7')).toBe(true);
    expect(await verifyPassword(hash, 'correct-horse-7')).toBe(false);
  });

  it('says no, after doing the same work, when there is no hash', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });
});
