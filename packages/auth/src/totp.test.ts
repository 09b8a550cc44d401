import { describe, expect, it } from 'vitest';
import { generateTOTP } from '@oslojs/otp';
import {
  hashRecoveryCode,
  newRecoveryCodes,
  newTotpSecret,
  totpCodeAt,
  totpEnrolment,
  totpStepOf,
} from './totp';

describe('TOTP', () => {
  it('agrees with the reference implementation for the current step', () => {
    const key = newTotpSecret();
    expect(totpCodeAt(key, new Date())).toBe(generateTOTP(key, 30, 6));
  });

  it('names the step of a code from this step or one either side, nothing further, six digits only', () => {
    const key = newTotpSecret();
    const at = new Date('2026-11-17T09:30:10Z');
    const now = Math.floor(at.getTime() / 30_000);
    const step = (n: number) => new Date(at.getTime() + n * 30_000);
    expect(totpStepOf(key, totpCodeAt(key, at), at)).toBe(now);
    expect(totpStepOf(key, totpCodeAt(key, step(-1)), at)).toBe(now - 1);
    expect(totpStepOf(key, ` ${totpCodeAt(key, step(1)).replace(/(...)/, '$1 ')}`, at)).toBe(
      now + 1,
    );
    expect(totpStepOf(key, totpCodeAt(key, step(3)), at)).toBeNull();
    expect(totpStepOf(key, 'abcdef', at)).toBeNull();
  });

  it('gives an otpauth URI and a readable key for typing in', () => {
    const { keyUri, manualKey } = totpEnrolment(
      'Northfield Academy',
      'demo.teacher',
      newTotpSecret(),
    );
    expect(keyUri).toMatch(/^otpauth:\/\/totp\/Northfield%20Academy:demo\.teacher\?/);
    expect(manualKey).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{4}$/);
  });

  it('makes ten different recovery codes, matched however they are typed', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replaceAll('-', ' '))).toBe(hashes[0]);
  });
});
