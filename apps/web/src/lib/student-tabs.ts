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
