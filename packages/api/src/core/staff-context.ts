import type { Context, SessionUser } from './context';

/** A procedure's context once a signed-in tier has run. */
export type SignedInContext = Context & { user: SessionUser };

/** The audit fields every staff action shares. */
export function actorOf(ctx: SignedInContext) {
  return {
    at: ctx.now(),
    actorUserId: ctx.user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
  };
}

/** The portal's own address, for links in emails; the web app always sets it. */
export function portalUrlOf(ctx: Pick<Context, 'portalUrl'>): string {
  if (!ctx.portalUrl) {
    throw new Error('The portal address is not configured (ORIGIN), so no link can be emailed.');
  }
  return ctx.portalUrl;
}
