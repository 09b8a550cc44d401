import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, createCaller, type AppRouter } from './root';
export {
  createContext,
  type Context,
  type CreateContextOptions,
  type RequestMeta,
  type SessionCookieJar,
} from './context';
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
export type { SessionUser } from './services/users';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
