import type { Role } from '@schoolgate/api';

// Registers (P8, P9): teachers take the registers of the classes they teach (the service answers
// another teacher's class with "not found"); office staff and admins take any form's or class's.
const REGISTER_TAKERS: readonly Role[] = ['teacher', 'office', 'admin'];

// Report cycles are written and published by office staff and admins only; governors never see
// pupils' data and DSLs have no part in reports.
const REPORT_MANAGERS: readonly Role[] = ['office', 'admin'];

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const REGISTERS_REPORTS_ROWS: Record<string, readonly Role[]> = {
  'admin.registers.options': REGISTER_TAKERS,
  'admin.registers.get': REGISTER_TAKERS,
  'admin.registers.save': REGISTER_TAKERS,
  'admin.reports.cycles': REPORT_MANAGERS,
  'admin.reports.createCycle': REPORT_MANAGERS,
  'admin.reports.cycle': REPORT_MANAGERS,
  'admin.reports.report': REPORT_MANAGERS,
  'admin.reports.saveReport': REPORT_MANAGERS,
  'admin.reports.preview': REPORT_MANAGERS,
  'admin.reports.publish': REPORT_MANAGERS,
  'admin.reports.unpublish': REPORT_MANAGERS,
};
