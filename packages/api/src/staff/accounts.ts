import { sql } from 'kysely';
import { invalidateUserSessions, issueAccountToken } from '@schoolgate/auth';
import { loadSettings, recordAudit, type Database } from '@schoolgate/db';
import { composeEmail, enqueueEmail, type SchoolIdentity } from '@schoolgate/email';
import {
  AppError,
  STAFF_ROLES,
  type StaffRole,
  actorOf,
  portalUrlOf,
  submitOnce,
  type SignedInContext,
} from '../core';
import { ACTIVATION_HOURS, uniqueUsername } from '../accounts';
import { schoolIdentity } from '../email';

export type AccountStatus = 'none' | 'pending' | 'active' | 'disabled';

/** Roles in a fixed order, so lists and audit entries read the same way each time. */
const sortRoles = (roles: readonly string[]): StaffRole[] =>
  STAFF_ROLES.filter((role) => roles.includes(role));

/** P4 for staff: the link to set a password goes to their school address; no password is sent. */
export function staffActivationEmail(
  school: SchoolIdentity,
  name: string,
  username: string,
  link: string,
) {
  return composeEmail({
    school,
    subject: `Your ${school.name} staff portal account`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `An administrator has made a staff account for you on the ${school.name} portal. Your username is ${username}.`,
      `To start using it, open the link below and choose a password. The link works once and for ${ACTIVATION_HOURS} hours.`,
      'When you first sign in you will set up an authenticator app on your phone: staff accounts need a code from it as well as the password.',
      'The account is for you alone: please do not share your username or password with anyone.',
    ],
    action: { label: 'Set your password', url: link },
  });
}

/** Issues a new activation link (voiding the last) and queues it in the caller's transaction. */
async function sendStaffActivation(
  ctx: SignedInContext,
  trx: Database,
  user: { id: string; username: string; email: string; name: string },
) {
  const now = ctx.now();
  const token = await issueAccountToken(trx, {
    userId: user.id,
    purpose: 'activation',
    now,
    lifetimeSeconds: ACTIVATION_HOURS * 3600,
    createdByUserId: ctx.user.id,
  });
  const settings = await loadSettings(trx);
  await enqueueEmail(
    trx,
    {
      ...staffActivationEmail(
        schoolIdentity(settings),
        user.name,
        user.username,
        `${portalUrlOf(ctx)}/activate?token=${token}`,
      ),
      to: user.email,
      kind: 'activation',
      containsSecret: true,
    },
    now,
  );
}

const fullName = (s: { title: string | null; forename: string; surname: string }) =>
  [s.title, s.forename, s.surname].filter(Boolean).join(' ');

function staffQuery(db: Database) {
  return db
    .selectFrom('staff as st')
    .leftJoin('users as u', 'u.staff_id', 'st.id')
    .select((eb) => [
      'st.id as staffId',
      'st.title',
      'st.forename',
      'st.surname',
      'st.email',
      'st.updated_at as updatedAt',
      'u.id as userId',
      'u.username',
      'u.status',
      'u.last_signed_in_at as lastSignedInAt',
      'u.created_at as accountCreatedAt',
      eb
        .selectFrom('staff_roles as r')
        .select(sql<string[]>`coalesce(array_agg(r.role), '{}')`.as('roles'))
        .whereRef('r.staff_id', '=', 'st.id')
        .as('roles'),
      eb
        .exists(
          eb
            .selectFrom('user_totp as t')
            .select('t.user_id')
            .whereRef('t.user_id', '=', 'u.id')
            .where('t.enrolled_at', 'is not', null),
        )
        .as('twoFactorEnrolled'),
    ]);
}

type StaffRow = Awaited<ReturnType<ReturnType<typeof staffQuery>['executeTakeFirstOrThrow']>>;

function summary(row: StaffRow) {
  return {
    staffId: row.staffId,
    name: fullName(row),
    forename: row.forename,
    surname: row.surname,
    title: row.title,
    email: row.email,
    roles: sortRoles(row.roles ?? []),
    userId: row.userId,
    username: row.username,
    status: (row.userId ? row.status : 'none') as AccountStatus,
    twoFactorEnrolled: row.twoFactorEnrolled === true,
    lastSignedInAt: row.lastSignedInAt,
    updatedAt: row.updatedAt,
  };
}

/** Every member of staff and governor, with their roles and account; surname order. */
export async function listStaff(ctx: SignedInContext, search: string | undefined) {
  let query = staffQuery(ctx.db).orderBy('st.surname').orderBy('st.forename').orderBy('st.id');
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([
        eb(sql<string>`st.forename || ' ' || st.surname`, 'ilike', pattern),
        eb('st.email', 'ilike', pattern),
        eb('u.username', 'ilike', pattern),
      ]),
    );
  }
  return (await query.execute()).map(summary);
}

async function findStaff(db: Database, staffId: string) {
  const row = await staffQuery(db).where('st.id', '=', staffId).executeTakeFirst();
  if (!row) throw new AppError('not_found', 'We could not find that member of staff.');
  return row;
}

/** One member of staff: their record, roles and account, and whether it is the viewer's own. */
export async function getStaff(ctx: SignedInContext, staffId: string) {
  const row = await findStaff(ctx.db, staffId);
  const sessions = row.userId
    ? await ctx.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', row.userId)
        .where('ended_at', 'is', null)
        .where('expires_at', '>', ctx.now())
        .executeTakeFirstOrThrow()
    : { n: '0' };
  return {
    ...summary(row),
    accountCreatedAt: row.accountCreatedAt,
    liveSessions: Number(sessions.n),
    isSelf: row.userId !== null && row.userId === ctx.user.id,
  };
}

/** Serialises changes to roles and account status, so two "last admin" checks cannot both pass. */
async function lockStaffChanges(trx: Database) {
  await trx
    .selectFrom('school_settings')
    .select('id')
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Administrators other than `staffId` who can sign in (or are about to) and so can act. */
async function otherAdmins(trx: Database, staffId: string): Promise<number> {
  const row = await trx
    .selectFrom('staff_roles as r')
    .innerJoin('users as u', 'u.staff_id', 'r.staff_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.role', '=', 'admin')
    .where('r.staff_id', '!=', staffId)
    .where('u.status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const LAST_ADMIN_MESSAGE =
  'This is the only active administrator. Make someone else an administrator first, so the school can still manage the portal.';

export interface NewStaffInput {
  title?: string | undefined;
  forename: string;
  surname: string;
  email: string;
  roles: StaffRole[];
  /** The rendered form's key: the same form sent again makes one account and one email. */
  submissionKey?: string | undefined;
}

async function refuseTakenEmail(db: Database, email: string, exceptStaffId?: string) {
  const lower = email.toLowerCase();
  let staffQuery = db
    .selectFrom('staff')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', lower));
  if (exceptStaffId) staffQuery = staffQuery.where('id', '!=', exceptStaffId);
  const [staff, user] = await Promise.all([
    staffQuery.executeTakeFirst(),
    db
      .selectFrom('users')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['email']), '=', lower))
      .executeTakeFirst(),
  ]);
  if (staff || user) {
    const message = staff
      ? 'A member of staff already has this email address.'
      : 'Another account already uses this email address. Each person needs an email address of their own.';
    throw new AppError('conflict', message, { fieldErrors: { email: [message] } });
  }
}

/** Which form a staff action comes from, and its key, for `submitOnce`. */
interface StaffForm {
  staffId: string;
  submissionKey?: string | undefined;
}

/**
 * A new member of staff with their roles and an account, whose activation link goes to their
 * school email. They set a password there and enrol a second factor at their first sign-in (P17).
 * The same form sent again answers as the first did (the checks come after the claim, so a repeat
 * is not refused as "already has this email address").
 */
export async function createStaff(ctx: SignedInContext, input: NewStaffInput) {
  const now = ctx.now();
  const roles = sortRoles(input.roles);
  const submission = { purpose: 'staff.create', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      await refuseTakenEmail(trx, input.email);
      const username = await uniqueUsername(trx, input.forename, input.surname);
      const staff = await trx
        .insertInto('staff')
        .values({
          title: input.title || null,
          forename: input.forename,
          surname: input.surname,
          email: input.email,
          created_at: now,
          updated_at: now,
          updated_by_user_id: ctx.user.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('staff_roles')
        .values(roles.map((role) => ({ staff_id: staff.id, role })))
        .execute();
      const user = await trx
        .insertInto('users')
        .values({
          username,
          email: input.email,
          status: 'pending',
          staff_id: staff.id,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sendStaffActivation(ctx, trx, {
        id: user.id,
        username,
        email: input.email,
        name: `${input.forename} ${input.surname}`,
      });
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'staff.created',
        targetUserId: user.id,
        details: { staff_id: staff.id, roles, email: input.email },
      });
      return { staffId: staff.id, userId: user.id, username, sentTo: input.email };
    }),
  );
}

/** An account for a member of staff who has a record (an import made it) but no account yet. */
export async function createStaffAccount(ctx: SignedInContext, input: StaffForm) {
  const { staffId } = input;
  const now = ctx.now();
  const submission = { purpose: 'staff.create_account', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const row = await findStaff(trx, staffId);
      if (row.userId) {
        throw new AppError(
          'conflict',
          `This person already has an account (username ${row.username}).`,
        );
      }
      if ((row.roles ?? []).length === 0) {
        throw new AppError(
          'bad_input',
          'Give this person at least one role before making an account.',
        );
      }
      const taken = await trx
        .selectFrom('users')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['email']), '=', row.email.toLowerCase()))
        .executeTakeFirst();
      if (taken) {
        throw new AppError(
          'conflict',
          'Another account already uses this email address. Each person needs an email address of their own.',
        );
      }
      const username = await uniqueUsername(trx, row.forename, row.surname);
      const user = await trx
        .insertInto('users')
        .values({
          username,
          email: row.email,
          status: 'pending',
          staff_id: staffId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sendStaffActivation(ctx, trx, {
        id: user.id,
        username,
        email: row.email,
        name: `${row.forename} ${row.surname}`,
      });
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'staff.account_created',
        targetUserId: user.id,
        details: { staff_id: staffId },
      });
      return { userId: user.id, username, sentTo: row.email };
    }),
  );
}

/** A fresh activation link for an account whose owner has not yet set a password. */
export async function resendStaffActivation(ctx: SignedInContext, input: StaffForm) {
  const { staffId } = input;
  const submission = { purpose: 'staff.resend_activation', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, ctx.now(), submission, async () => {
      const row = await findStaff(trx, staffId);
      if (!row.userId || !row.username) {
        throw new AppError('bad_input', 'This person has no account yet.');
      }
      if (row.status !== 'pending') {
        throw new AppError(
          'conflict',
          'This account is not waiting for activation, so it needs no link.',
        );
      }
      const user = { id: row.userId, username: row.username, email: row.email };
      // The staff record's address may have changed since the account was made: use today's.
      await trx
        .updateTable('users')
        .set({ email: user.email, updated_at: ctx.now() })
        .where('id', '=', user.id)
        .execute();
      await sendStaffActivation(ctx, trx, { ...user, name: `${row.forename} ${row.surname}` });
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'account.activation_resent',
        targetUserId: user.id,
        details: { staff_id: staffId },
      });
      return { sentTo: user.email };
    }),
  );
}

/**
 * Sets a member of staff's roles (at least one). Nobody removes their own administrator role,
 * and the last active administrator keeps theirs. Roles are read at every request, so the change
 * applies to their next click.
 */
export async function updateStaffRoles(
  ctx: SignedInContext,
  staffId: string,
  requested: StaffRole[],
) {
  const roles = sortRoles(requested);
  return ctx.db.transaction().execute(async (trx) => {
    await lockStaffChanges(trx);
    const row = await findStaff(trx, staffId);
    const before = sortRoles(row.roles ?? []);
    const losesAdmin = before.includes('admin') && !roles.includes('admin');
    if (losesAdmin && row.status === 'active' && (await otherAdmins(trx, staffId)) === 0) {
      throw new AppError('bad_input', LAST_ADMIN_MESSAGE, {
        fieldErrors: { roles: [LAST_ADMIN_MESSAGE] },
      });
    }
    if (losesAdmin && row.userId === ctx.user.id) {
      throw new AppError(
        'bad_input',
        'You cannot remove your own administrator role. Ask another administrator to do it.',
        { fieldErrors: { roles: ['You cannot remove your own administrator role.'] } },
      );
    }
    if (before.join() === roles.join()) return { roles, changed: false };
    await trx.deleteFrom('staff_roles').where('staff_id', '=', staffId).execute();
    await trx
      .insertInto('staff_roles')
      .values(roles.map((role) => ({ staff_id: staffId, role })))
      .execute();
    await trx
      .updateTable('staff')
      .set({ updated_at: ctx.now(), updated_by_user_id: ctx.user.id })
      .where('id', '=', staffId)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'staff.roles_updated',
      targetUserId: row.userId,
      details: { staff_id: staffId, from: before, to: roles },
    });
    return { roles, changed: true };
  });
}

/**
 * A leaver: their account is disabled, every session ends at once (the next request with an old
 * cookie is refused) and any unused activation or reset link stops working.
 */
export async function deactivateStaff(ctx: SignedInContext, staffId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    await lockStaffChanges(trx);
    const row = await findStaff(trx, staffId);
    if (!row.userId) throw new AppError('bad_input', 'This person has no account to deactivate.');
    if (row.userId === ctx.user.id) {
      throw new AppError(
        'bad_input',
        'You cannot deactivate your own account. Ask another administrator to do it.',
      );
    }
    if (row.status === 'disabled') {
      throw new AppError('conflict', 'This account is already deactivated.');
    }
    if (row.roles?.includes('admin') && (await otherAdmins(trx, staffId)) === 0) {
      throw new AppError('bad_input', LAST_ADMIN_MESSAGE);
    }
    const now = ctx.now();
    await trx
      .updateTable('users')
      .set({ status: 'disabled', updated_at: now })
      .where('id', '=', row.userId)
      .execute();
    const sessions = await trx
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('user_id', '=', row.userId)
      .executeTakeFirstOrThrow();
    await invalidateUserSessions(trx, row.userId);
    await trx
      .deleteFrom('account_tokens')
      .where('user_id', '=', row.userId)
      .where('used_at', 'is', null)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'staff.deactivated',
      targetUserId: row.userId,
      details: { staff_id: staffId, sessions_ended: Number(sessions.n) },
    });
    return { sessionsEnded: Number(sessions.n) };
  });
}

/**
 * Someone who came back: an account that had a password is active again; one that never did
 * waits for activation, with a fresh link emailed (deactivating voided the old one).
 */
export async function reactivateStaff(ctx: SignedInContext, staffId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const row = await findStaff(trx, staffId);
    if (!row.userId || !row.username) {
      throw new AppError('bad_input', 'This person has no account to reactivate.');
    }
    if (row.status !== 'disabled') {
      throw new AppError('conflict', 'This account is not deactivated.');
    }
    const user = await trx
      .selectFrom('users')
      .select(['password_hash'])
      .where('id', '=', row.userId)
      .executeTakeFirstOrThrow();
    const status = user.password_hash ? 'active' : 'pending';
    await trx
      .updateTable('users')
      // A link goes to the staff record's address of today; an active account keeps its own.
      .set({ status, ...(status === 'pending' ? { email: row.email } : {}), updated_at: ctx.now() })
      .where('id', '=', row.userId)
      .execute();
    if (status === 'pending') {
      await sendStaffActivation(ctx, trx, {
        id: row.userId,
        username: row.username,
        email: row.email,
        name: `${row.forename} ${row.surname}`,
      });
    }
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'staff.reactivated',
      targetUserId: row.userId,
      details: { staff_id: staffId, status },
    });
    return { status, sentTo: status === 'pending' ? row.email : null };
  });
}
