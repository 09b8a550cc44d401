import { initTRPC, TRPCError } from '@trpc/server';
import { recordAudit } from '@schoolgate/db';
import type { Context } from './context';
import {
  AppError,
  requiredActionOf,
  fieldErrorsOf,
  fromDatabaseError,
  GENERIC_FAILURE,
  publicMessage,
  suspendedMessage,
} from './errors';
import { recordRefusal } from './refusal-audit';
import { refusalActionOf, refusedIdsOf } from './refusals';
import { holdsAny, type Role, type StaffRole } from './roles';
import { hasUnstorableText, UNSTORABLE_TEXT } from './storable-text';

const t = initTRPC.context<Context>().create({
  // The one place errors are turned into what callers see: a plain-English message, the field
  // errors of bad input, and never a stack trace or a database's own words.
  errorFormatter({ shape, error }) {
    return {
      code: shape.code,
      message: publicMessage(error),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        fieldErrors: fieldErrorsOf(error) ?? null,
        requiredAction: requiredActionOf(error),
      },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Database errors we can explain become 4xx AppErrors; anything else stays a generic 500. */
const explainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && !(result.error instanceof AppError)) {
    const explained = fromDatabaseError(result.error.cause);
    if (explained) throw explained;
    if (result.error.code === 'INTERNAL_SERVER_ERROR') {
      throw new TRPCError({
        code: 'INTERNAL_SERVER_ERROR',
        message: GENERIC_FAILURE,
        cause: result.error,
      });
    }
  }
  return result;
});

/** Text the database cannot store is refused before any procedure does any work. */
const refuseUnstorableText = t.middleware(async ({ getRawInput, next }) => {
  if (hasUnstorableText(await getRawInput())) throw new AppError('bad_input', UNSTORABLE_TEXT);
  return next();
});

/**
 * A signed-in person's call refused as forbidden or not found is audited (issue 10 item 6, P16),
 * tallied per account, procedure and minute. Not audited: bad input (a mistake, not misuse),
 * anyone not signed in (they reach nothing but the public procedures, and sign-in, activation and
 * reset attempts are audited and throttled per address already), and a suspended person, whose
 * every call is refused by design. Failing to record never changes the answer.
 */
const auditRefusals = t.middleware(async ({ ctx, path, getRawInput, next }) => {
  const result = await next();
  if (result.ok || !ctx.user || !ctx.session || ctx.user.suspended) return result;
  const action = refusalActionOf(result.error);
  if (!action) return result;
  try {
    const ids = refusedIdsOf(await getRawInput());
    await recordRefusal({ ...ctx, user: ctx.user }, { action, procedure: path, ids });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    console.error(
      `Schoolgate: a refused call of ${path} could not be audited (${typeof code === 'string' ? code : 'error'}).`,
    );
  }
  return result;
});

/**
 * Every call made with an API token is audited with the token's name, as its owner's, whether it
 * was answered or refused (issue 15). Failing to record never changes the answer.
 */
const auditTokenCalls = t.middleware(async ({ ctx, path, next }) => {
  const result = await next();
  const token = ctx.apiToken;
  if (!token) return result;
  try {
    await recordAudit(ctx.db, {
      at: ctx.now(),
      action: 'api_token.call',
      actorUserId: token.ownerUserId,
      ip: ctx.meta.ip,
      userAgent: ctx.meta.userAgent,
      details: {
        token_id: token.id,
        token_name: token.name,
        procedure: path,
        outcome: result.ok ? 'answered' : result.error.code,
      },
    });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    console.error(
      `Schoolgate: a call of ${path} with an API token could not be audited (${typeof code === 'string' ? code : 'error'}).`,
    );
  }
  return result;
});

export const API_TOKEN_NOT_FOR_PEOPLE =
  'API tokens can call only the tools procedures. Sign in as a person for everything else.';

/**
 * Deny by default: a call with an API token reaches only the `tools` procedures, never a public
 * one (signing in, resetting a password, requesting access are a person's) nor a signed-in one.
 */
const refuseTokensOutsideTools = t.middleware(({ ctx, path, next }) => {
  if (ctx.apiToken && !path.startsWith('tools.')) {
    throw new AppError('forbidden', API_TOKEN_NOT_FOR_PEOPLE);
  }
  return next();
});

/** Anyone, signed in or not: sign-in itself and public pages. */
export const publicProcedure = t.procedure
  .use(auditTokenCalls)
  .use(auditRefusals)
  .use(explainErrors)
  .use(refuseTokensOutsideTools)
  .use(refuseUnstorableText);

/**
 * Internal tools with an API token holding `scope` (issue 15), and nothing else: no signed-in
 * person, whatever their roles, reaches these, and a token reaches nothing but these.
 */
export function tokenProcedure(scope: string | null) {
  return publicProcedure.use(({ ctx, next }) => {
    const token = ctx.apiToken;
    if (!token) {
      throw new AppError('forbidden', 'This needs an API token. Ask an administrator for one.');
    }
    if (scope !== null && !token.scopes.includes(scope)) {
      throw new AppError('forbidden', `This API token does not have the “${scope}” scope.`);
    }
    return next({ ctx: { ...ctx, apiToken: token } });
  });
}

/**
 * Any signed-in user, even one who must first do something else (change an expired password).
 * Only what that person needs to get going again uses this tier: who am I, sign out, change password,
 * accept the policy.
 */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user || !ctx.session) {
    throw new AppError('not_signed_in', 'Please sign in to continue.');
  }
  // Revoked or under a safeguarding hold (P13, P14): nothing at all, not even "who am I".
  if (ctx.user.suspended) {
    throw new AppError('forbidden', suspendedMessage(ctx.user.enquiriesEmail));
  }
  return next({ ctx: { ...ctx, user: ctx.user, session: ctx.session } });
});

export const PASSWORD_EXPIRED_MESSAGE =
  'Your password has expired. Please choose a new one to carry on.';

export const POLICY_NOT_ACCEPTED_MESSAGE =
  'Please read and accept the Acceptable Usage Policy to carry on.';

export const TWO_FACTOR_REQUIRED_MESSAGE =
  'Enter the code from your authenticator app to carry on.';

export const TWO_FACTOR_ENROLMENT_MESSAGE =
  'Staff accounts need a second step at sign-in. Please set up your authenticator app to carry on.';

/**
 * Signed in and past the second factor (P17). Changing a password or accepting the policy needs
 * this much: a stolen password alone must not be enough to take an account over.
 */
export const verifiedProcedure = signedInProcedure.use(({ ctx, next }) => {
  if (ctx.user.twoFactor === 'verify') {
    throw new AppError('two_factor_required', TWO_FACTOR_REQUIRED_MESSAGE);
  }
  if (ctx.user.twoFactor === 'enrol') {
    throw new AppError('two_factor_enrolment_required', TWO_FACTOR_ENROLMENT_MESSAGE);
  }
  return next();
});

/** Any signed-in user with nothing outstanding: every other procedure builds on this. */
export const authedProcedure = verifiedProcedure.use(({ ctx, next }) => {
  if (ctx.user.mustChangePassword) throw new AppError('password_expired', PASSWORD_EXPIRED_MESSAGE);
  // After the password: someone with both to do changes the password first (P11, then P2).
  if (ctx.user.mustAcceptPolicy) {
    throw new AppError('policy_not_accepted', POLICY_NOT_ACCEPTED_MESSAGE);
  }
  return next();
});

/** Signed-in users holding at least one of `roles`; everyone else is refused. */
export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!holdsAny(ctx.user.roles, roles)) {
      throw new AppError('forbidden', 'You do not have access to this.');
    }
    return next();
  });
}

/** The only roles that may ever see a student's records; governors never do (P9). */
export const STUDENT_DATA_ROLES: readonly Role[] = [
  'parent',
  'student',
  'teacher',
  'office',
  'admin',
];

/**
 * Reads of one student's records. Anyone else signed in (a governor, a DSL) is told "not found",
 * exactly as a parent asking for another family's child is, so no answer reveals that a student
 * exists. The access policy then decides which students each of these roles may see.
 */
export const studentDataProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!holdsAny(ctx.user.roles, STUDENT_DATA_ROLES)) {
    throw new AppError('not_found', 'We could not find that student.');
  }
  return next();
});

/** Parents and students: the portal side. */
export const portalProcedure = roleProcedure('parent', 'student');

/** Staff holding one of `roles`; admins may do everything staff can. */
export function staffProcedure(...roles: StaffRole[]) {
  return roleProcedure(...roles, 'admin');
}

/** Scheduled jobs and internal maintenance: only in-process callers that say so, never over HTTP. */
export const systemProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.system) throw new AppError('forbidden', 'You do not have access to this.');
  return next();
});
