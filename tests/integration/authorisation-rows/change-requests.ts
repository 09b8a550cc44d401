import type { Role } from '@schoolgate/api';

/**
 * Change requests (P7). Parents report problems and changes and follow their own; students do
 * not file them in this version. Office staff and admins handle them; teachers, DSLs and
 * governors do not.
 */
export const CHANGE_REQUESTS_ROWS: Record<string, readonly Role[]> = {
  'changeRequests.describeRecord': ['parent'],
  'changeRequests.reportError': ['parent'],
  'changeRequests.reportChange': ['parent'],
  'changeRequests.myDetails': ['parent'],
  'changeRequests.mine': ['parent'],
  'changeRequests.get': ['parent'],
  'admin.changeRequests.list': ['office', 'admin'],
  'admin.changeRequests.get': ['office', 'admin'],
  'admin.changeRequests.reply': ['office', 'admin'],
  'admin.changeRequests.accept': ['office', 'admin'],
  'admin.changeRequests.reject': ['office', 'admin'],
};
