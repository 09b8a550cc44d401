/** Every kind of caller the router distinguishes; a signed-in staff member may hold several. */
export const ROLES = [
  'anonymous',
  'parent',
  'student',
  'teacher',
  'office',
  'dsl',
  'governor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['admin', 'office', 'teacher', 'dsl', 'governor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(role);
}

/** True when any of `held` is in `allowed`. */
export function holdsAny(held: readonly Role[], allowed: readonly Role[]): boolean {
  return held.some((role) => allowed.includes(role));
}
