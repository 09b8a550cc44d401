import type { Database } from '@schoolgate/db';
import { hashPassword } from '@schoolgate/auth';

/**
 * A member of staff only the end-to-end tests use, beside the demo school's: a test that changes
 * its own password must not break another test's sign-in with a demo account.
 */
export const E2E_STAFF = {
  username: 'e2e.teacher',
  email: 'e2e.teacher@northfield.example.org',
  password: 'Amber-Lattice-46',
  forename: 'Robin',
  surname: 'Ashdown',
} as const;

/**
 * A Year 12 student (the demo school has Years 7 to 11) whose parents are confirmed but have no
 * accounts: the bulk invitation test invites them without touching any demo family.
 */
export const E2E_INVITEES = {
  student: { forename: 'Ivy', surname: 'Invitewell' },
  withEmail: [
    { forename: 'Iona', surname: 'Invitewell', email: 'iona.invitewell@example.org' },
    { forename: 'Ian', surname: 'Invitewell', email: 'ian.invitewell@example.org' },
  ],
  withoutEmail: { forename: 'Isla', surname: 'Invitewell' },
} as const;

async function addInvitees(db: Database): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const student = await trx
      .insertInto('students')
      .values({
        ...E2E_INVITEES.student,
        date_of_birth: '2009-10-02',
        year_group: 12,
        form: '12S',
        admission_date: '2021-09-01',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const office = await trx
      .selectFrom('staff as s')
      .innerJoin('staff_roles as r', 'r.staff_id', 's.id')
      .select('s.id')
      .where('r.role', '=', 'office')
      .executeTakeFirstOrThrow();
    for (const contact of [
      ...E2E_INVITEES.withEmail,
      { ...E2E_INVITEES.withoutEmail, email: null },
    ]) {
      const row = await trx
        .insertInto('contacts')
        .values(contact)
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('student_contacts')
        .values({
          contact_id: row.id,
          student_id: student.id,
          relationship: 'Parent',
          parental_responsibility: true,
          status: 'verified',
          verified_by_staff_id: office.id,
          verified_at: new Date(),
          verification_evidence: 'birth_certificate',
          verification_note: 'Seen at reception',
        })
        .execute();
    }
  });
}

export async function addE2eAccounts(db: Database): Promise<void> {
  await addInvitees(db);
  const hash = await hashPassword(E2E_STAFF.password);
  await db.transaction().execute(async (trx) => {
    const staff = await trx
      .insertInto('staff')
      .values({
        title: 'Mx',
        forename: E2E_STAFF.forename,
        surname: E2E_STAFF.surname,
        email: E2E_STAFF.email,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('staff_roles').values({ staff_id: staff.id, role: 'teacher' }).execute();
    await trx
      .insertInto('users')
      .values({
        username: E2E_STAFF.username,
        email: E2E_STAFF.email,
        password_hash: hash,
        status: 'active',
        password_set_at: new Date(),
        staff_id: staff.id,
      })
      .execute();
  });
}
