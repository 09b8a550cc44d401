import { z } from 'zod';
import { authedProcedure, publicProcedure, router } from '../core';
import { calendarEventsFor } from './events';
import { feedDocument, feedStatus, resetFeed, stopFeed } from './feeds';

/** A subscription token as generateToken makes them: 20 bytes in lower-case base32. */
const FEED_TOKEN = /^[a-z2-7]{32}$/;

/** The host name for events' UIDs: the portal's own, so they never clash with another calendar's. */
function domainOf(portalUrl: string | undefined | null): string {
  try {
    return portalUrl ? new URL(portalUrl).hostname : 'schoolgate.invalid';
  } catch {
    return 'schoolgate.invalid';
  }
}

/** The school calendar and each person's private subscription to it (issue 14). */
export const calendarRouter = router({
  /** What the calendar page lists, and whether the person subscribes. */
  mine: authedProcedure.query(async ({ ctx }) => ({
    events: await calendarEventsFor(ctx.db, ctx.user, ctx.now()),
    feed: await feedStatus(ctx),
  })),
  /** A new secret address, shown once; the earlier one stops working. */
  resetFeed: authedProcedure.mutation(({ ctx }) => resetFeed(ctx)),
  stopFeed: authedProcedure.mutation(({ ctx }) => stopFeed(ctx)),
  /**
   * The iCalendar text behind a secret address, for calendar apps (which send no cookie). The
   * address is the credential: an unknown one is "not found", whatever its shape.
   */
  feed: publicProcedure
    .input(z.object({ token: z.string().max(100) }))
    .query(async ({ ctx, input }) => {
      if (!FEED_TOKEN.test(input.token)) return null;
      return feedDocument(ctx.db, input.token, ctx.now(), domainOf(ctx.portalUrl));
    }),
});
