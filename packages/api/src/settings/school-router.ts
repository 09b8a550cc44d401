import { z } from 'zod';
import { publicProcedure, router } from '../core';
import { PUBLIC_PAGES } from './public-page-defaults';
import { readPublicPage } from './public-pages';

export const schoolRouter = router({
  /**
   * What every page may show anyone: the school's name, where to send questions (P12), whether
   * there is a logo, and the password rules in force (the policy is public, so are its numbers).
   */
  info: publicProcedure.query(async ({ ctx }) => {
    // Not loadSettings: that would fetch the logo's bytes on every page.
    const settings = await ctx.db
      .selectFrom('school_settings')
      .select([
        'school_name',
        'enquiries_email',
        'logo_type',
        'brand_colour',
        'password_min_length',
        'password_composition_rules',
        'password_expiry_enabled',
        'password_expiry_days',
      ])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return {
      name: settings.school_name,
      enquiriesEmail: settings.enquiries_email,
      hasLogo: settings.logo_type !== null,
      /** `#rrggbb`, or null for the portal's own colour. */
      brandColour: settings.brand_colour,
      passwordRules: {
        minLength: settings.password_min_length,
        compositionRules: settings.password_composition_rules,
        expiryDays: settings.password_expiry_enabled ? settings.password_expiry_days : null,
      },
    };
  }),
  /** The school's logo (a PNG or JPEG the admin uploaded), as base64; null when there is none. */
  logo: publicProcedure.query(async ({ ctx }) => {
    const row = await ctx.db
      .selectFrom('school_settings')
      .select(['logo_type', 'logo_data', 'updated_at'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    if (!row.logo_type || !row.logo_data) return null;
    return {
      contentType: row.logo_type,
      data: Buffer.from(row.logo_data).toString('base64'),
      updatedAt: row.updated_at,
    };
  }),
  /**
   * The accessibility statement or the privacy notice, linked from every page's footer: the
   * school's own text from settings, or the portal's built-in one, as safe HTML.
   */
  publicPage: publicProcedure
    .input(z.object({ page: z.enum(PUBLIC_PAGES, 'There is no such page.') }))
    .query(({ ctx, input }) => readPublicPage(ctx, input.page)),
});
