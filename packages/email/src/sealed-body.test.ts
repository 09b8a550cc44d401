import { describe, expect, it } from 'vitest';
import { openBody, sealBody, SealedWithAnotherKey } from './sealed-body';

const key = Buffer.alloc(32, 7);
const otherKey = Buffer.alloc(32, 8);
const id = '6f1e7c58-3b7e-4d0c-9b61-1d3c2a4b5e6f';
const text = 'Choose a new password: https://portal.example.org/reset-password?token=Zq8sKx3v';

describe('sealed bodies', () => {
  it('hides the link and opens back to the same text', () => {
    const sealed = sealBody(text, key, id);
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain('Zq8sKx3v');
    expect(openBody(sealed, key, id)).toBe(text);
  });

  it('is different each time, even for the same text', () => {
    expect(sealBody(text, key, id)).not.toBe(sealBody(text, key, id));
  });

  it('does not open with another key, or on another message', () => {
    const sealed = sealBody(text, key, id);
    expect(() => openBody(sealed, otherKey, id)).toThrow(SealedWithAnotherKey);
    expect(() => openBody(sealed, key, crypto.randomUUID())).toThrow(SealedWithAnotherKey);
  });

  it('passes a plain body through', () => {
    expect(openBody('Sports day is on Friday.', key, id)).toBe('Sports day is on Friday.');
  });
});
