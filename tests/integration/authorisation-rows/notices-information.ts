import type { Role } from '@schoolgate/api';
import { SIGNED_IN } from './role-sets';

/**
 * Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. Everyone signed
 * in reads notices and school information; the audience rule then decides which ones (P8, P9).
 */
export const NOTICES_INFORMATION_ROWS: Record<string, readonly Role[]> = {
  'notices.list': SIGNED_IN,
  'notices.get': SIGNED_IN,
  'notices.attachment': SIGNED_IN,
  'information.list': SIGNED_IN,
  'information.page': SIGNED_IN,
  'information.document': SIGNED_IN,
};
