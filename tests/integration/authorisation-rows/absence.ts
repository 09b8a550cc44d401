import type { Role } from '@schoolgate/api';

/**
 * Absence reports (issue 13). Parents report absences and late arrivals and follow them; a
 * child's reports are read by whoever may read the child's attendance. The office and admins, who
 * take any register, decide them; teachers, DSLs, governors and students do not.
 */
export const ABSENCE_ROWS: Record<string, readonly Role[]> = {
  'absence.form': ['parent'],
  'absence.report': ['parent'],
  'absence.mine': ['parent'],
  'absence.forStudent': ['parent', 'student', 'teacher', 'office', 'admin'],
  'absence.addInformation': ['parent'],
  'admin.absenceReports.list': ['office', 'admin'],
  'admin.absenceReports.accept': ['office', 'admin'],
  'admin.absenceReports.askForInformation': ['office', 'admin'],
  'admin.absenceReports.refuse': ['office', 'admin'],
  'admin.absenceReports.exportForMis': ['office', 'admin'],
  // The morning email about unexplained absences: a scheduled job, for in-process system callers.
  'jobs.absenceChaser': [],
};
