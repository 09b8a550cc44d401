import type { Role } from '@schoolgate/api';

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const REGISTERS_REPORTS_ROWS: Record<string, readonly Role[]> = {};
