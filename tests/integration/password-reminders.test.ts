import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createCaller, createContext } from '@schoolgate/api';
import { loadSettings, type Database } from '@schoolgate/db';
import {
  composeEmail,
  deliverDueEmails,
  enqueueEmail,
  giveUpAt,
  smtpTransport,
  type SchoolIdentity,
} from '@schoolgate/email';
import { freshDatabase } from './support/database';
import { TEST_NOW, TEST_PASSWORD, callerFor, newParent, type TestUser } from './support/factories';
import { startMailServer, type MailServer } from './support/mail-server';

let db: Database;
let mail: MailServer;
beforeAll(async () => {
  db = await freshDatabase();
  mail = await startMailServer();
});
afterAll(() => mail.close());

/** Noon on day `n` of the password's life (it was set at TEST_NOW). */
const day = (n: number) => new Date(TEST_NOW.getTime() + n * 24 * 3600_000 + 3 * 3600_000);

async function runJob(now: Date) {
  const ctx = await createContext({
    db,
    now: () => now,
    system: true,
    portalUrl: 'https://portal.example.org/',
  });
  return createCaller(ctx).jobs.passwordReminders();
}

async function outboxFor(user: TestUser) {
  return db
    .selectFrom('email_outbox')
    .select(['kind', 'subject', 'created_at'])
    .where('to_address', '=', user.email)
    .where('kind', 'in', ['password_reminder', 'password_expired'])
    .orderBy('created_at')
    .execute();
}

describe('password reminders (P11)', () => {
  it('day 79 none, 80 one, 81–84 none, 85–89 one a day, 90 the expiry notice, then none', async () => {
    const parent = await newParent(db);
    const sentOn: number[] = [];
    for (let n = 78; n <= 93; n++) {
      const before = (await outboxFor(parent)).length;
      await runJob(day(n));
      if ((await outboxFor(parent)).length > before) sentOn.push(n);
    }
    expect(sentOn).toEqual([80, 85, 86, 87, 88, 89, 90]);
    const messages = await outboxFor(parent);
    expect(messages[0]?.subject).toBe('Your parent portal password expires in 10 days');
    expect(messages[5]?.subject).toBe('Your parent portal password expires tomorrow');
    expect(messages[6]).toMatchObject({
      kind: 'password_expired',
      subject: 'Your parent portal password has expired',
    });
  });

  it('run twice in a day, or twice at once, sends each reminder once', async () => {
    const parent = await newParent(db);
    await runJob(day(85));
    await Promise.all([runJob(day(85)), runJob(day(85))]);
    expect(await outboxFor(parent)).toHaveLength(1);
  });

  it('changing the password stops them', async () => {
    const parent = await newParent(db);
    await runJob(day(85));
    await (
      await callerFor(db, parent, { now: day(85) })
    ).account.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: 'Lighthouse-Bramble-58',
      confirmPassword: 'Lighthouse-Bramble-58',
    });
    for (let n = 86; n <= 91; n++) await runJob(day(n));
    expect(await outboxFor(parent)).toHaveLength(1);
    const notices = await db
      .selectFrom('email_outbox')
      .select('subject')
      .where('to_address', '=', parent.email)
      .where('kind', '=', 'password_changed')
      .execute();
    expect(notices).toEqual([{ subject: 'Your parent portal password was changed' }]);
  });

  it('arrive over SMTP with the school, the enquiries address and a link to change the password', async () => {
    const parent = await newParent(db);
    await db
      .updateTable('school_settings')
      .set({ school_name: 'Hilltop School', enquiries_email: 'office@hilltop.example.org' })
      .execute();
    await runJob(day(80));
    await deliverDueEmails(db, smtpTransport(`smtp://127.0.0.1:${mail.port}`), {
      now: day(80),
      from: 'Hilltop School <portal@hilltop.example.org>',
      batchSize: 100,
    });
    const received = mail.received.find((m) => m.to && JSON.stringify(m.to).includes(parent.email));
    expect(received?.subject).toBe('Your parent portal password expires in 10 days');
    expect(received?.text).toContain('Hilltop School');
    expect(received?.text).toContain('office@hilltop.example.org');
    expect(received?.text).toContain('https://portal.example.org/account/password');
    expect(received?.html).toContain('href="https://portal.example.org/account/password"');
  });

  it('is refused to every caller but the system', async () => {
    const parent = await newParent(db);
    await expect((await callerFor(db, parent)).jobs.passwordReminders()).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The set-based sweep against the sweep as it was before (one account, one composed email and one
// insert at a time). What follows copies that code's rules and wording as they were, so the
// comparison does not lean on the code under test.

const DAY_MS = 24 * 3600_000;

/** The emails exactly as the one-by-one sweep composed them. */
function composedOneByOne(
  school: SchoolIdentity,
  name: string,
  notice: 'reminder' | 'expired',
  daysLeft: number,
  portalUrl: string | null,
) {
  const action = portalUrl
    ? { label: 'Change your password', url: `${portalUrl}/account/password` }
    : undefined;
  if (notice === 'expired') {
    return composeEmail({
      school,
      subject: 'Your parent portal password has expired',
      greeting: `Dear ${name},`,
      paragraphs: [
        `Your ${school.name} parent portal password has expired.`,
        'You can still sign in with it, and you will then be asked to choose a new one before you see anything else.',
      ],
      ...(action ? { action } : {}),
    });
  }
  const when = daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;
  return composeEmail({
    school,
    subject: `Your parent portal password expires ${when}`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `Your ${school.name} parent portal password expires ${when}. Please sign in and change it.`,
      'After it expires you will have to choose a new password when you next sign in.',
      'Changing your password stops these reminders.',
    ],
    ...(action ? { action } : {}),
  });
}

/** What the one-by-one sweep queued at `now` for the accounts whose address ends in `@domain`. */
async function queuedOneByOne(domain: string, now: Date, portalUrl: string | null) {
  const settings = await loadSettings(db);
  if (!settings.password_expiry_enabled) return [];
  const first = settings.password_first_reminder_day;
  const daily = settings.password_daily_reminders_from_day;
  const expiry = settings.password_expiry_days;
  const school = {
    name: settings.school_name,
    enquiriesEmail: settings.enquiries_email,
  };
  const users = await db
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.status',
      'u.password_set_at',
      eb.fn.coalesce('c.forename', 's.forename', 'st.forename').as('forename'),
      eb.fn.coalesce('c.surname', 's.surname', 'st.surname').as('surname'),
    ])
    .where('u.email', 'like', `%@${domain}%`)
    .execute();
  const messages = [];
  for (const user of users) {
    if (user.status !== 'active' || !user.password_set_at) continue;
    const age = Math.floor((now.getTime() - user.password_set_at.getTime()) / DAY_MS);
    if (age < Math.min(first, daily) || age > expiry) continue;
    const notice = age === expiry ? 'expired' : age === first || age >= daily ? 'reminder' : null;
    if (!notice) continue;
    const name = `${user.forename ?? ''} ${user.surname ?? ''}`.trim();
    const email = composedOneByOne(school, name, notice, expiry - age, portalUrl);
    messages.push({
      kind: notice === 'expired' ? 'password_expired' : 'password_reminder',
      to_address: user.email.trim(),
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      dedupe_key: `password-${notice}:${user.id}:${user.password_set_at.toISOString()}:day-${age}`,
      status: 'pending',
      attempts: 0,
      contains_secret: false,
      created_at: now,
      next_attempt_at: now,
      give_up_at: giveUpAt(now),
    });
  }
  return messages.sort((a, b) => a.dedupe_key.localeCompare(b.dedupe_key));
}

/** The password emails in the outbox for the accounts whose address ends in `@domain`. */
async function queuedFor(domain: string) {
  return db
    .selectFrom('email_outbox')
    .select([
      'kind',
      'to_address',
      'subject',
      'text_body',
      'html_body',
      'dedupe_key',
      'status',
      'attempts',
      'contains_secret',
      'created_at',
      'next_attempt_at',
      'give_up_at',
    ])
    .where('kind', 'in', ['password_reminder', 'password_expired'])
    .where('to_address', 'like', `%@${domain}`)
    .orderBy('dedupe_key')
    .execute()
    .then((rows) => rows.sort((a, b) => (a.dedupe_key ?? '').localeCompare(b.dedupe_key ?? '')));
}

/** Names that need care: accents, apostrophes, markup, ampersands, odd and missing spaces. */
const NAMES: [string, string][] = [
  ['Zoë', 'Brontë'],
  ['Seán', "O'Connor"],
  ['<script>alert("hi")</script>', 'Smith & Jones'],
  ['Amélie\u00a0', ' Dupont\t'],
  ['Mary  Jane', 'D’Arcy-Ó Briain'],
  ['', ''],
  ['Nadia', 'Okafor <nadia@example.org>'],
  ['Tom', '\'quoted\' "twice" &amp;'],
  ['\u3000Yūki', 'Tanaka\n'],
];

let accountCount = 0;

/** An account of each kind (parent, student, staff) per name, its password `age` days old. */
async function accountsAged(
  domain: string,
  setAt: Date,
  options: { status?: 'active' | 'disabled'; owners?: ('contact' | 'student' | 'staff')[] } = {},
) {
  const ids: string[] = [];
  for (const owner of options.owners ?? ['contact', 'student', 'staff']) {
    const [forename, surname] = NAMES[accountCount % NAMES.length]!;
    const n = ++accountCount;
    const ownerId =
      owner === 'contact'
        ? await db
            .insertInto('contacts')
            .values({ forename, surname })
            .returning('id')
            .executeTakeFirstOrThrow()
        : owner === 'student'
          ? await db
              .insertInto('students')
              .values({
                forename,
                surname,
                date_of_birth: '2013-05-04',
                year_group: 9,
                form: '9N',
                admission_date: '2024-09-01',
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          : await db
              .insertInto('staff')
              .values({ forename, surname, email: `staff.${n}@${domain}` })
              .returning('id')
              .executeTakeFirstOrThrow();
    const user = await db
      .insertInto('users')
      .values({
        username: `sweep.${n}`,
        // One address with a stray space, as an old import might have left it.
        email: n % 7 === 0 ? ` sweep.${n}@${domain} ` : `sweep.${n}@${domain}`,
        status: options.status ?? 'active',
        password_hash: 'not-a-hash',
        password_set_at: setAt,
        [`${owner}_id`]: ownerId.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(user.id);
  }
  return ids;
}

/** Accounts on every day either side of the settings' days, at and just inside day boundaries. */
async function mixedPopulation(domain: string, now: Date, ages: number[]) {
  const ago = (days: number, ms = 0) => new Date(now.getTime() - days * DAY_MS + ms);
  for (const age of ages) await accountsAged(domain, ago(age, -3 * 3600_000));
  const [first] = ages;
  const last = ages.at(-1)!;
  // Exactly on a day boundary, and a millisecond short of it.
  for (const age of ages.slice(1, -1)) {
    await accountsAged(domain, ago(age), { owners: ['contact'] });
    await accountsAged(domain, ago(age, 1), { owners: ['contact'] });
  }
  // Not active: never reminded.
  await accountsAged(domain, ago(last - 1, -3600_000), { status: 'disabled' });
  await accountsAged(domain, ago(first! + 1), { status: 'disabled', owners: ['contact'] });
  // A password set by the database itself, to the microsecond: drivers read whole milliseconds.
  const [micro] = await accountsAged(domain, ago(last - 2, -5 * 3600_000), { owners: ['staff'] });
  await db
    .updateTable('users')
    .set({ password_set_at: sql<Date>`password_set_at + interval '987 microseconds'` })
    .where('id', '=', micro!)
    .execute();
}

async function setDays(enabled: boolean, first: number, daily: number, expiry: number) {
  await db
    .updateTable('school_settings')
    .set({
      password_expiry_enabled: enabled,
      password_first_reminder_day: first,
      password_daily_reminders_from_day: daily,
      password_expiry_days: expiry,
      school_name: 'St Mary’s & St John’s <C of E> "Primary"',
      enquiries_email: 'office@st-marys.example.org',
    })
    .execute();
}

describe('the set-based sweep queues exactly what the one-by-one sweep did', () => {
  // Each case far from the others and from the tests above, so no one else's account is due.
  const at = (n: number) => new Date(TEST_NOW.getTime() + n * 1000 * DAY_MS + 12_345);
  const portal = 'https://portal.example.org';

  it('for parents, students and staff on days 79–91, tricky names and inactive accounts', async () => {
    await setDays(true, 80, 85, 90);
    const now = at(1);
    await mixedPopulation('mixed.example.org', now, [79, 80, 81, 84, 85, 86, 87, 88, 89, 90, 91]);
    const expected = await queuedOneByOne('mixed.example.org', now, portal);
    expect(expected.length).toBeGreaterThan(30);
    expect(new Set(expected.map((m) => m.kind))).toEqual(
      new Set(['password_reminder', 'password_expired']),
    );
    const { queued } = await runJob(now);
    expect(await queuedFor('mixed.example.org')).toEqual(expected);
    expect(queued).toBe(expected.length);

    // Again: nothing new, nothing changed.
    expect(await runJob(now)).toEqual({ queued: 0 });
    expect(await queuedFor('mixed.example.org')).toEqual(expected);
  });

  it('with the school’s own days (first reminder 20, daily from 25, expiry on 30)', async () => {
    await setDays(true, 20, 25, 30);
    const now = at(2);
    await mixedPopulation('days.example.org', now, [19, 20, 21, 24, 25, 27, 29, 30, 31]);
    const expected = await queuedOneByOne('days.example.org', now, portal);
    expect(expected.length).toBeGreaterThan(20);
    await runJob(now);
    expect(await queuedFor('days.example.org')).toEqual(expected);
    await setDays(true, 80, 85, 90);
  });

  it('none at all when the school has turned forced expiry off', async () => {
    await setDays(false, 80, 85, 90);
    const now = at(3);
    await mixedPopulation('off.example.org', now, [80, 85, 89, 90]);
    expect(await runJob(now)).toEqual({ queued: 0 });
    expect(await queuedFor('off.example.org')).toEqual([]);
    await setDays(true, 80, 85, 90);
  });

  it('three sweeps at once queue each message once', async () => {
    await setDays(true, 80, 85, 90);
    const now = at(4);
    await mixedPopulation('twice.example.org', now, [79, 80, 84, 85, 86, 89, 90, 91]);
    const expected = await queuedOneByOne('twice.example.org', now, portal);
    const runs = await Promise.all([runJob(now), runJob(now), runJob(now)]);
    expect(runs.reduce((sum, run) => sum + run.queued, 0)).toBe(expected.length);
    expect(await queuedFor('twice.example.org')).toEqual(expected);
  });

  it('a reminder queued by the one-by-one sweep is not queued again', async () => {
    const now = at(5);
    const [userId] = await accountsAged(
      'earlier.example.org',
      new Date(now.getTime() - 85 * DAY_MS),
      {
        owners: ['contact'],
      },
    );
    const [before] = await queuedOneByOne('earlier.example.org', now, portal);
    expect(before?.dedupe_key).toBe(
      `password-reminder:${userId}:${new Date(now.getTime() - 85 * DAY_MS).toISOString()}:day-85`,
    );
    await enqueueEmail(
      db,
      {
        to: before!.to_address,
        kind: before!.kind,
        subject: before!.subject,
        text: before!.text_body,
        html: before!.html_body,
        dedupeKey: before!.dedupe_key,
      },
      new Date(now.getTime() - 3600_000),
    );
    expect(await runJob(now)).toEqual({ queued: 0 });
    expect(await queuedFor('earlier.example.org')).toHaveLength(1);
  });
});
