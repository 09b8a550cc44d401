import type { Role } from '@schoolgate/api';
import { EVERYONE, SIGNED_IN } from './authorisation-rows/role-sets';
import { TIMETABLE_ATTENDANCE_BEHAVIOUR_ROWS } from './authorisation-rows/timetable-attendance-behaviour';
import { NOTICES_INFORMATION_ROWS } from './authorisation-rows/notices-information';
import { REPORTS_ROWS } from './authorisation-rows/reports';
import { CHANGE_REQUESTS_ROWS } from './authorisation-rows/change-requests';
import { PORTAL_ROWS } from './authorisation-rows/portal';
import { STUDENTS_CONTACTS_ROWS } from './authorisation-rows/students-contacts';
import { STAFF_SETTINGS_ROWS } from './authorisation-rows/staff-settings';
import { IMPORTS_ROWS } from './authorisation-rows/imports';
import { REGISTERS_REPORTS_ROWS } from './authorisation-rows/registers-reports';
import { NOTICES_PUBLISHING_ROWS } from './authorisation-rows/notices-publishing';
import { AUDIT_EXPORTS_ROWS } from './authorisation-rows/audit-exports';
import { PUBLIC_PAGES_ROWS } from './authorisation-rows/public-pages';
import { STAFF_HOME_ROWS } from './authorisation-rows/staff-home';
import { ABSENCE_ROWS } from './authorisation-rows/absence';
import { MESSAGES_ROWS } from './authorisation-rows/messages';
import { API_TOKENS_ROWS } from './authorisation-rows/api-tokens';
import { CALENDAR_ROWS } from './authorisation-rows/calendar';

/**
 * Who may call each procedure of the app router. Every procedure must have a row, and no role
 * outside its row may get past the role check. Add a row with every new procedure.
 */
export const AUTHORISATION_TABLE: Record<string, readonly Role[]> = {
  // Public
  'auth.signIn': EVERYONE,
  'accessRequests.submit': EVERYONE,
  'account.activationStatus': EVERYONE,
  'account.activate': EVERYONE,
  'auth.requestPasswordReset': EVERYONE,
  'auth.resetStatus': EVERYONE,
  'auth.resetPassword': EVERYONE,
  'school.info': EVERYONE,
  'policy.current': EVERYONE,
  'health.check': EVERYONE,
  // Anyone signed in
  'auth.signOut': SIGNED_IN,
  'auth.me': SIGNED_IN,
  'account.changePassword': SIGNED_IN,
  'policy.accept': SIGNED_IN,
  // Your own sessions (P5): each person sees and ends only their own
  'sessions.list': SIGNED_IN,
  'sessions.signOut': SIGNED_IN,
  'sessions.signOutOthers': SIGNED_IN,
  // Student data: the role check lets these in; the access policy then limits which students
  'students.mine': ['parent', 'student'],
  'students.byId': ['parent', 'student', 'teacher', 'office', 'admin'],
  // Second factor (P17): the way past its own gate, so every signed-in role reaches these
  'twoFactor.beginEnrolment': SIGNED_IN,
  'twoFactor.confirmEnrolment': SIGNED_IN,
  'twoFactor.verify': SIGNED_IN,
  'twoFactor.renewRecoveryCodes': SIGNED_IN,
  'twoFactor.turnOff': ['parent', 'student'],
  'twoFactor.reset': ['admin'],
  // Scheduled jobs: no role at all; only in-process system callers (CLI, server timers)
  'jobs.passwordReminders': [],
  // Staff section
  'admin.students.list': ['office', 'admin'],
  'admin.access.requests.pending': ['office', 'admin'],
  'admin.access.requests.approve': ['office', 'admin'],
  'admin.access.requests.deny': ['office', 'admin'],
  'admin.access.contacts.search': ['office', 'admin'],
  'admin.access.contacts.get': ['office', 'admin'],
  'admin.access.contacts.verifyLink': ['office', 'admin'],
  'admin.access.accounts.create': ['office', 'admin'],
  'admin.access.accounts.resendActivation': ['office', 'admin'],
  'admin.policy.list': ['office', 'admin'],
  'admin.policy.acceptances': ['office', 'admin'],
  'admin.policy.publish': ['admin'],
  'admin.outbox.list': ['admin'],
  'admin.outbox.summary': ['admin'],
  'admin.outbox.resend': ['admin'],
  // Revoking and reinstating access (P13)
  'admin.restrictions.create': ['office', 'admin'],
  'admin.restrictions.lift': ['office', 'admin'],
  'admin.restrictions.list': ['office', 'admin'],
  'admin.restrictions.forStudent': ['office', 'admin'],
  // Child-protection holds (P14): nobody but DSLs and admins
  'safeguarding.holds.place': ['dsl', 'admin'],
  'safeguarding.holds.lift': ['dsl', 'admin'],
  'safeguarding.holds.list': ['dsl', 'admin'],
  'safeguarding.students.search': ['dsl', 'admin'],
  // What parents, students, teachers and governors see (issue 4)
  ...TIMETABLE_ATTENDANCE_BEHAVIOUR_ROWS,
  ...NOTICES_INFORMATION_ROWS,
  ...REPORTS_ROWS,
  ...CHANGE_REQUESTS_ROWS,
  ...PORTAL_ROWS,
  // The staff section (issue 5)
  ...STUDENTS_CONTACTS_ROWS,
  ...STAFF_SETTINGS_ROWS,
  ...IMPORTS_ROWS,
  ...REGISTERS_REPORTS_ROWS,
  ...NOTICES_PUBLISHING_ROWS,
  ...AUDIT_EXPORTS_ROWS,
  ...PUBLIC_PAGES_ROWS,
  ...STAFF_HOME_ROWS,
  ...ABSENCE_ROWS,
  ...MESSAGES_ROWS,
  ...API_TOKENS_ROWS,
  ...CALENDAR_ROWS,
};
