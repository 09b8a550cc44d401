import type { Role } from '@schoolgate/api';

// Progress reports (P8, P9): parents, students, teachers and the office get past the role check,
// and the access policy then limits them to their children, themselves or the students they
// teach. DSLs and governors are refused: governors never see pupil data.
const REPORT_READERS: readonly Role[] = ['parent', 'student', 'teacher', 'office', 'admin'];

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const REPORTS_ROWS: Record<string, readonly Role[]> = {
  'reports.forStudent': REPORT_READERS,
  'reports.get': REPORT_READERS,
  'reports.pdf': REPORT_READERS,
};
