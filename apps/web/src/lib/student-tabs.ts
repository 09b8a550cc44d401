/** The views of one student's information, in the order a parent looks for them. */
export const STUDENT_TABS = [
  { path: '', label: 'Overview' },
  { path: 'timetable', label: 'Timetable' },
  { path: 'attendance', label: 'Attendance' },
  { path: 'behaviour', label: 'Behaviour' },
  { path: 'reports', label: 'Reports' },
] as const;

export type StudentTabPath = (typeof STUDENT_TABS)[number]['path'];

/** The address of one view of one student: only the opaque id goes in the URL (P10). */
export function tabHref(studentId: string, path: string): string {
  return path ? `/students/${studentId}/${path}` : `/students/${studentId}`;
}

/** The view a path shows: the exact page, or the view a deeper page belongs to (a report). */
export function currentStudentTab(
  studentId: string,
  pathname: string,
): (typeof STUDENT_TABS)[number] | undefined {
  return (
    STUDENT_TABS.find((tab) => pathname === tabHref(studentId, tab.path)) ??
    STUDENT_TABS.find(
      (tab) => tab.path !== '' && pathname.startsWith(`${tabHref(studentId, tab.path)}/`),
    )
  );
}

/** One student's views as link tabs, the one shown at `pathname` marked current. */
export function studentTabs(
  studentId: string,
  pathname: string,
): { href: string; label: string; current: boolean }[] {
  const current = currentStudentTab(studentId, pathname);
  return STUDENT_TABS.map((tab) => ({
    href: tabHref(studentId, tab.path),
    label: tab.label,
    current: current?.path === tab.path,
  }));
}
