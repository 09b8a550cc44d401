import type { Role } from '@schoolgate/api';

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const STAFF_HOME_ROWS: Record<string, readonly Role[]> = {
  // The staff home's work queues (issue 12): any member of staff may ask, and each queue is then
  // counted only for the roles that may open it; parents and students are refused.
  'admin.home.queues': ['teacher', 'office', 'dsl', 'governor', 'admin'],
};
