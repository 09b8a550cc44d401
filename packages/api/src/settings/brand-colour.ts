import { recordAudit } from '@schoolgate/db';
import { AppError, actorOf, type SignedInContext } from '../core';
import { checkBrandColour } from './brand-colour-rules';

/**
 * Sets the school's colour, or with null or an empty value goes back to the portal's own. A colour
 * white text cannot be read on is refused beside the field, and nothing is written.
 */
export async function setBrandColour(ctx: SignedInContext, typed: string | null) {
  const checked = checkBrandColour(typed);
  if (checked.problem !== null) {
    throw new AppError('bad_input', `Please check your answers: ${checked.problem}`, {
      fieldErrors: { brandColour: [checked.problem] },
    });
  }
  const colour = checked.colour;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('school_settings')
      .select('brand_colour')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (row.brand_colour === colour) return { colour, changed: false };
    await trx
      .updateTable('school_settings')
      .set({ brand_colour: colour, updated_at: ctx.now(), updated_by_user_id: ctx.user.id })
      .where('id', '=', 1)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'settings.colour_changed',
      details: { from: row.brand_colour, to: colour },
    });
    return { colour, changed: true };
  });
}
