import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { newSubmissionKey, settleAfterResponse, type createCaller } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  anonymousCaller,
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { addTerm } from './support/attendance-behaviour-data';

// Issue 11, item 3, for every other form that creates or sends something: the same rendered form
// (its key and content) sent twice 100 ms apart, or 20 times at once, does its work once and
// sends one email, and every copy gets the first answer instead of an error. The notice and
// change-request forms, and the open-request limit, are in double-submits.test.ts.

let db: Database;
let admin: TestUser;
let office: TestUser;
let dsl: TestUser;

beforeAll(async () => {
  db = await freshDatabase();
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
  dsl = await newStaff(db, ['dsl']);
});

type Caller = ReturnType<typeof createCaller>;

/** One form: who sends it, what it sends, and how many times its work and its email happened. */
interface Form {
  sender: TestUser | null;
  send: (caller: Caller, submissionKey: string) => Promise<unknown>;
  done: () => Promise<number>;
  /** The emails it sends to one person; absent for a form that sends none. */
  emails?: () => Promise<number>;
}

/** The emails a form sent: exactly one for a form that sends one. */
const emailsOf = async (form: Form) => (form.emails ? form.emails() : 0);

const count = async (query: Promise<{ n: string | number }>) => Number((await query).n);

const auditCount = (action: string, detail?: [string, string]) =>
  count(
    db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', action)
      .$if(detail !== undefined, (q) =>
        q.where(sql<boolean>`details ->> ${detail![0]} = ${detail![1]}`),
      )
      .executeTakeFirstOrThrow(),
  );

const emailsTo = (to: string, kind: string) =>
  count(
    db
      .selectFrom('email_outbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('to_address', '=', to)
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow(),
  );

let serial = 0;
const unique = (what: string) => `${what}${Date.now().toString(36)}${(serial++).toString(36)}`;

/** A contact with a verified child and a registered email, but no account yet. */
async function contactWithoutAccount() {
  const email = `${unique('family.')}@example.org`;
  const contact = await db
    .insertInto('contacts')
    .values({ forename: 'Jo', surname: unique('Family'), email })
    .returning('id')
    .executeTakeFirstOrThrow();
  await link(db, contact.id, (await newStudent(db)).studentId);
  return { contactId: contact.id, email };
}

/** A member of staff with a record and a role, but no account yet (as an import makes them). */
async function staffWithoutAccount() {
  const email = `${unique('staff.')}@school.example`;
  const staff = await db
    .insertInto('staff')
    .values({ forename: 'Sam', surname: unique('Teacher'), email })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('staff_roles').values({ staff_id: staff.id, role: 'teacher' }).execute();
  return { staffId: staff.id, email };
}

async function pendingAccessRequest() {
  const email = `${unique('asker.')}@example.org`;
  const row = await db
    .insertInto('access_requests')
    .values({
      created_at: new Date(),
      forename: 'Ada',
      surname: unique('Asker'),
      email,
      relationship: 'Mother',
      ip: '192.0.2.99',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { requestId: row.id, email };
}

/** A parent's open request for a new phone number, for the office to answer. */
async function openChangeRequest() {
  const parent = await newParent(db);
  const caller = await callerFor(db, parent);
  const { requestId } = await caller.changeRequests.reportChange({
    detailType: 'phone',
    mobile: '07700 900123',
  });
  return { requestId, email: parent.email };
}

/** How many rows of `table` have `column` equal to `value`. */
const rowsWhere = (
  table:
    | 'policy_versions'
    | 'report_cycles'
    | 'access_restrictions'
    | 'safeguarding_holds'
    | 'terms'
    | 'school_closures',
  column: string,
  value: string,
) =>
  count(
    db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(sql.ref(column), '=', value)
      .executeTakeFirstOrThrow(),
  );

const FORMS: Record<string, () => Promise<Form>> = {
  'asking for access (/request-access)': async () => {
    const email = `${unique('newparent.')}@example.org`;
    return {
      sender: null,
      send: (caller, submissionKey) =>
        caller.accessRequests.submit({
          forename: 'Nadia',
          surname: 'Okafor',
          email,
          relationship: 'Mother',
          children: [{ forename: 'Daniel', surname: 'Okafor', dateOfBirth: '2011-03-04' }],
          submissionKey,
        }),
      done: () =>
        count(
          db
            .selectFrom('access_requests')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('email', '=', email)
            .executeTakeFirstOrThrow(),
        ),
      emails: () => emailsTo(email, 'access_request_received'),
    };
  },
  'recording a behaviour event': async () => {
    const { studentId } = await newStudent(db);
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.behaviour.record({
          studentId,
          kind: 'positive',
          category: 'Helping others',
          points: 2,
          description: 'Helped a new student find their way around.',
          occurredOn: '2026-11-17',
          submissionKey,
        }),
      done: () =>
        count(
          db
            .selectFrom('behaviour_events')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('student_id', '=', studentId)
            .executeTakeFirstOrThrow(),
        ),
    };
  },
  'logging a subject access request': async () => {
    const { studentId } = await newStudent(db);
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.informationRequests.create({
          kind: 'subject_access',
          studentId,
          requester: 'Mrs Okafor, mother',
          receivedOn: '2026-11-16',
          submissionKey,
        }),
      done: () =>
        count(
          db
            .selectFrom('information_requests')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('student_id', '=', studentId)
            .executeTakeFirstOrThrow(),
        ),
    };
  },
  'making a member of staff': async () => {
    const email = `${unique('new.staff.')}@school.example`;
    return {
      sender: admin,
      send: (caller, submissionKey) =>
        caller.admin.staff.create({
          forename: 'Robin',
          surname: 'Ashdown',
          email,
          roles: ['teacher'],
          submissionKey,
        }),
      done: () =>
        count(
          db
            .selectFrom('staff')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('email', '=', email)
            .executeTakeFirstOrThrow(),
        ),
      emails: () => emailsTo(email, 'activation'),
    };
  },
  "making an imported member of staff's account": async () => {
    const { staffId, email } = await staffWithoutAccount();
    return {
      sender: admin,
      send: (caller, submissionKey) => caller.admin.staff.createAccount({ staffId, submissionKey }),
      done: () => auditCount('staff.account_created', ['staff_id', staffId]),
      emails: () => emailsTo(email, 'activation'),
    };
  },
  "sending a member of staff's activation link again": async () => {
    const { staffId, email } = await staffWithoutAccount();
    await (await callerFor(db, admin)).admin.staff.createAccount({ staffId });
    const before = await emailsTo(email, 'activation');
    return {
      sender: admin,
      send: (caller, submissionKey) =>
        caller.admin.staff.resendActivation({ staffId, submissionKey }),
      done: () => auditCount('account.activation_resent', ['staff_id', staffId]),
      emails: async () => (await emailsTo(email, 'activation')) - before,
    };
  },
  "making a parent's account (the invitation)": async () => {
    const { contactId, email } = await contactWithoutAccount();
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.access.accounts.create({ contactId, submissionKey }),
      done: () => auditCount('account.created', ['contact_id', contactId]),
      emails: () => emailsTo(email, 'activation'),
    };
  },
  "sending a parent's activation link again": async () => {
    const { contactId, email } = await contactWithoutAccount();
    const { userId } = await (
      await callerFor(db, office)
    ).admin.access.accounts.create({ contactId });
    const before = await emailsTo(email, 'activation');
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.access.accounts.resendActivation({ userId, submissionKey }),
      done: async () =>
        count(
          db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('action', '=', 'account.activation_resent')
            .where('target_user_id', '=', userId)
            .executeTakeFirstOrThrow(),
        ),
      emails: async () => (await emailsTo(email, 'activation')) - before,
    };
  },
  'refusing an access request': async () => {
    const { requestId, email } = await pendingAccessRequest();
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.access.requests.deny({
          requestId,
          reason: 'No parental responsibility on record.',
          submissionKey,
        }),
      done: () => auditCount('access.request_denied', ['request_id', requestId]),
      emails: () => emailsTo(email, 'access_request_denied'),
    };
  },
  'marking an access request dealt with': async () => {
    const { requestId } = await pendingAccessRequest();
    const { contactId } = await contactWithoutAccount();
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.access.requests.approve({ requestId, contactId, submissionKey }),
      done: () => auditCount('access.request_approved', ['request_id', requestId]),
    };
  },
  'asking for a password reset link': async () => {
    const parent = await newParent(db);
    return {
      sender: null,
      send: (caller, submissionKey) =>
        caller.auth.requestPasswordReset({ identifier: parent.username, submissionKey }),
      // The link is made after the answer (issue 10 item 9): wait for that work first.
      done: async () =>
        settleAfterResponse().then(() =>
          count(
            db
              .selectFrom('audit_log')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('action', '=', 'account.password_reset_requested')
              .where('target_user_id', '=', parent.userId)
              .executeTakeFirstOrThrow(),
          ),
        ),
      emails: () => emailsTo(parent.email, 'password_reset'),
    };
  },
  "replying to a parent's request": async () => {
    const { requestId, email } = await openChangeRequest();
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.changeRequests.reply({
          requestId,
          reply: 'We are checking this.',
          submissionKey,
        }),
      done: () => auditCount('change_request.replied', ['request_id', requestId]),
      emails: () => emailsTo(email, 'change_request_update'),
    };
  },
  "accepting a parent's request": async () => {
    const { requestId, email } = await openChangeRequest();
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.changeRequests.accept({ requestId, submissionKey }),
      done: () => auditCount('change_request.accepted', ['request_id', requestId]),
      emails: () => emailsTo(email, 'change_request_update'),
    };
  },
  "rejecting a parent's request": async () => {
    const { requestId, email } = await openChangeRequest();
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.changeRequests.reject({
          requestId,
          reply: 'That number is not a UK number.',
          submissionKey,
        }),
      done: () => auditCount('change_request.rejected', ['request_id', requestId]),
      emails: () => emailsTo(email, 'change_request_update'),
    };
  },
  'publishing a new version of the policy': async () => {
    const title = unique('Acceptable Usage Policy ');
    return {
      sender: admin,
      send: (caller, submissionKey) =>
        caller.admin.policy.publish({
          title,
          effectiveDate: '2026-12-01',
          bodyMarkdown: 'Use the portal for your own family only.',
          submissionKey,
        }),
      done: () => rowsWhere('policy_versions', 'title', title),
    };
  },
  'starting a report cycle': async () => {
    await newStudent(db, { yearGroup: 11 });
    const name = unique('Year 11 Spring ');
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.reports.createCycle({ name, yearGroup: 11, submissionKey }),
      done: () => rowsWhere('report_cycles', 'name', name),
    };
  },
  "revoking a parent's access": async () => {
    const { contactId } = await newParent(db);
    return {
      sender: office,
      send: (caller, submissionKey) =>
        caller.admin.restrictions.create({
          target: { kind: 'contact', id: contactId },
          reason: 'policy_breach',
          note: 'Shared their password.',
          submissionKey,
        }),
      done: () => rowsWhere('access_restrictions', 'contact_id', contactId),
    };
  },
  'placing a safeguarding hold': async () => {
    const { studentId } = await newStudent(db);
    return {
      sender: dsl,
      send: (caller, submissionKey) =>
        caller.safeguarding.holds.place({ studentId, reason: 'Police advice.', submissionKey }),
      done: () => rowsWhere('safeguarding_holds', 'student_id', studentId),
    };
  },
  'adding a term': async () => {
    const year = 2030 + serial++;
    const name = `Spring ${year}`;
    return {
      sender: admin,
      send: (caller, submissionKey) =>
        caller.admin.settings.addTerm({
          name,
          startsOn: `${year}-01-05`,
          endsOn: `${year}-03-27`,
          submissionKey,
        }),
      done: () => rowsWhere('terms', 'name', name),
    };
  },
  'adding a closure': async () => {
    const reason = unique('Training day ');
    return {
      sender: admin,
      send: (caller, submissionKey) =>
        caller.admin.settings.addClosure({
          reason,
          startsOn: '2026-11-20',
          endsOn: '2026-11-20',
          submissionKey,
        }),
      done: () => rowsWhere('school_closures', 'reason', reason),
    };
  },
};

/** One caller per request, each with its own session, as separate browser posts would have. */
async function callersFor(sender: TestUser | null, n: number): Promise<Caller[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      sender ? callerFor(db, sender) : anonymousCaller(db, { ip: '198.51.100.7' }),
    ),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(Object.keys(FORMS))('%s', (name) => {
  it('sent twice 100 ms apart, does its work once and answers both alike', async () => {
    const form = await FORMS[name]!();
    const key = newSubmissionKey();
    const [first, second] = await callersFor(form.sender, 2);
    const firstAnswer = form.send(first!, key);
    await sleep(100);
    const answers = await Promise.all([firstAnswer, form.send(second!, key)]);
    expect(answers[1]).toEqual(answers[0]);
    expect(await form.done()).toBe(1);
    expect(await emailsOf(form)).toBe(form.emails ? 1 : 0);
  });

  it('sent 20 times at once, does its work once, sends one email if any, and refuses none', async () => {
    const form = await FORMS[name]!();
    const key = newSubmissionKey();
    const callers = await callersFor(form.sender, 20);
    const results = await Promise.allSettled(callers.map((caller) => form.send(caller, key)));
    const refused = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as Error).message] : [],
    );
    expect(refused).toEqual([]);
    expect(await form.done()).toBe(1);
    expect(await emailsOf(form)).toBe(form.emails ? 1 : 0);
  });
});
