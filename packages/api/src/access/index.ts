// What other capabilities may use from access/; anything else here is its own business.
export { findRestrictions } from './restriction-records';
export { COURT_ORDER_TYPES, RESTRICTION_REASONS } from './restrictions';
export type { CourtOrderType, RestrictionReason } from './restrictions';
export { HOLD_SCOPES } from './safeguarding-holds';
export type { HoldScope } from './safeguarding-holds';
export { canSeeStudent, onRoll, requireStudentAccess } from './student-access';
export {
  VIEWED_STUDENT_COLUMNS,
  studentDisplayName,
  studentView,
  toViewedStudent,
} from './student-view';
export type { SignedIn, ViewedStudent } from './student-view';
export {
  activeRestrictionForContact,
  CURTAILED_BY_SCHOOL_SYSTEM,
  isCurtailedBySchoolSystem,
  isUserSuspended,
  linkIsBlocked,
  userIsSuspended,
} from './suspension';
