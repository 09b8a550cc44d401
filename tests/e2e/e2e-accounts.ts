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

export async function addE2eAccounts(db: Database): Promise<void> {
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
