// The bottom layer every capability builds on: procedure tiers, context, errors, roles, the school
// calendar. It imports no capability.
export type {
  AccountKind,
  ApiTokenIdentity,
  Context,
  CreateContextOptions,
  RequestMeta,
  SessionCookieJar,
  SessionUser,
  TwoFactorState,
} from './context';
export {
  AppError,
  DATABASE_UNAVAILABLE,
  GENERIC_FAILURE,
  isDatabaseUnavailable,
  fieldErrorsOf,
  fromDatabaseError,
  publicMessage,
  requiredActionOf,
  suspendedMessage,
} from './errors';
export type { RequiredAction } from './errors';
export { afterResponse, settleAfterResponse } from './after-response';
export { approximatePlace } from './network-address';
export {
  REFUSAL_ACTIONS,
  REFUSAL_BURST_ACTION,
  REFUSAL_BURST_THRESHOLD,
  REFUSAL_BURST_WINDOW_MINUTES,
} from './refusals';
export { ROLES, STAFF_ROLES, holdsAny, isStaffRole } from './roles';
export type { Role, StaffRole } from './roles';
export { loadSchoolCalendar, schoolCalendarQuery, toSchoolCalendar } from './school-calendar';
export type { LoadedSchoolCalendar, StoredTerm } from './school-calendar';
export {
  academicYearOf,
  addDays,
  closureOn,
  cycleWeekOf,
  daysBetween,
  isCalendarDate,
  isSchoolDay,
  isWeekend,
  isoWeekday,
  mondayOf,
  nextSchoolDay,
  noSchoolReason,
  schoolWeekOf,
  termOf,
  termOrLatestStarted,
  termsOfAcademicYear,
  weekLabel,
  weekToShow,
} from './school-days';
export type { AcademicYear, CycleWeek, SchoolCalendar } from './school-days';
export { schoolToday } from './school-time';
export { actorOf, portalUrlOf } from './staff-context';
export type { SignedInContext } from './staff-context';
export { staffDisplayName } from './staff-names';
export { newSubmissionKey, submissionKey, submitOnce } from './submissions';
export type { StoredAnswer, Submission } from './submissions';
export {
  authedProcedure,
  createCallerFactory,
  portalProcedure,
  publicProcedure,
  roleProcedure,
  router,
  signedInProcedure,
  staffProcedure,
  studentDataProcedure,
  systemProcedure,
  tokenProcedure,
  verifiedProcedure,
} from './trpc';
export { describeUserAgent } from './user-agent';
