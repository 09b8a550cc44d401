export interface PrimaryNavItem {
  href: string;
  label: string;
}

/** The few places each kind of user goes most; every page carries them in the header. */
export function primaryNavFor(kind: 'parent' | 'student' | 'staff'): PrimaryNavItem[] {
  if (kind === 'staff') {
    return [
      { href: '/admin', label: 'Staff home' },
      { href: '/notices', label: 'Notices' },
      { href: '/information', label: 'School information' },
    ];
  }
  return [
    { href: '/', label: 'Home' },
    { href: '/notices', label: 'Notices' },
    { href: '/information', label: 'School information' },
    ...(kind === 'parent' ? [{ href: '/requests', label: 'Changes and problems' }] : []),
    { href: '/messages', label: 'Messages' },
  ];
}
