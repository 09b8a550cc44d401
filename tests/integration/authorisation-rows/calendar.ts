import type { Role } from '@schoolgate/api';
import { EVERYONE, SIGNED_IN } from './role-sets';

/**
 * The school calendar (issue 14). Everyone signed in has one, holding only what they may see; the
 * feed itself is reached by its secret address alone (calendar apps send no cookie), so anyone may
 * ask, and an unknown address is "not found".
 */
export const CALENDAR_ROWS: Record<string, readonly Role[]> = {
  'calendar.mine': SIGNED_IN,
  'calendar.resetFeed': SIGNED_IN,
  'calendar.stopFeed': SIGNED_IN,
  'calendar.feed': EVERYONE,
};
