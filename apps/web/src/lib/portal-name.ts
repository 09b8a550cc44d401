/** What the portal is called in the header and titles, for the person looking at it. */
export function portalName(kind: 'parent' | 'student' | 'staff' | null | undefined): string {
  if (kind === 'student') return 'Student Portal';
  if (kind === 'staff') return 'Staff Portal';
  return 'Parent Portal';
}
