import type { Role } from '@schoolgate/api';

/** Authorisation rows for this area's procedures; spread into AUTHORISATION_TABLE. */
export const TIMETABLE_ATTENDANCE_BEHAVIOUR_ROWS: Record<string, readonly Role[]> = {
  // Timetable (P8): the access policy then limits which students; governors and DSLs see none
  'timetable.forStudent': ['parent', 'student', 'teacher', 'office', 'admin'],
  // Attendance and behaviour (P8, P9): the same readers; recording is for teachers, office, admin
  'attendance.forStudent': ['parent', 'student', 'teacher', 'office', 'admin'],
  'behaviour.forStudent': ['parent', 'student', 'teacher', 'office', 'admin'],
  'behaviour.recordForm': ['teacher', 'office', 'admin'],
  'behaviour.record': ['teacher', 'office', 'admin'],
};
