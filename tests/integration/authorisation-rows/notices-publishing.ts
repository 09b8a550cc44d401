import type { Role } from '@schoolgate/api';

// Writing, targeting, scheduling and publishing notices (issue 5, item 3): office staff and
// admins only. Teachers, DSLs and governors read notices but never write them.
const PUBLISHERS: readonly Role[] = ['office', 'admin'];

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const NOTICES_PUBLISHING_ROWS: Record<string, readonly Role[]> = {
  'admin.notices.list': PUBLISHERS,
  'admin.notices.choices': PUBLISHERS,
  'admin.notices.get': PUBLISHERS,
  'admin.notices.preview': PUBLISHERS,
  'admin.notices.save': PUBLISHERS,
  'admin.notices.recipients': PUBLISHERS,
  'admin.notices.publish': PUBLISHERS,
  'admin.notices.unpublish': PUBLISHERS,
  'admin.notices.delete': PUBLISHERS,
  'admin.notices.attachment': PUBLISHERS,
  // The scheduled job: no role at all; only in-process system callers (CLI, server timers).
  'jobs.noticeEmails': [],
};
