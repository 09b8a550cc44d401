import type { Role } from '@schoolgate/api';

const OFFICE: readonly Role[] = ['office', 'admin'];

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const IMPORTS_ROWS: Record<string, readonly Role[]> = {
  // Imports from the school's systems, and the leavers a full roster proposes: office and admin
  'admin.imports.kinds': OFFICE,
  'admin.imports.preview': OFFICE,
  'admin.imports.run': OFFICE,
  'admin.imports.changesCsv': OFFICE,
  'admin.imports.leavers.list': OFFICE,
  'admin.imports.leavers.confirm': OFFICE,
  'admin.imports.leavers.dismiss': OFFICE,
  'admin.imports.curtailments.list': OFFICE,
  'admin.imports.curtailments.restore': OFFICE,
};
