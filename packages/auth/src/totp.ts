import { generateHOTP } from '@oslojs/otp';
import { createTOTPKeyURI } from '@oslojs/otp';
import { encodeBase32NoPadding } from '@oslojs/encoding';
import { generateToken, hashToken } from './tokens';

const PERIOD_SECONDS = 30;
const DIGITS = 6;

/** A new 160-bit TOTP secret (RFC 6238 with the usual 30 s, 6 digits, SHA-1 for app support). */
export function newTotpSecret(): Uint8Array {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return key;
}

/** What an authenticator app scans, and the same secret typed by hand. */
export function totpEnrolment(issuer: string, accountName: string, key: Uint8Array) {
  return {
    keyUri: createTOTPKeyURI(issuer, accountName, key, PERIOD_SECONDS, DIGITS),
    manualKey: encodeBase32NoPadding(key)
      .replace(/(.{4})/g, '$1 ')
      .trim(),
  };
}

/** The code for `at`, by the context's clock rather than the machine's, so tests set the time. */
export function totpCodeAt(key: Uint8Array, at: Date): string {
  return generateHOTP(key, BigInt(Math.floor(at.getTime() / 1000 / PERIOD_SECONDS)), DIGITS);
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/**
 * The 30-second step whose code `code` is, looking at this step and the one either side (clocks
 * drift), or null when it is none of them. Callers refuse a step at or before the last one they
 * accepted, so each code works once.
 */
export function totpStepOf(key: Uint8Array, code: string, at: Date): number | null {
  const typed = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(typed)) return null;
  const now = Math.floor(at.getTime() / 1000 / PERIOD_SECONDS);
  for (const step of [now - 1, now, now + 1]) {
    if (sameText(generateHOTP(key, BigInt(step), DIGITS), typed)) return step;
  }
  return null;
}

/** Ten single-use recovery codes like "k7p2-9xqa-3mzd", shown once and stored only hashed. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: 10 }, () =>
    generateToken()
      .slice(0, 12)
      .replace(/(.{4})(?=.)/g, '$1-'),
  );
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export function hashRecoveryCode(code: string): string {
  return hashToken(code.trim().toLowerCase().replace(/[\s-]/g, ''));
}
