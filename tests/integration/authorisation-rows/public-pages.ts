import type { Role } from '@schoolgate/api';
import { EVERYONE } from './role-sets';

/**
 * The accessibility statement and privacy notice (issue 12): anyone reads them, from every page's
 * footer; administrators alone change them in settings.
 */
export const PUBLIC_PAGES_ROWS: Record<string, readonly Role[]> = {
  'school.publicPage': EVERYONE,
  'admin.settings.publicPages': ['admin'],
  'admin.settings.updatePublicPage': ['admin'],
};
