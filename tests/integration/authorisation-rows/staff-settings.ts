import type { Role } from '@schoolgate/api';

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const STAFF_SETTINGS_ROWS: Record<string, readonly Role[]> = {};
