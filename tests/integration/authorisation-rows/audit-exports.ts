import type { Role } from '@schoolgate/api';

const ADMIN_ONLY: readonly Role[] = ['admin'];
const OFFICE: readonly Role[] = ['office', 'admin'];

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const AUDIT_EXPORTS_ROWS: Record<string, readonly Role[]> = {
  // The audit log (P10, P16): administrators only
  'admin.audit.search': ADMIN_ONLY,
  'admin.audit.exportCsv': ADMIN_ONLY,
  'admin.audit.findStudents': ADMIN_ONLY,
  'admin.audit.findUsers': ADMIN_ONLY,
  'admin.audit.refusalNotices': ADMIN_ONLY,
  // Subject-access and educational-record requests (P10, P15): the office and administrators
  'admin.informationRequests.list': OFFICE,
  'admin.informationRequests.create': OFFICE,
  'admin.informationRequests.complete': OFFICE,
  'admin.informationRequests.withdraw': OFFICE,
  'admin.informationRequests.findSubjects': OFFICE,
  'admin.informationRequests.exportStudent': OFFICE,
  'admin.informationRequests.exportContact': OFFICE,
};
