// What apps and internal tools import from @schoolgate/api: the router, its context and errors, and
// the few constants their forms need. Capabilities are reached through the router, not imported.
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export { createContext } from './create-context';
export {
  API_REQUESTS_PER_MINUTE,
  apiRequestMayCarryImport,
  handleApiRequest,
  MAX_BATCH_SIZE,
  TOO_MANY_REQUESTS,
  TOKEN_IN_ADDRESS,
  tokenInAddress,
} from './http-endpoint';
export {
  API_SCOPES,
  apiTokenIdentity,
  attendanceExportCsv,
  DEFAULT_TOKEN_DAYS,
  MAX_EXPORT_DAYS,
  MAX_TOKEN_DAYS,
  openApiDocument,
  TOOL_OPERATIONS,
  type ApiScope,
  type AttendanceExportRow,
} from './api-tokens';
export { settleAfterResponse } from './core';
export {
  AppError,
  DATABASE_UNAVAILABLE,
  GENERIC_FAILURE,
  isDatabaseUnavailable,
  newSubmissionKey,
  ROLES,
  STAFF_ROLES,
  fieldErrorsOf,
  fromDatabaseError,
  publicMessage,
  requiredActionOf,
  type Context,
  type CreateContextOptions,
  type RequestMeta,
  type RequiredAction,
  type Role,
  type SessionCookieJar,
  type SessionUser,
  type StaffRole,
} from './core';
export {
  COURT_ORDER_TYPES,
  HOLD_SCOPES,
  RESTRICTION_REASONS,
  type CourtOrderType,
  type HoldScope,
  type RestrictionReason,
} from './access';
export {
  IMPORTERS,
  IMPORT_KINDS,
  MAX_IMPORT_BYTES,
  runImport,
  type ImportFile,
  type ImportKind,
  type ImportResult,
} from './imports';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
