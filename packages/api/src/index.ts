import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export {
  type Context,
  type CreateContextOptions,
  type RequestMeta,
  type SessionCookieJar,
} from './context';
export { createContext } from './create-context';
export {
  AppError,
  GENERIC_FAILURE,
  publicMessage,
  fieldErrorsOf,
  fromDatabaseError,
  requiredActionOf,
  type RequiredAction,
} from './errors';
export { ROLES, STAFF_ROLES, type Role, type StaffRole } from './policy/roles';
export type { SessionUser } from './context';
export {
  COURT_ORDER_TYPES,
  RESTRICTION_REASONS,
  type CourtOrderType,
  type RestrictionReason,
} from './services/restrictions';
export { HOLD_SCOPES, type HoldScope } from './services/safeguarding-holds';
export { runImport, type ImportResult } from './imports/run-import';
export { IMPORTERS } from './imports/registry';
export { IMPORT_KINDS, type ImportKind, type ImportFile } from './imports/types';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
