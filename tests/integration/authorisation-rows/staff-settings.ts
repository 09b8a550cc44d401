import type { Role } from '@schoolgate/api';
import { EVERYONE } from './role-sets';

/** Settings and staff accounts are for administrators alone; the logo is public, like the name. */
const ADMIN: readonly Role[] = ['admin'];

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const STAFF_SETTINGS_ROWS: Record<string, readonly Role[]> = {
  'school.logo': EVERYONE,
  'admin.settings.get': ADMIN,
  'admin.settings.update': ADMIN,
  'admin.settings.setLogo': ADMIN,
  'admin.settings.removeLogo': ADMIN,
  'admin.settings.setBrandColour': ADMIN,
  'admin.settings.addTerm': ADMIN,
  'admin.settings.updateTerm': ADMIN,
  'admin.settings.removeTerm': ADMIN,
  'admin.settings.addClosure': ADMIN,
  'admin.settings.updateClosure': ADMIN,
  'admin.settings.removeClosure': ADMIN,
  'admin.staff.list': ADMIN,
  'admin.staff.get': ADMIN,
  'admin.staff.create': ADMIN,
  'admin.staff.createAccount': ADMIN,
  'admin.staff.resendActivation': ADMIN,
  'admin.staff.updateRoles': ADMIN,
  'admin.staff.deactivate': ADMIN,
  'admin.staff.reactivate': ADMIN,
};
