import { sql } from 'kysely';
import { loadSettings, type Database } from '@schoolgate/db';
import { composeEmail, enqueueEmail } from '@schoolgate/email';
import type { SignedInContext } from './staff-context';
import {
  REFUSAL_BURST_ACTION,
  REFUSAL_BURST_THRESHOLD,
  REFUSAL_BURST_WINDOW_MINUTES,
  refusalHour,
} from './refusals';

/** The outbox `kind` of the email telling admins about many refusals. */
export const REFUSAL_BURST_EMAIL_KIND = 'refusal_burst';

const KIND_WORDS = { parent: 'parent or carer', student: 'student', staff: 'staff' } as const;

/**
 * One account has been refused `refusals` times within ten minutes: records a notice for the
 * admins (the staff home lists them) and emails each active admin, at most once per account and
 * clock hour. The notice's unique key (account, hour) makes that hold on several servers at once;
 * each email's dedupe key is a second guard. Runs inside the refusal's transaction.
 */
export async function raiseRefusalBurst(
  trx: Database,
  ctx: SignedInContext,
  refusals: number,
): Promise<void> {
  const now = ctx.now();
  const hour = refusalHour(now);
  const admins = await trx
    .selectFrom('users as u')
    .innerJoin('staff_roles as r', 'r.staff_id', 'u.staff_id')
    .select(['u.id', 'u.email'])
    .where('r.role', '=', 'admin')
    .where('u.status', '=', 'active')
    .orderBy('u.id')
    .execute();
  const { rows } = await sql<{ id: number }>`
    insert into audit_log (at, action, target_user_id, details)
    values (${now}, ${REFUSAL_BURST_ACTION}, ${ctx.user.id}, ${JSON.stringify({
      hour,
      refusals,
      window_minutes: REFUSAL_BURST_WINDOW_MINUTES,
      threshold: REFUSAL_BURST_THRESHOLD,
      last_ip: ctx.meta.ip,
      admins_emailed: admins.length,
    })}::jsonb)
    on conflict (target_user_id, (details ->> 'hour')) where action = 'refused.burst'
    do nothing
    returning id`.execute(trx);
  if (rows.length === 0) return; // Already raised this hour.

  const settings = await loadSettings(trx);
  const school = { name: settings.school_name, enquiriesEmail: settings.enquiries_email };
  const who = `${ctx.user.displayName} (${ctx.user.username}, ${KIND_WORDS[ctx.user.kind]})`;
  const link = ctx.portalUrl
    ? `${ctx.portalUrl.replace(/\/+$/, '')}/admin/audit?user=${ctx.user.id}&action=refused.`
    : null;
  const email = composeEmail({
    school,
    subject: 'Many refused requests from one portal account',
    paragraphs: [
      `The portal refused ${who} ${refusals} times in the last ${REFUSAL_BURST_WINDOW_MINUTES} minutes: they asked for records that are not theirs to see, or that do not exist.`,
      'This can be someone trying other families’ records. The audit log lists each refusal with what was asked for and from where.',
      'You are told about the same account at most once an hour.',
    ],
    ...(link ? { action: { label: 'Open the audit log', url: link } } : {}),
  });
  for (const admin of admins) {
    await enqueueEmail(
      trx,
      {
        ...email,
        to: admin.email,
        kind: REFUSAL_BURST_EMAIL_KIND,
        dedupeKey: `${REFUSAL_BURST_EMAIL_KIND}:${ctx.user.id}:${hour}:${admin.id}`,
      },
      now,
    );
  }
}
