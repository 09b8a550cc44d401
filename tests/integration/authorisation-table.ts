import type { Role } from '@schoolgate/api';

/**
 * Who may call each procedure of the app router. Every procedure must have a row, and no role
 * outside its row may get past the role check. Add a row with every new procedure.
 */
export const AUTHORISATION_TABLE: Record<string, readonly Role[]> = {
  // Public
  'auth.signIn': [
    'anonymous',
    'parent',
    'student',
    'teacher',
    'office',
    'dsl',
    'governor',
    'admin',
  ],
  'school.info': [
    'anonymous',
    'parent',
    'student',
    'teacher',
    'office',
    'dsl',
    'governor',
    'admin',
  ],
  // Anyone signed in
  'auth.signOut': ['parent', 'student', 'teacher', 'office', 'dsl', 'governor', 'admin'],
  'auth.me': ['parent', 'student', 'teacher', 'office', 'dsl', 'governor', 'admin'],
  'account.changePassword': ['parent', 'student', 'teacher', 'office', 'dsl', 'governor', 'admin'],
  // Student data: the role check lets these in; the access policy then limits which students
  'students.mine': ['parent', 'student'],
  'students.byId': ['parent', 'student', 'office', 'admin'],
  // Scheduled jobs: no role at all; only in-process system callers (CLI, server timers)
  'jobs.passwordReminders': [],
  // Staff section
  'admin.students.list': ['office', 'admin'],
  'admin.outbox.list': ['admin'],
};
