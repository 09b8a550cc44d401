import { releaseAttempt, reserveAttempt } from '@schoolgate/auth';
import type { Context } from '../core';
import { AppError } from '../core';

// Activation and reset tokens are 160 bits, so guessing one is hopeless; counting each use of a
// link per address still stops a script hammering the forms (P17). Both forms share one count.
const LINK_POLICY = { maxFailures: 20, windowSeconds: 3600, lockoutSeconds: 3600 };
const linkKey = (ip: string) => `link-use:${ip}`;

/** Counts this use of an emailed link against the address before the link is looked at. */
export async function reserveLinkAttempt(ctx: Context): Promise<void> {
  if (!ctx.meta.ip) return;
  if (!(await reserveAttempt(ctx.db, linkKey(ctx.meta.ip), ctx.now(), LINK_POLICY))) {
    throw new AppError(
      'too_many_attempts',
      'Too many attempts from here. Please wait an hour and try again.',
    );
  }
}

/** A good link gives its attempt back: only unusable links count against the address. */
export async function releaseLinkAttempt(ctx: Context): Promise<void> {
  if (ctx.meta.ip) await releaseAttempt(ctx.db, linkKey(ctx.meta.ip), LINK_POLICY);
}
