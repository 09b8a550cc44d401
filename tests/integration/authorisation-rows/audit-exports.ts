import type { Role } from '@schoolgate/api';

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const AUDIT_EXPORTS_ROWS: Record<string, readonly Role[]> = {};
