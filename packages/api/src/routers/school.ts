import { loadSettings } from '@schoolgate/db';
import { publicProcedure, router } from '../trpc';

export const schoolRouter = router({
  /** What every page may show anyone: the school's name and where to send questions (P12). */
  info: publicProcedure.query(async ({ ctx }) => {
    const settings = await loadSettings(ctx.db);
    return { name: settings.school_name, enquiriesEmail: settings.enquiries_email };
  }),
});
