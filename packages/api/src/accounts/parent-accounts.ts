import { issueAccountToken } from '@schoolgate/auth';
import { loadSettings, recordAudit, type Database } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import { AppError, actorOf, portalUrlOf, submitOnce, type SignedInContext } from '../core';
import {
  activeRestrictionForContact,
  CURTAILED_BY_SCHOOL_SYSTEM,
  isCurtailedBySchoolSystem,
} from '../access';
import { ACTIVATION_HOURS, activationEmail } from './emails';
import { schoolIdentity } from '../email';
import { uniqueUsername } from './usernames';

async function loadContact(db: Database, contactId: string) {
  const contact = await db
    .selectFrom('contacts as c')
    .leftJoin('users as u', 'u.contact_id', 'c.id')
    .select([
      'c.id',
      'c.forename',
      'c.surname',
      'c.email',
      'u.id as user_id',
      'u.username',
      'u.status',
    ])
    .where('c.id', '=', contactId)
    .executeTakeFirst();
  if (!contact) throw new AppError('not_found', 'We could not find that contact.');
  return contact;
}

/** Activation link: a new token voids the last one; the email goes to the registered address. */
async function sendActivation(
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
  const link = `${portalUrlOf(ctx)}/activate?token=${token}`;
  const settings = await loadSettings(trx);
  await enqueueEmail(
    trx,
    {
      ...activationEmail(schoolIdentity(settings), user.name, user.username, link),
      to: user.email,
      kind: 'activation',
      containsSecret: true,
    },
    now,
  );
}

/** Which form an account action comes from, and its key: the same form sent again acts once. */
interface AccountForm {
  submissionKey?: string | undefined;
}

/**
 * P4/P5: once staff have verified parental responsibility for at least one child, make the
 * contact's one account and email an activation link to their registered address. The checks
 * come after the form's claim, so the same form sent again gets the first answer rather than
 * "already has an account".
 */
export async function createParentAccount(
  ctx: SignedInContext,
  input: AccountForm & { contactId: string },
) {
  const submission = { purpose: 'account.create', userId: ctx.user.id, input };
  return ctx.db
    .transaction()
    .execute((trx) =>
      submitOnce(trx, ctx.now(), submission, () => makeParentAccount(ctx, trx, input.contactId)),
    );
}

/**
 * The account itself, inside the caller's transaction: every check first (each a read, so a
 * refusal leaves the transaction usable for the next contact of a bulk invitation), then the
 * account, its activation email and the audit entry.
 */
export async function makeParentAccount(
  ctx: SignedInContext,
  trx: Database,
  contactId: string,
  details: Record<string, unknown> = {},
) {
  const contact = await loadContact(trx, contactId);
  if (contact.user_id) {
    throw new AppError(
      'conflict',
      `This person already has an account (username ${contact.username}).`,
    );
  }
  if (!contact.email) {
    throw new AppError(
      'bad_input',
      'This contact has no registered email address. Add one to their record before making an account.',
    );
  }
  const registeredEmail = contact.email;
  const verified = await trx
    .selectFrom('student_contacts')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('status', '=', 'verified')
    .where('parental_responsibility', '=', true)
    .executeTakeFirst();
  if (!verified) {
    throw new AppError(
      'bad_input',
      'Confirm parental responsibility for at least one child before making an account.',
    );
  }
  const revoked = await activeRestrictionForContact(trx, contactId);
  if (revoked) {
    throw new AppError(
      'bad_input',
      "This person's access has been revoked. Reinstate them before making an account.",
    );
  }
  if (await isCurtailedBySchoolSystem(trx, contactId)) {
    throw new AppError('bad_input', CURTAILED_BY_SCHOOL_SYSTEM);
  }
  const emailTaken = await trx
    .selectFrom('users')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['email']), '=', registeredEmail.toLowerCase()))
    .executeTakeFirst();
  if (emailTaken) {
    throw new AppError(
      'conflict',
      'Another account already uses this email address. Each person needs an email address of their own.',
    );
  }

  const now = ctx.now();
  const username = await uniqueUsername(trx, contact.forename, contact.surname);
  const user = await trx
    .insertInto('users')
    .values({
      username,
      email: registeredEmail,
      status: 'pending',
      contact_id: contactId,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sendActivation(ctx, trx, {
    id: user.id,
    username,
    email: registeredEmail,
    name: `${contact.forename} ${contact.surname}`,
  });
  await recordAudit(trx, {
    ...actorOf(ctx),
    action: 'account.created',
    targetUserId: user.id,
    details: { contact_id: contactId, ...details },
  });
  return { userId: user.id, username, sentTo: registeredEmail };
}

/** Sends a fresh activation link; the previous one stops working. The same form sent again sends one. */
export async function resendActivation(
  ctx: SignedInContext,
  input: AccountForm & { userId: string },
) {
  const now = ctx.now();
  const submission = { purpose: 'account.resend_activation', userId: ctx.user.id, input };
  return ctx.db.transaction().execute((trx) =>
    submitOnce(trx, now, submission, async () => {
      const user = await trx
        .selectFrom('users as u')
        .innerJoin('contacts as c', 'c.id', 'u.contact_id')
        .select(['u.id', 'u.username', 'u.status', 'c.email', 'c.forename', 'c.surname'])
        .where('u.id', '=', input.userId)
        .executeTakeFirst();
      if (!user) throw new AppError('not_found', 'We could not find that account.');
      if (user.status !== 'pending') {
        throw new AppError(
          'conflict',
          'This account is already active, so it needs no activation link.',
        );
      }
      if (!user.email) {
        throw new AppError('bad_input', 'This contact has no registered email address.');
      }
      const email = user.email;
      // The registered address may have changed since the account was made: use today's.
      await trx
        .updateTable('users')
        .set({ email, updated_at: now })
        .where('id', '=', user.id)
        .execute();
      await sendActivation(ctx, trx, {
        id: user.id,
        username: user.username,
        email,
        name: `${user.forename} ${user.surname}`,
      });
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'account.activation_resent',
        targetUserId: user.id,
      });
      return { sentTo: email };
    }),
  );
}
