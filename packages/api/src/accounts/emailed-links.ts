import {
  inspectAccountToken,
  releaseAttempt,
  reserveAttempt,
  type TokenPurpose,
  type TokenState,
} from '@schoolgate/auth';
import type { Settings } from '@schoolgate/db';
import type { Context } from '../core';
import { AppError } from '../core';

// Activation and reset tokens are 160 bits, so guessing one is hopeless; counting each use of a
// link per address still stops a script hammering the forms (P17). Both forms share one count.
const LINK_POLICY = { maxFailures: 20, windowSeconds: 3600, lockoutSeconds: 3600 };
const linkKey = (ip: string) => `link-use:${ip}`;

/** What a person opening a link is told when it cannot be used. */
export function unusableLinkMessage(
  state: Exclude<TokenState, 'valid'>,
  settings: Settings,
): string {
  const ask = `Please ask the school for a new one at ${settings.enquiries_email}.`;
  if (state === 'expired') return `This link has expired. ${ask}`;
  if (state === 'used')
    return `This link has already been used. If you cannot sign in, ${ask.charAt(0).toLowerCase()}${ask.slice(1)}`;
  return `This link is not valid. Check that you copied all of it, or ${ask.charAt(0).toLowerCase()}${ask.slice(1)}`;
}

/**
 * The account an emailed link (activation or reset) opens, or a refusal saying why it cannot be
 * used. The use is counted against the address before the link is looked at, and given back when
 * the link proves good, so only unusable links count.
 */
export async function usableLinkOwner(
  ctx: Context,
  token: string,
  purpose: TokenPurpose,
  settings: Settings,
): Promise<string> {
  const ip = ctx.meta.ip;
  if (ip && !(await reserveAttempt(ctx.db, linkKey(ip), ctx.now(), LINK_POLICY))) {
    throw new AppError(
      'too_many_attempts',
      'Too many attempts from here. Please wait an hour and try again.',
    );
  }
  const { state, userId } = await inspectAccountToken(ctx.db, token, purpose, ctx.now());
  if (state !== 'valid' || !userId) {
    throw new AppError(
      'bad_input',
      unusableLinkMessage(state === 'valid' ? 'unknown' : state, settings),
    );
  }
  if (ip) await releaseAttempt(ctx.db, linkKey(ip), LINK_POLICY);
  return userId;
}
