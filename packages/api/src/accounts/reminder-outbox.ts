import { sql, type Expression } from 'kysely';
import type { Database } from '@schoolgate/db';
import { giveUpAt, type ComposedEmail } from '@schoolgate/email';
import { noticeAgeRanges, setAtRange, type ReminderDays } from './password-expiry';
import { htmlEscaped, isoTimestamp, trimmedLikeJs } from './sql-text';

export interface DueNotices {
  notice: 'reminder' | 'expired';
  /** The outbox kind: 'password_reminder' or 'password_expired'. */
  kind: string;
  /** The email rendered once with the stand-ins below (passwordNoticeTemplates). */
  template: ComposedEmail;
  placeholders: { name: string; when: string };
}

/**
 * Queues one kind of password notice for every active account due it today, in one
 * `insert … select … on conflict (dedupe_key) do nothing`: age and notice worked out in SQL as
 * passwordAgeInDays and passwordNoticeFor do, each email filled in from the template, and the
 * dedupe key as it has always been (`password-<notice>:<user id>:<password set, ISO>:day-<age>`),
 * so messages queued by earlier versions still count. Accounts whose message is already queued are
 * left out before any email is built, so a run with nothing new costs one index probe per due
 * account. Rows are inserted in dedupe key order: two servers running this at once then wait for
 * each other on the first shared key instead of deadlocking. Returns how many were queued.
 */
export async function queueDueNotices(
  db: Database,
  due: DueNotices,
  options: { now: Date; days: ReminderDays },
): Promise<number> {
  const { now, days } = options;
  const ranges = noticeAgeRanges(days)[due.notice];
  if (ranges.length === 0) return 0;
  const age = ageInDays(sql.ref<Date>('u.password_set_at'), now);

  // The accounts due, in user id order: their keys are then looked up in the outbox in the order
  // those rows were written, which keeps a run with nothing new to a near-sequential read. Only
  // the ones still without their message go on to have a name looked up and an email filled in.
  const notYetQueued = db
    .selectFrom((inner) =>
      inner
        .selectFrom('users as u')
        .select((eb) => [
          'u.id',
          'u.email',
          'u.contact_id',
          'u.student_id',
          'u.staff_id',
          age.as('age'),
          sql<string>`${`password-${due.notice}:`} || ${eb.ref('u.id')}::text || ':' || ${isoTimestamp(eb.ref('u.password_set_at'))} || ':day-' || ${age}::text`.as(
            'dedupe_key',
          ),
        ])
        .where('u.status', '=', 'active')
        // Bounds an index can use (users_active_password_set_at_idx); the age test decides.
        .where((eb) =>
          eb.or(
            ranges.map((ages) => {
              const { from, before } = setAtRange(now, ages);
              return eb.and([
                eb('u.password_set_at', '>=', from),
                eb('u.password_set_at', '<', before),
              ]);
            }),
          ),
        )
        .where(noticeIsDue(due.notice, age, days))
        .orderBy('u.id')
        .as('d'),
    )
    .select((eb) => [
      'd.id',
      'd.age',
      'd.dedupe_key',
      trimmedLikeJs(eb.ref('d.email')).as('to_address'),
      // `${forename ?? ''} ${surname ?? ''}`.trim() of the one contact, student or staff member.
      trimmedLikeJs(
        eb.fn.coalesce(
          eb.selectFrom('contacts as c').select(fullName).whereRef('c.id', '=', 'd.contact_id'),
          eb.selectFrom('students as s').select(fullName).whereRef('s.id', '=', 'd.student_id'),
          eb.selectFrom('staff as st').select(fullName).whereRef('st.id', '=', 'd.staff_id'),
          sql.lit(' '),
        ),
      ).as('name'),
    ])
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
    // Sorting here (by the key, which the planner cannot take from the id order above) also means
    // every key has been looked up before the first row is written: probing an outbox that grows
    // under the lookups, planned as it was when nearly empty, was quadratic (minutes, not seconds).
    .orderBy('d.dedupe_key');

  const when =
    due.notice === 'reminder' ? expiresWhen(sql.ref<number>('q.age'), days.expiryDays) : null;
  const fill = (template: string, name: Expression<string>) =>
    filled(template, [
      ...(when ? [{ placeholder: due.placeholders.when, value: when }] : []),
      // The name last, so nothing in it is ever taken for a stand-in.
      { placeholder: due.placeholders.name, value: name },
    ]);
  const name = sql.ref<string>('q.name');

  const result = await db
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
      db
        .selectFrom(notYetQueued.as('q'))
        .select([
          sql<Date>`${now}::timestamptz`.as('created_at'),
          sql<string>`${due.kind}::text`.as('kind'),
          'q.to_address',
          fill(due.template.subject, name).as('subject'),
          fill(due.template.text, name).as('text_body'),
          fill(due.template.html, htmlEscaped(name)).as('html_body'),
          'q.dedupe_key',
          sql<string>`'pending'`.as('status'),
          sql<Date>`${now}::timestamptz`.as('next_attempt_at'),
          sql<Date>`${giveUpAt(now)}::timestamptz`.as('give_up_at'),
        ]),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/**
 * passwordAgeInDays in SQL: whole days from the whole-millisecond value a driver reads. The day
 * count of a difference of timestamps is whole days of 24 hours, rounded down for the ages the
 * sweep looks at (0 and older; noticeAgeRanges leaves out younger).
 */
function ageInDays(setAt: Expression<Date>, now: Date) {
  return sql<number>`date_part('day', ${now}::timestamptz - date_trunc('milliseconds', ${setAt}))::int`;
}

/** `${forename} ${surname}` of a contact, student or staff member (both are never null). */
const fullName = sql<string>`forename || ' ' || surname`.as('name');

/** passwordNoticeFor(age, days) === notice, in SQL. */
function noticeIsDue(notice: DueNotices['notice'], age: Expression<number>, days: ReminderDays) {
  const expiry = sql.lit(days.expiryDays);
  return notice === 'expired'
    ? sql<boolean>`${age} = ${expiry}`
    : sql<boolean>`${age} < ${expiry} and (${age} = ${sql.lit(days.firstReminderDay)} or ${age} >= ${sql.lit(days.dailyFromDay)})`;
}

/** expiresWhen(expiryDays - age) of password-emails.ts, in SQL: 'tomorrow' or 'in 5 days'. */
function expiresWhen(age: Expression<number>, expiryDays: number) {
  const daysLeft = sql<number>`(${sql.lit(expiryDays)} - ${age})`;
  return sql<string>`case when ${daysLeft} = 1 then 'tomorrow' else 'in ' || ${daysLeft}::text || ' days' end`;
}

/** The template with each stand-in replaced, in the order given. */
function filled(template: string, values: { placeholder: string; value: Expression<string> }[]) {
  return values.reduce(
    (text, { placeholder, value }) => sql<string>`replace(${text}, ${placeholder}, ${value})`,
    sql<string>`${template}::text`,
  );
}
