import type { Role } from '@schoolgate/api';

/**
 * Students and contacts in the staff section (issue 5): only the office and admins keep this data.
 * A DSL sees hold reasons on a student's page only when they also hold the office role; teachers,
 * DSLs, governors, parents and students are refused.
 */
export const STUDENTS_CONTACTS_ROWS: Record<string, readonly Role[]> = {
  'admin.students.get': ['office', 'admin'],
  'admin.students.update': ['office', 'admin'],
  'admin.contacts.get': ['office', 'admin'],
  'admin.contacts.update': ['office', 'admin'],
  // Bulk invitations (issue 12 item 3): the office's "make account", for a year group at once
  'admin.access.accounts.invitationPreview': ['office', 'admin'],
  'admin.access.accounts.inviteMany': ['office', 'admin'],
};
