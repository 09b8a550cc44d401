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
    href: '/admin/messages',
    label: 'Messages',
    description:
      'Conversations with parents and carers about one child: reply, assign to a colleague, close.',
    roles: ['teacher', 'office', 'dsl', 'admin'],
  },
  {
    href: '/admin/requests',
    label: 'Changes and problems reported',
    description:
      'Parents’ reports of wrong records and changes in their details: reply, accept or reject.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/absence-reports',
    label: 'Absence reports',
    description:
      'Parents’ reports of absences and late arrivals: accept (the register takes the code), ask or refuse.',
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
    href: '/admin/invitations',
    label: 'Invite parents by year',
    description:
      'Make accounts for every confirmed parent of a year group at once, after a preview.',
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
    href: '/admin/registers',
    label: 'Take a register',
    description: 'Mark morning or afternoon attendance for a form or a class.',
    roles: ['teacher', 'office', 'admin'],
  },
  {
    href: '/admin/notices',
    label: 'Publish notices',
    description: 'Write, target, schedule and publish notices, with an optional email to parents.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/reports',
    label: 'Progress reports',
    description: 'Create report cycles, enter or import grades and comments, preview and publish.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/imports',
    label: 'Import data',
    description:
      'Bring in the roster, attendance, behaviour, timetable or report grades from the school’s systems.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/leavers',
    label: 'Proposed leavers',
    description:
      'Students missing from the last full roster import: confirm they have left, or keep them.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/access-stopped',
    label: 'Access stopped by the school’s system',
    description:
      'Parents whose access a roster import stopped (not enabled, now a relative, no longer linked): confirm or restore.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/information-requests',
    label: 'Subject access and record requests',
    description:
      'Log requests with their legal deadline and export everything held about a person.',
    roles: ['office', 'admin'],
  },
  {
    href: '/admin/audit',
    label: 'Audit log',
    description: 'Who saw or changed what, and when: search, filter and export.',
    roles: ['admin'],
  },
  {
    href: '/admin/staff',
    label: 'Staff accounts',
    description:
      'Create staff accounts with their roles, deactivate leavers, reset a second factor.',
    roles: ['admin'],
  },
  {
    href: '/admin/settings',
    label: 'Settings',
    description:
      'The school’s name, logo, enquiries email, term dates, password and session rules.',
    roles: ['admin'],
  },
  {
    href: '/admin/outbox',
    label: 'Email outbox',
    description: 'See the emails the portal has sent or is waiting to send.',
    roles: ['admin'],
  },
  {
    href: '/admin/api-tokens',
    label: 'API tokens',
    description: 'Let the school’s own tools call the portal’s API: make, see and revoke tokens.',
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

/**
 * The item of `nav` the page at `pathname` belongs to: its own page or one below it
 * (/admin/students/42 belongs to Students); the longest match wins. Undefined on the staff home.
 */
export function currentNavItem(
  nav: readonly AdminNavItem[],
  pathname: string,
): AdminNavItem | undefined {
  let best: AdminNavItem | undefined;
  for (const item of nav) {
    const matches = pathname === item.href || pathname.startsWith(`${item.href}/`);
    if (matches && (!best || item.href.length > best.href.length)) best = item;
  }
  return best;
}
