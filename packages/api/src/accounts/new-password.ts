import {
  hashPassword,
  isReusedPassword,
  passwordProblems,
  REUSED_PASSWORD_MESSAGE,
} from '@schoolgate/auth';
import type { Database, Settings } from '@schoolgate/db';
import { AppError } from '../core';

/** The account's current hash and the names its password may not contain. */
export async function loadPasswordOwner(db: Database, userId: string) {
  const row = await db
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.password_hash',
      'u.password_set_at',
      'u.username',
      eb.fn.coalesce('c.forename', 's.forename', 'st.forename').as('forename'),
      eb.fn.coalesce('c.surname', 's.surname', 'st.surname').as('surname'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    ...row,
    forename: row.forename ?? '',
    surname: row.surname ?? '',
    displayName: `${row.forename ?? ''} ${row.surname ?? ''}`.trim(),
  };
}

export type PasswordOwnerRow = Awaited<ReturnType<typeof loadPasswordOwner>>;

/** The hashes a new password must not match: the current one, then history, `limit` in all. */
async function earlierHashes(db: Database, owner: PasswordOwnerRow, limit: number | null) {
  let query = db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', owner.id)
    .orderBy('replaced_at', 'desc')
    .orderBy('id', 'desc');
  if (limit !== null) query = query.limit(Math.max(0, limit - 1));
  const history = (await query.execute()).map((row) => row.password_hash);
  return owner.password_hash ? [owner.password_hash, ...history] : history;
}

/**
 * Refuses a new password that breaks a P11 rule or repeats an earlier one, with each problem
 * beside the `field` it belongs to; otherwise returns its Argon2id hash.
 */
export async function hashAcceptablePassword(
  db: Database,
  settings: Settings,
  owner: PasswordOwnerRow,
  password: string,
  field = 'newPassword',
): Promise<string> {
  const problems = passwordProblems(password, owner, {
    minLength: settings.password_min_length,
    rejectCommon: settings.common_password_check,
    compositionRules: settings.password_composition_rules,
  });
  if (problems.length > 0) {
    throw new AppError('bad_input', 'Your new password does not meet the rules below.', {
      fieldErrors: { [field]: problems.map((p) => p.message) },
    });
  }
  if (
    await isReusedPassword(
      password,
      await earlierHashes(db, owner, settings.password_history_limit),
    )
  ) {
    throw new AppError('bad_input', REUSED_PASSWORD_MESSAGE, {
      fieldErrors: { [field]: [REUSED_PASSWORD_MESSAGE] },
    });
  }
  return hashPassword(password);
}

/** Replaces the password, keeping the old hash in the history. Pass the transaction. */
export async function storeNewPassword(
  trx: Database,
  owner: PasswordOwnerRow,
  newHash: string,
  now: Date,
): Promise<void> {
  if (owner.password_hash) {
    await trx
      .insertInto('password_history')
      .values({
        user_id: owner.id,
        password_hash: owner.password_hash,
        set_at: owner.password_set_at ?? now,
        replaced_at: now,
      })
      .execute();
  }
  await trx
    .updateTable('users')
    .set({ password_hash: newHash, password_set_at: now, updated_at: now })
    .where('id', '=', owner.id)
    .execute();
}

/** "3 December 2026 at 14:05" in the school's time zone, for emails. */
export function formatForEmail(at: Date, settings: Settings): string {
  return new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: settings.time_zone,
  }).format(at);
}
