import { deliveryHealth } from './email';
import { publicProcedure, router } from './core';

export const healthRouter = router({
  /**
   * For a load balancer or monitor: answers only when the database does (otherwise the portal's
   * 503), with email delivery in counts. Nothing personal: no address, subject or name.
   */
  check: publicProcedure.query(async ({ ctx }) => ({
    database: 'ok' as const,
    email: await deliveryHealth(ctx.db, ctx.now()),
  })),
});
