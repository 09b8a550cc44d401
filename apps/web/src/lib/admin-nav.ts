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
    href: '/admin/teaching',
    label: 'My classes',
    description: 'The students you teach: their timetable, attendance, behaviour and reports.',
    roles: ['teacher'],
  },
  {
    href: '/notices',
    label: 'Notices',
    description: 'School news and notices addressed to you.',
    roles: ['teacher', 'office', 'dsl', 'governor', 'admin'],
  },
  {
    href: '/admin/requests',
    label: 'Changes and problems reported',
    description:
      'Parents’ reports of wrong records and changes in their details: reply, accept or reject.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/students',
    label: 'Students',
    description: 'Find a student and see their year and form.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/access',
    label: 'Access requests',
    description: 'Check parental responsibility for parents asking for access.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/contacts',
    label: 'Parents and carers',
    description: 'Find a parent or carer, confirm parental responsibility and make accounts.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/policy',
    label: 'Acceptable Usage Policy',
    description: 'Publish a new version of the policy and see who has accepted it.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/restrictions',
    label: 'Revoke or reinstate access',
    description: 'Revoke a parent’s access, or one child’s link, for a recorded reason.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/safeguarding',
    label: 'Safeguarding holds',
    description: 'Place a child-protection hold on a student, see active holds and lift them.',
    roles: ['dsl', 'admin'],
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
