import {
  clearFailures,
  hashPassword,
  isReusedPassword,
  isThrottled,
  passwordProblems,
  recordFailure,
  REUSED_PASSWORD_MESSAGE,
  throttleKey,
  verifyPassword,
} from '@schoolgate/auth';
import { loadSettings, recordAudit, type Database } from '@schoolgate/db';
import type { Context } from '../context';
import { enqueueEmail } from '@schoolgate/email';
import { AppError } from '../errors';
import { passwordChangedEmail } from './password-emails';
import { schoolIdentity } from './school-identity';
import type { SessionUser } from './users';

type SignedIn = Context & { user: SessionUser; session: NonNullable<Context['session']> };

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

/** The account's current hash and the names its password may not contain. */
async function loadOwner(db: Database, userId: string) {
  return db
    .selectFrom('users as u')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as s', 's.id', 'u.student_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .select((eb) => [
      'u.password_hash',
      'u.password_set_at',
      'u.username',
      eb.fn.coalesce('c.forename', 's.forename', 'st.forename').as('forename'),
      eb.fn.coalesce('c.surname', 's.surname', 'st.surname').as('surname'),
    ])
    .where('u.id', '=', userId)
    .executeTakeFirstOrThrow();
}

/** The hashes a new password must not match: the current one and up to `limit` in all. */
async function earlierHashes(
  db: Database,
  userId: string,
  current: string | null,
  limit: number | null,
): Promise<string[]> {
  let query = db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('replaced_at', 'desc')
    .orderBy('id', 'desc');
  if (limit !== null) query = query.limit(Math.max(0, limit - 1));
  const history = (await query.execute()).map((row) => row.password_hash);
  return current ? [current, ...history] : history;
}

/**
 * Changes the signed-in user's password under P11: the current password first, then every rule,
 * then no reuse. Every other session ends; this one carries on.
 */
export async function changePassword(ctx: SignedIn, input: ChangePasswordInput) {
  const { db, user } = ctx;
  const now = ctx.now();
  const settings = await loadSettings(db);
  const owner = await loadOwner(db, user.id);
  const accountKey = throttleKey.account(user.id);
  const audit = {
    at: now,
    actorUserId: user.id,
    targetUserId: user.id,
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
  };

  // A stolen session must not become a way to guess the current password.
  if (await isThrottled(db, [accountKey], now)) {
    throw new AppError(
      'too_many_attempts',
      'Too many wrong passwords. Please wait 15 minutes and try again.',
    );
  }
  if (!(await verifyPassword(owner.password_hash, input.currentPassword))) {
    await db.transaction().execute(async (trx) => {
      await recordFailure(trx, accountKey, now, {
        maxFailures: settings.signin_max_failures,
        windowSeconds: settings.signin_failure_window_minutes * 60,
        lockoutSeconds: settings.signin_lockout_minutes * 60,
      });
      await recordAudit(trx, {
        ...audit,
        action: 'account.password_change.failed',
        details: { reason: 'wrong_current_password' },
      });
    });
    throw new AppError('bad_input', 'Your current password is not right.', {
      fieldErrors: { currentPassword: ['Your current password is not right.'] },
    });
  }

  const problems = passwordProblems(
    input.newPassword,
    { forename: owner.forename ?? '', surname: owner.surname ?? '', username: owner.username },
    { minLength: settings.password_min_length, rejectCommon: settings.common_password_check },
  );
  if (problems.length > 0) {
    throw new AppError('bad_input', 'Your new password does not meet the rules below.', {
      fieldErrors: { newPassword: problems.map((p) => p.message) },
    });
  }
  const hashes = await earlierHashes(
    db,
    user.id,
    owner.password_hash,
    settings.password_history_limit,
  );
  if (await isReusedPassword(input.newPassword, hashes)) {
    throw new AppError('bad_input', REUSED_PASSWORD_MESSAGE, {
      fieldErrors: { newPassword: [REUSED_PASSWORD_MESSAGE] },
    });
  }

  const newHash = await hashPassword(input.newPassword);
  const ended = await db.transaction().execute(async (trx) => {
    if (owner.password_hash) {
      await trx
        .insertInto('password_history')
        .values({
          user_id: user.id,
          password_hash: owner.password_hash,
          set_at: owner.password_set_at ?? now,
          replaced_at: now,
        })
        .execute();
    }
    await trx
      .updateTable('users')
      .set({ password_hash: newHash, password_set_at: now, updated_at: now })
      .where('id', '=', user.id)
      .execute();
    const others = await trx
      .deleteFrom('sessions')
      .where('user_id', '=', user.id)
      .where('id', '!=', ctx.session.id)
      .executeTakeFirst();
    await clearFailures(trx, accountKey);
    const otherSessionsEnded = Number(others.numDeletedRows);
    const name = `${owner.forename ?? ''} ${owner.surname ?? ''}`.trim();
    const when = new Intl.DateTimeFormat('en-GB', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: settings.time_zone,
    }).format(now);
    await enqueueEmail(
      trx,
      {
        ...passwordChangedEmail(schoolIdentity(settings), name, when),
        to: user.email,
        kind: 'password_changed',
      },
      now,
    );
    await recordAudit(trx, {
      ...audit,
      action: 'account.password_changed',
      details: { other_sessions_ended: otherSessionsEnded },
    });
    return otherSessionsEnded;
  });
  return { otherSessionsEnded: ended };
}
