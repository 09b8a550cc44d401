import type { Role } from '@schoolgate/api';

export interface AdminNavItem {
  href: string;
  label: string;
  description: string;
  roles: readonly Role[];
}

/** The staff section's pages and who may use them; the router enforces the same rules. */
export const ADMIN_NAV: readonly AdminNavItem[] = [
  {
    href: '/admin/students',
    label: 'Students',
    description: 'Find a student and see their year and form.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/outbox',
    label: 'Email outbox',
    description: 'See the emails the portal has sent or is waiting to send.',
    roles: ['admin'],
  },
];

export const ROLE_LABELS: Record<Role, string> = {
  anonymous: 'Visitor',
  parent: 'Parent or carer',
  student: 'Student',
  teacher: 'Teacher',
  office: 'Office',
  dsl: 'Designated safeguarding lead',
  governor: 'Governor',
  admin: 'Administrator',
};

export function navFor(roles: readonly Role[]): AdminNavItem[] {
  return ADMIN_NAV.filter((item) => item.roles.some((role) => roles.includes(role)));
}
