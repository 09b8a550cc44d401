import type { Role } from '@schoolgate/api';

/** Authorisation rows for the portal home and teachers' classes; spread into AUTHORISATION_TABLE. */
export const PORTAL_ROWS: Record<string, readonly Role[]> = {
  'portal.home': ['parent', 'student'],
  'portal.overview': ['parent', 'student', 'teacher', 'office', 'admin'],
  'teaching.myGroups': ['teacher'],
  'teaching.group': ['teacher', 'office', 'admin'],
};
