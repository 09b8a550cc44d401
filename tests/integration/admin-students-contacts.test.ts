import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  TEST_NOW,
  callerFor,
  link,
  linkIdOf,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

type Staff = TestUser & { staffId: string };
type Parent = TestUser & { contactId: string };

let db: Database;
let office: Staff;
let admin: Staff;
let officeDsl: Staff;
let teacher: Staff;
let governor: Staff;

beforeAll(async () => {
  db = await freshDatabase();
  office = await newStaff(db, ['office']);
  admin = await newStaff(db, ['admin']);
  officeDsl = await newStaff(db, ['office', 'dsl']);
  teacher = await newStaff(db, ['teacher']);
  governor = await newStaff(db, ['governor']);
});

const asOffice = () => callerFor(db, office);

async function studentRow(studentId: string) {
  return db
    .selectFrom('students')
    .selectAll()
    .where('id', '=', studentId)
    .executeTakeFirstOrThrow();
}

async function auditOf(action: string, filter: { studentId?: string; actor?: string } = {}) {
  let query = db
    .selectFrom('audit_log')
    .select(['action', 'actor_user_id', 'student_id', 'target_user_id', 'details'])
    .where('action', '=', action);
  if (filter.studentId) query = query.where('student_id', '=', filter.studentId);
  if (filter.actor) query = query.where('actor_user_id', '=', filter.actor);
  return query.orderBy('id').execute();
}

/** A contact with no portal account, linked to `studentId` without a PR check yet. */
async function contactWithoutAccount(studentId: string, email: string | null) {
  const contact = await db
    .insertInto('contacts')
    .values({ title: 'Mr', forename: 'Emeka', surname: 'Nwosu', email })
    .returning('id')
    .executeTakeFirstOrThrow();
  await link(db, contact.id, studentId, { verified: false });
  return contact.id;
}

/** The fields `admin.students.update` needs, as the student is now. */
async function editOf(studentId: string) {
  const row = await studentRow(studentId);
  return {
    studentId,
    forename: row.forename,
    surname: row.surname,
    preferredName: row.preferred_name,
    dateOfBirth: row.date_of_birth,
    upn: row.upn,
    yearGroup: row.year_group,
    form: row.form,
    admissionDate: row.admission_date,
    leavingDate: row.leaving_date,
  };
}

describe('finding students', () => {
  it('filters by form and finds a student by UPN', async () => {
    const { studentId } = await newStudent(db, { yearGroup: 11 });
    await db
      .updateTable('students')
      .set({ form: '11Q', upn: 'K820000000001' })
      .where('id', '=', studentId)
      .execute();
    const caller = await asOffice();
    const byForm = await caller.admin.students.list({ form: '11q' });
    expect(byForm.students.map((s) => s.id)).toEqual([studentId]);
    expect(byForm.forms).toContain('11Q');
    const byUpn = await caller.admin.students.list({ search: 'K820000000001' });
    expect(byUpn.students.map((s) => s.id)).toEqual([studentId]);
  });
});

describe('a student’s page for the office', () => {
  let studentId: string;
  let mother: Parent;
  let father: Parent;
  let stepFather: string;

  beforeAll(async () => {
    studentId = (await newStudent(db, { yearGroup: 10 })).studentId;
    mother = await newParent(db);
    father = await newParent(db, { status: 'pending' });
    await link(db, mother.contactId, studentId);
    await link(db, father.contactId, studentId);
    stepFather = await contactWithoutAccount(studentId, 'step.father@example.org');
    const office2 = await callerFor(db, office);
    // A past restriction on the mother's link, lifted; the father's whole access revoked now.
    const past = await office2.admin.restrictions.create({
      target: { kind: 'link', id: await linkIdOf(db, mother.contactId, studentId) },
      reason: 'parental_responsibility_questioned',
      note: 'Checked with the other parent.',
    });
    await office2.admin.restrictions.lift({ id: past.id, note: 'Birth certificate seen.' });
    await office2.admin.restrictions.create({
      target: { kind: 'contact', id: father.contactId },
      reason: 'policy_breach',
      note: 'Shared the password.',
    });
  });

  it('shows each link with its verification record and each person’s account status', async () => {
    const record = await (await asOffice()).admin.students.get({ studentId });
    expect(record.details.id).toBe(studentId);
    expect(record.details.updatedAt).toBeInstanceOf(Date);
    const byContact = new Map(record.links.map((l) => [l.contactId, l]));

    const mum = byContact.get(mother.contactId);
    expect(mum?.status).toBe('verified');
    expect(mum?.parentalResponsibility).toBe(true);
    expect(mum?.verification).toMatchObject({
      evidence: 'birth_certificate',
      note: 'Seen at reception',
      verifiedAt: TEST_NOW,
    });
    expect(mum?.verification?.verifiedBy).toMatch(/^Pat Staff/);
    expect(mum?.accountStatus).toBe('active');

    expect(byContact.get(father.contactId)?.accountStatus).toBe('revoked');
    expect(byContact.get(father.contactId)?.personRestrictions).toHaveLength(1);

    const step = byContact.get(stepFather);
    expect(step?.accountStatus).toBe('none');
    expect(step?.verification).toBeNull();
    // No PR confirmed for any child yet: no account can be made.
    expect(step?.canInvite).toBe(false);
  });

  it('lists restrictions active and past, with who placed and lifted them', async () => {
    const record = await (await asOffice()).admin.students.get({ studentId });
    const lifted = record.restrictions.find((r) => !r.active);
    expect(lifted).toMatchObject({
      kind: 'link',
      reason: 'parental_responsibility_questioned',
      liftNote: 'Birth certificate seen.',
    });
    expect(lifted?.liftedBy).toMatch(/^Pat Staff/);
    expect(record.restrictions.filter((r) => r.active).map((r) => r.kind)).toEqual(['contact']);
  });

  it('writes exactly one audit entry for the whole view', async () => {
    const caller = await callerFor(db, admin);
    const countAll = async () =>
      Number(
        (
          await db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await countAll();
    await caller.admin.students.get({ studentId });
    expect(await countAll()).toBe(before + 1);
    const [entry] = (await auditOf('view.staff_student', { studentId, actor: admin.userId })).slice(
      -1,
    );
    expect(entry?.student_id).toBe(studentId);
  });

  it('is refused to teachers, DSLs without the office role, governors and parents', async () => {
    const dslOnly = await newStaff(db, ['dsl']);
    for (const user of [teacher, dslOnly, governor, mother]) {
      const refusal = await refusalOf(
        (await callerFor(db, user)).admin.students.get({ studentId }),
      );
      expect(refusal.code).toBe('FORBIDDEN');
    }
  });
});

describe('a safeguarding hold on the student’s page', () => {
  let studentId: string;

  beforeAll(async () => {
    studentId = (await newStudent(db)).studentId;
    const parent = await newParent(db);
    await link(db, parent.contactId, studentId);
    const dsl = await newStaff(db, ['dsl']);
    await (
      await callerFor(db, dsl)
    ).safeguarding.holds.place({
      studentId,
      reason: 'Disclosure made to the form tutor',
      scope: 'all_access',
    });
  });

  it('tells the office only that access is on hold, never why or who placed it', async () => {
    const record = await (await asOffice()).admin.students.get({ studentId });
    expect(record.hold).toEqual({ onHold: true, details: null });
    expect(JSON.stringify(record)).not.toContain('Disclosure');
  });

  it('shows the reason and who placed it to a DSL with the office role and to an admin', async () => {
    for (const user of [officeDsl, admin]) {
      const record = await (await callerFor(db, user)).admin.students.get({ studentId });
      expect(record.hold.onHold).toBe(true);
      expect(record.hold.details).toMatchObject({
        reason: 'Disclosure made to the form tutor',
        scope: 'all_access',
      });
      expect(record.hold.details?.placedBy).toMatch(/^Pat Staff/);
    }
  });

  it('says nothing is on hold for a student without a hold', async () => {
    const other = (await newStudent(db)).studentId;
    const record = await (await asOffice()).admin.students.get({ studentId: other });
    expect(record.hold).toEqual({ onHold: false, details: null });
  });
});

describe('editing a student', () => {
  it('saves the changes with who and when, audited old → new', async () => {
    const { studentId } = await newStudent(db, { yearGroup: 9 });
    const caller = await asOffice();
    const edit = await editOf(studentId);
    const result = await caller.admin.students.update({
      ...edit,
      preferredName: 'Danny',
      upn: 'a12345678901b',
      form: '9R',
    });
    expect(result.changed.sort()).toEqual(['form', 'preferredName', 'upn']);

    const row = await studentRow(studentId);
    expect(row.preferred_name).toBe('Danny');
    expect(row.upn).toBe('A12345678901B');
    expect(row.updated_by_user_id).toBe(office.userId);
    expect(row.updated_at).toEqual(TEST_NOW);

    const [entry] = await auditOf('student.updated', { studentId });
    expect(entry?.actor_user_id).toBe(office.userId);
    expect(entry?.details).toEqual({
      changes: {
        preferredName: { from: null, to: 'Danny' },
        upn: { from: null, to: 'A12345678901B' },
        form: { from: '9N', to: '9R' },
      },
    });

    const record = await caller.admin.students.get({ studentId });
    expect(record.details.updatedBy).toMatch(/^Pat Staff/);
    expect(record.details.preferredName).toBe('Danny');
  });

  it('writes and audits nothing when nothing changed', async () => {
    const { studentId } = await newStudent(db);
    const result = await (await asOffice()).admin.students.update(await editOf(studentId));
    expect(result.changed).toEqual([]);
    expect((await studentRow(studentId)).updated_by_user_id).toBeNull();
    expect(await auditOf('student.updated', { studentId })).toEqual([]);
  });

  it('refuses bad dates and a bad UPN with a message beside each field, writing nothing', async () => {
    const { studentId } = await newStudent(db);
    const caller = await asOffice();
    const edit = await editOf(studentId);
    const before = await studentRow(studentId);

    const notReal = await refusalOf(
      caller.admin.students.update({
        ...edit,
        forename: 'Changed',
        dateOfBirth: '2013-02-30',
        leavingDate: '2024-08-01',
        upn: 'A123',
      }),
    );
    expect(notReal.code).toBe('BAD_REQUEST');
    expect(notReal.fieldErrors?.dateOfBirth).toEqual([
      'Enter the date of birth as a real date, for example 2026-09-03.',
    ]);
    expect(notReal.fieldErrors?.leavingDate).toEqual([
      'The leaving date cannot be before the admission date.',
    ]);
    expect(notReal.fieldErrors?.upn?.[0]).toMatch(/A UPN has 13 characters.*This one has 4\./);

    const afterAdmission = await refusalOf(
      caller.admin.students.update({ ...edit, dateOfBirth: '2025-01-01' }),
    );
    expect(afterAdmission.fieldErrors?.dateOfBirth).toEqual([
      'The date of birth must be before the admission date.',
    ]);

    const future = await refusalOf(
      caller.admin.students.update({
        ...edit,
        dateOfBirth: '2027-01-01',
        admissionDate: '2027-09-01',
      }),
    );
    expect(future.fieldErrors?.dateOfBirth).toEqual(['The date of birth cannot be in the future.']);

    const blankName = await refusalOf(
      caller.admin.students.update({ ...edit, surname: ' ', yearGroup: 14 }),
    );
    expect(blankName.fieldErrors?.surname).toEqual(['Enter the surname.']);
    expect(blankName.fieldErrors?.yearGroup).toEqual(['Choose a year group from 7 to 13.']);

    expect(await studentRow(studentId)).toEqual(before);
    expect(await auditOf('student.updated', { studentId })).toEqual([]);
  });

  it('refuses a UPN another student already has', async () => {
    const first = (await newStudent(db)).studentId;
    const second = (await newStudent(db)).studentId;
    const caller = await asOffice();
    await caller.admin.students.update({ ...(await editOf(first)), upn: 'Z999999999999' });
    const refusal = await refusalOf(
      caller.admin.students.update({ ...(await editOf(second)), upn: 'z999999999999' }),
    );
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.fieldErrors?.upn?.[0]).toMatch(/^Another student \(Sam Student.*\) already/);
    expect((await studentRow(second)).upn).toBeNull();
  });

  it('a leaving date in the past takes the child off the parent’s list at once (P1)', async () => {
    const parent = await newParent(db);
    const { studentId } = await newStudent(db, { yearGroup: 11 });
    const sibling = (await newStudent(db, { yearGroup: 8 })).studentId;
    await link(db, parent.contactId, studentId);
    await link(db, parent.contactId, sibling);
    const parentCaller = await callerFor(db, parent);
    expect((await parentCaller.students.mine()).map((s) => s.id).sort()).toEqual(
      [studentId, sibling].sort(),
    );

    const result = await (
      await asOffice()
    ).admin.students.update({ ...(await editOf(studentId)), leavingDate: '2026-11-16' });
    expect(result.leftRoll).toBe(true);
    expect((await parentCaller.students.mine()).map((s) => s.id)).toEqual([sibling]);
  });

  it('is refused to teachers, governors and parents', async () => {
    const { studentId } = await newStudent(db);
    const parent = await newParent(db);
    await link(db, parent.contactId, studentId);
    const edit = { ...(await editOf(studentId)), forename: 'Hacked' };
    for (const user of [teacher, governor, parent]) {
      const refusal = await refusalOf((await callerFor(db, user)).admin.students.update(edit));
      expect(refusal.code).toBe('FORBIDDEN');
    }
    expect((await studentRow(studentId)).forename).toBe('Sam');
  });
});

describe('editing a contact', () => {
  async function contactRow(contactId: string) {
    return db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contactId)
      .executeTakeFirstOrThrow();
  }

  async function accountEmail(userId: string) {
    const row = await db
      .selectFrom('users')
      .select('email')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow();
    return row.email;
  }

  async function editOfContact(contactId: string) {
    const { contact } = await (await asOffice()).admin.contacts.get({ contactId });
    return {
      contactId,
      title: contact.title,
      forename: contact.forename,
      surname: contact.surname,
      email: contact.email,
      phoneMobile: contact.phoneMobile,
      phoneHome: contact.phoneHome,
      phoneWork: contact.phoneWork,
      addressLine1: contact.addressLine1,
      addressLine2: contact.addressLine2,
      town: contact.town,
      postcode: contact.postcode,
    };
  }

  it('changes the account’s email with the contact’s, in one go, audited old → new', async () => {
    const parent = await newParent(db);
    const { studentId } = await newStudent(db);
    await link(db, parent.contactId, studentId);
    const before = await contactRow(parent.contactId);
    const result = await (
      await asOffice()
    ).admin.contacts.update({
      ...(await editOfContact(parent.contactId)),
      email: 'new.address@example.org',
      phoneMobile: '07700 900123',
      postcode: 'sw1a1aa',
    });
    expect(result.accountEmail).toBe('new.address@example.org');
    expect(await accountEmail(parent.userId)).toBe('new.address@example.org');

    const row = await contactRow(parent.contactId);
    expect(row.email).toBe('new.address@example.org');
    expect(row.postcode).toBe('SW1A 1AA');
    expect(row.updated_by_user_id).toBe(office.userId);

    const entries = await auditOf('contact.updated', { actor: office.userId });
    const entry = entries.find(
      (e) => (e.details as { contact_id: string }).contact_id === parent.contactId,
    );
    expect(entry?.target_user_id).toBe(parent.userId);
    expect(entry?.details).toEqual({
      contact_id: parent.contactId,
      student_ids: [studentId],
      changes: {
        email: { from: before.email, to: 'new.address@example.org' },
        phoneMobile: { from: null, to: '07700 900123' },
        postcode: { from: null, to: 'SW1A 1AA' },
      },
      account_email_changed: true,
    });

    const view = await (await asOffice()).admin.contacts.get({ contactId: parent.contactId });
    expect(view.contact.updatedBy).toMatch(/^Pat Staff/);
  });

  it('refuses an email another account uses, changing nothing', async () => {
    const parent = await newParent(db);
    const other = await newParent(db);
    const before = await contactRow(parent.contactId);
    const refusal = await refusalOf(
      (await asOffice()).admin.contacts.update({
        ...(await editOfContact(parent.contactId)),
        forename: 'Changed',
        email: other.email.toUpperCase(),
      }),
    );
    expect(refusal.code).toBe('CONFLICT');
    expect(refusal.fieldErrors?.email?.[0]).toBe(
      `Another portal account already uses ${other.email.toUpperCase()}. Each person needs an email address of their own.`,
    );
    expect(await contactRow(parent.contactId)).toEqual(before);
    expect(await accountEmail(parent.userId)).toBe(parent.email);
    const audited = (await auditOf('contact.updated')).filter(
      (e) => (e.details as { contact_id: string }).contact_id === parent.contactId,
    );
    expect(audited).toEqual([]);
  });

  it('refuses to clear the email of someone with an account, and bad phone numbers', async () => {
    const parent = await newParent(db);
    const refusal = await refusalOf(
      (await asOffice()).admin.contacts.update({
        ...(await editOfContact(parent.contactId)),
        email: '',
      }),
    );
    expect(refusal.fieldErrors?.email?.[0]).toMatch(/has a portal account, so they need an email/);
    const phone = await refusalOf(
      (await asOffice()).admin.contacts.update({
        ...(await editOfContact(parent.contactId)),
        phoneHome: 'call me',
        postcode: 'nowhere',
      }),
    );
    expect(phone.fieldErrors?.phoneHome).toEqual([
      'Enter a phone number like 07700 900123, or +44 7700 900123.',
    ]);
    expect(phone.fieldErrors?.postcode).toEqual(['Enter a real UK postcode, like SW1A 1AA.']);
    expect((await contactRow(parent.contactId)).email).not.toBeNull();
    expect(await accountEmail(parent.userId)).toBe(parent.email);
  });

  it('lets a contact without an account have their email changed or cleared', async () => {
    const { studentId } = await newStudent(db);
    const contactId = await contactWithoutAccount(studentId, 'old@example.org');
    const result = await (
      await asOffice()
    ).admin.contacts.update({ ...(await editOfContact(contactId)), email: null });
    expect(result.accountEmail).toBeNull();
    expect((await contactRow(contactId)).email).toBeNull();
  });

  it('is refused to teachers, governors and parents', async () => {
    const parent = await newParent(db);
    for (const user of [teacher, governor, parent]) {
      const caller = await callerFor(db, user);
      expect(
        (await refusalOf(caller.admin.contacts.get({ contactId: parent.contactId }))).code,
      ).toBe('FORBIDDEN');
      const refusal = await refusalOf(
        caller.admin.contacts.update({
          contactId: parent.contactId,
          forename: 'Hacked',
          surname: 'Hacked',
        }),
      );
      expect(refusal.code).toBe('FORBIDDEN');
    }
    expect((await contactRow(parent.contactId)).forename).toBe('Alex');
  });
});
