import type { Role } from '@schoolgate/api';

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const STUDENTS_CONTACTS_ROWS: Record<string, readonly Role[]> = {};
