import { sql } from 'kysely';
import { loadSettings, recordAudit, schoolDate, type Database } from '@schoolgate/db';
import { composeEmail, giveUpAt, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';
import { isSchoolDay, loadSchoolCalendar, type Context } from '../core';
import { schoolIdentity } from '../email';
import { linkIsBlocked, userIsSuspended } from '../access';
import { htmlEscaped, trimmedLikeJs } from '../accounts';
import { longDate, schoolClock } from './rules';

/** The outbox `kind` of the morning email; its dedupe key is `absence-chaser:<date>:<student>:<user>`. */
export const CHASER_EMAIL_KIND = 'absence_chaser';

/**
 * The morning email to a parent whose child the register shows absent today with no reason (N):
 * the child's first name and the day, and a link to "Tell us why" in the portal. Nothing else
 * about the child (no marks, no reasons): the policy keeps pupil data in the portal.
 */
export function chaserEmail(
  school: SchoolIdentity,
  name: string,
  childName: string,
  day: string,
  link: string | null,
): ComposedEmail {
  return composeEmail({
    school,
    subject: 'Please tell the school why your child is absent today',
    greeting: `Dear ${name},`,
    paragraphs: [
      `The register for ${day} shows ${childName} as absent, and the school has no reason for the absence yet.`,
      link
        ? 'Please tell the school why, using “Tell us why” in the parent portal. If your child is in school, or you have already phoned, you do not need to do anything.'
        : 'Please sign in to the parent portal and choose “Tell us why”. If your child is in school, or you have already phoned, you do not need to do anything.',
    ],
    ...(link ? { action: { label: 'Tell us why', url: link } } : {}),
  });
}

/**
 * The scheduled job (`jobs.absenceChaser`): on a school day, once the school's time for it has
 * come (after registers close), queues one email per parent per child marked N (absent, no reason
 * yet) today whose absence nobody has reported. Only parents who may see the child now get one:
 * an active account, not suspended, a verified link with parental responsibility that is not
 * revoked or held, and a child on roll. Set-based like the password reminders: one
 * `insert … select … on conflict (dedupe_key) do nothing`, rows in key order, so running it again,
 * or on several servers at once, queues nothing twice.
 */
export async function queueAbsenceChasers(ctx: Pick<Context, 'db' | 'now' | 'portalUrl'>) {
  const db: Database = ctx.db;
  const now = ctx.now();
  const [settings, calendar] = await Promise.all([loadSettings(db), loadSchoolCalendar(db)]);
  const today = schoolDate(now, calendar.timeZone);
  const due =
    isSchoolDay(today, calendar) &&
    schoolClock(now, calendar.timeZone) >= String(settings.absence_chaser_time).slice(0, 5);
  if (!due) return { queued: 0, due: false };

  const token = crypto.randomUUID().replaceAll('-', '');
  const placeholders = { name: `{name-${token}}`, child: `{child-${token}}`, id: `ID${token}` };
  const link = ctx.portalUrl
    ? `${ctx.portalUrl}/absence/new?student=${placeholders.id}&date=${today}`
    : null;
  const template = chaserEmail(
    schoolIdentity(settings),
    placeholders.name,
    placeholders.child,
    longDate(today),
    link,
  );

  const pending = db
    .selectFrom((inner) =>
      inner
        .selectFrom('attendance_marks as m')
        .innerJoin('students as s', 's.id', 'm.student_id')
        .innerJoin('student_contacts as l', 'l.student_id', 's.id')
        .innerJoin('users as u', 'u.contact_id', 'l.contact_id')
        .innerJoin('contacts as c', 'c.id', 'l.contact_id')
        .select((eb) => [
          'u.id as user_id',
          's.id as student_id',
          'u.email',
          sql<string>`c.forename || ' ' || c.surname`.as('name'),
          eb.fn.coalesce('s.preferred_name', 's.forename').as('child'),
          sql<string>`${`absence-chaser:${today}:`} || s.id::text || ':' || u.id::text`.as(
            'dedupe_key',
          ),
        ])
        .where('m.on_date', '=', today)
        .where('m.code', '=', 'N')
        // On roll today: not yet left, already admitted.
        .where('s.admission_date', '<=', today)
        .where((eb) => eb.or([eb('s.leaving_date', 'is', null), eb('s.leaving_date', '>=', today)]))
        .where('l.status', '=', 'verified')
        .where('l.parental_responsibility', '=', true)
        .where((eb) => eb.not(linkIsBlocked()))
        .where('u.status', '=', 'active')
        .where((eb) => eb.not(userIsSuspended()))
        // Nobody has told the school about today yet (a report in any state, or a late arrival).
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('absence_reports as r')
                .select(sql`1`.as('one'))
                .whereRef('r.student_id', '=', 's.id')
                .where('r.first_date', '<=', today)
                .where('r.last_date', '>=', today),
            ),
          ),
        )
        // A morning and an afternoon N are one absence: one email.
        .distinct()
        .as('d'),
    )
    .selectAll('d')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('email_outbox as o')
            .select('o.id')
            .whereRef('o.dedupe_key', '=', 'd.dedupe_key'),
        ),
      ),
    )
    .orderBy('d.dedupe_key');

  const fill = (text: string, html: boolean) => {
    const name = html ? htmlEscaped(sql.ref<string>('q.name')) : sql.ref<string>('q.name');
    const child = html ? htmlEscaped(sql.ref<string>('q.child')) : sql.ref<string>('q.child');
    // The id first and the names last, so nothing in a name is ever taken for a stand-in.
    return sql<string>`replace(replace(replace(${text}::text, ${placeholders.id}, q.student_id::text), ${placeholders.child}, ${child}), ${placeholders.name}, ${name})`;
  };

  const queued = await db.transaction().execute(async (trx) => {
    const result = await trx
      .insertInto('email_outbox')
      .columns([
        'created_at',
        'kind',
        'to_address',
        'subject',
        'text_body',
        'html_body',
        'dedupe_key',
        'status',
        'next_attempt_at',
        'give_up_at',
      ])
      .expression(
        trx
          .selectFrom(pending.as('q'))
          .select([
            sql<Date>`${now}::timestamptz`.as('created_at'),
            sql<string>`${CHASER_EMAIL_KIND}::text`.as('kind'),
            trimmedLikeJs(sql.ref<string>('q.email')).as('to_address'),
            sql<string>`${template.subject}::text`.as('subject'),
            fill(template.text, false).as('text_body'),
            fill(template.html, true).as('html_body'),
            'q.dedupe_key',
            sql<string>`'pending'`.as('status'),
            sql<Date>`${now}::timestamptz`.as('next_attempt_at'),
            sql<Date>`${giveUpAt(now)}::timestamptz`.as('give_up_at'),
          ]),
      )
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    const count = Number(result.numInsertedOrUpdatedRows ?? 0);
    if (count > 0) {
      await recordAudit(trx, {
        at: now,
        action: 'absence_chaser.queued',
        actorUserId: null,
        details: { date: today, emails_queued: count },
      });
    }
    return count;
  });
  return { queued, due: true };
}
