import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { isDatabaseUnavailable } from '@schoolgate/db';
import { z } from 'zod';
import { UNSTORABLE_TEXT } from './storable-text';

/** The kinds of failure the product names; each maps to exactly one HTTP-level code below. */
export type AppErrorKind =
  | 'bad_input'
  | 'not_signed_in'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_attempts'
  | 'password_expired'
  | 'policy_not_accepted'
  | 'two_factor_required'
  | 'two_factor_enrolment_required'
  | 'unavailable';

const trpcCode: Record<AppErrorKind, TRPC_ERROR_CODE_KEY> = {
  bad_input: 'BAD_REQUEST',
  not_signed_in: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  too_many_attempts: 'TOO_MANY_REQUESTS',
  password_expired: 'PRECONDITION_FAILED',
  policy_not_accepted: 'PRECONDITION_FAILED',
  two_factor_required: 'PRECONDITION_FAILED',
  two_factor_enrolment_required: 'PRECONDITION_FAILED',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/** What a signed-in person must do before anything else answers them. */
export type RequiredAction =
  'change_password' | 'accept_policy' | 'verify_two_factor' | 'enrol_two_factor';

const requiredActions: Partial<Record<AppErrorKind, RequiredAction>> = {
  password_expired: 'change_password',
  policy_not_accepted: 'accept_policy',
  two_factor_required: 'verify_two_factor',
  two_factor_enrolment_required: 'enrol_two_factor',
};

/** The action an error says must come first, or null for any other error. */
export function requiredActionOf(error: unknown): RequiredAction | null {
  return error instanceof AppError ? (requiredActions[error.kind] ?? null) : null;
}

/** An error whose message is written for the person using the portal, and safe to show them. */
export class AppError extends TRPCError {
  readonly kind: AppErrorKind;
  /** Messages to show beside particular form fields, keyed by the input's field name. */
  readonly fieldErrors: Record<string, string[]> | undefined;
  constructor(
    kind: AppErrorKind,
    message: string,
    options: { cause?: unknown; fieldErrors?: Record<string, string[]> } = {},
  ) {
    super({ code: trpcCode[kind], message, cause: options.cause });
    this.kind = kind;
    this.fieldErrors = options.fieldErrors;
  }
}

export const GENERIC_FAILURE =
  'Something went wrong on our side. Please try again; if it keeps happening, contact the school.';

// SQLSTATE codes (pg and PGlite both expose them as `code`) that mean the request, not the
// server, was at fault.
const databaseMessages: Record<string, { kind: AppErrorKind; message: string }> = {
  '23505': { kind: 'conflict', message: 'That already exists, so nothing was changed.' },
  '23503': {
    kind: 'bad_input',
    message: 'That refers to a record that does not exist, so nothing was changed.',
  },
  '23514': {
    kind: 'bad_input',
    message: 'One of the values is not allowed, so nothing was changed.',
  },
  '22P02': { kind: 'bad_input', message: 'One of the values is not in the right format.' },
  // A NUL character in text, where the router's own check did not see it (a file's contents).
  '22021': { kind: 'bad_input', message: UNSTORABLE_TEXT },
  '22007': { kind: 'bad_input', message: 'One of the dates is not a real date.' },
  '22008': { kind: 'bad_input', message: 'One of the dates is out of range.' },
};

export const DATABASE_UNAVAILABLE =
  'The portal cannot reach its records just now. Please try again in a minute.';

/** True when `error` says the database is out of reach, rather than that a query was wrong. */
export { isDatabaseUnavailable };

/** Turns a database failure into an AppError, or undefined if it is not one we can explain. */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (isDatabaseUnavailable(error)) {
    return new AppError('unavailable', DATABASE_UNAVAILABLE, { cause: error });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  const known = databaseMessages[code];
  return known ? new AppError(known.kind, known.message, { cause: error }) : undefined;
}

/** Plain-English messages for each invalid field, keyed by field name. */
export function fieldErrorsOf(error: unknown): Record<string, string[]> | undefined {
  if (error instanceof AppError) return error.fieldErrors;
  if (error instanceof TRPCError && !(error.cause instanceof z.ZodError)) return undefined;
  if (error instanceof TRPCError) return fieldErrorsOf(error.cause);
  if (!(error instanceof z.ZodError)) return undefined;
  return z.flattenError(error).fieldErrors as Record<string, string[]>;
}

/** The message a person sees for any error leaving the router; never a stack or database text. */
export function publicMessage(error: TRPCError): string {
  if (error instanceof AppError) return error.message;
  const fields = fieldErrorsOf(error.cause);
  if (fields) {
    const first = Object.values(fields).flat()[0];
    return first ? `Please check your answers: ${first}` : 'Please check your answers.';
  }
  if (error.cause instanceof z.ZodError) return 'Please check your answers.';
  if (error.code === 'INTERNAL_SERVER_ERROR') return GENERIC_FAILURE;
  if (error.code === 'BAD_REQUEST') return 'The request was not understood.';
  if (error.code === 'NOT_FOUND') return 'Not found.';
  return error.message;
}

/**
 * What a suspended person is told, whatever the cause: never the reason, never whether a hold is
 * involved, only where to ask (P12, P13, P14).
 */
export function suspendedMessage(enquiriesEmail: string): string {
  return `Your access to the portal is suspended. Please contact the school at ${enquiriesEmail}.`;
}
