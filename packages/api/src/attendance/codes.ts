/**
 * Statutory attendance codes (School Attendance (Pupil Registration) (England) Regulations 2024,
 * in force from August 2024) and how they count (SPEC "UK facts"):
 * attendance % = (present + approved educational activity) / possible sessions, where a possible
 * session is any mark except the "not possible" codes.
 */

export type AttendanceCategory =
  'present' | 'approved_activity' | 'authorised' | 'unauthorised' | 'not_possible';

export interface AttendanceCodeInfo {
  code: string;
  category: AttendanceCategory;
  /** What the code means, in plain English for a parent. */
  meaning: string;
}

const code = (c: string, category: AttendanceCategory, meaning: string): AttendanceCodeInfo => ({
  code: c,
  category,
  meaning,
});

/** Every code a session mark may carry, grouped by how it counts. */
export const ATTENDANCE_CODES: readonly AttendanceCodeInfo[] = Object.freeze([
  // Present
  code('/', 'present', 'Present (morning)'),
  code('\\', 'present', 'Present (afternoon)'),
  code('L', 'present', 'Late, but arrived before the register closed'),
  // Attending an approved educational activity: counts as present
  code('K', 'approved_activity', 'Attending education arranged by the local authority'),
  code('V', 'approved_activity', 'On an educational visit or trip'),
  code('P', 'approved_activity', 'Taking part in an approved sporting activity'),
  code('W', 'approved_activity', 'On work experience'),
  code('B', 'approved_activity', 'Educated off site'),
  code('D', 'approved_activity', 'Attending another school where they are also registered'),
  // Authorised absence
  code('C1', 'authorised', 'Absent: taking part in a licensed performance or employment'),
  code('M', 'authorised', 'Medical or dental appointment'),
  code('J1', 'authorised', 'Interview for a job or further education'),
  code('S', 'authorised', 'Study leave'),
  code('C2', 'authorised', 'Not expected in: on an agreed part-time timetable'),
  code('C', 'authorised', 'Leave agreed by the school for exceptional circumstances'),
  code('T', 'authorised', 'Travelling with a parent who works away (mobile communities)'),
  code('R', 'authorised', 'Religious observance'),
  code('I', 'authorised', 'Illness'),
  code('E', 'authorised', 'Suspended or excluded, with no other education arranged'),
  // Unauthorised absence
  code('G', 'unauthorised', 'Holiday not agreed by the school'),
  code('N', 'unauthorised', 'Absent: reason not yet provided'),
  code('O', 'unauthorised', 'Absent without a reason the school can accept'),
  code('U', 'unauthorised', 'Arrived after the register closed'),
  // Not a possible session: does not count either way
  code('X', 'not_possible', 'Not required to attend (below or above compulsory school age)'),
  code('Q', 'not_possible', 'Unable to attend: access arrangements not in place'),
  code('Y1', 'not_possible', 'Unable to attend: usual school transport not available'),
  code('Y2', 'not_possible', 'Unable to attend: widespread travel disruption'),
  code('Y3', 'not_possible', 'Unable to attend: part of the school closed'),
  code('Y4', 'not_possible', 'Unable to attend: the whole school closed unexpectedly'),
  code('Y5', 'not_possible', 'Unable to attend: in criminal justice detention'),
  code('Y6', 'not_possible', 'Unable to attend: public health guidance or law'),
  code('Y7', 'not_possible', 'Unable to attend: another unavoidable cause'),
  code('Z', 'not_possible', 'Not yet on the school’s admission register'),
  code('#', 'not_possible', 'Planned school closure'),
]);

const byCode = new Map(ATTENDANCE_CODES.map((info) => [info.code, info]));

/** Plain-English names of the categories, as a parent reads them. */
export const ATTENDANCE_CATEGORY_LABELS: Readonly<Record<AttendanceCategory, string>> = {
  present: 'Present',
  approved_activity: 'Approved educational activity (counts as present)',
  authorised: 'Authorised absence',
  unauthorised: 'Unauthorised absence',
  not_possible: 'No session expected (does not count)',
};

/** The category of `code`, or null for a code that is not in the 2024 list. */
export function categoryOf(code: string): AttendanceCategory | null {
  return byCode.get(code)?.category ?? null;
}

/** What `code` means for a parent; an unknown code says so rather than guessing. */
export function explainCode(code: string): string {
  return byCode.get(code)?.meaning ?? `Unknown code “${code}”: please ask the school`;
}

/** The code that marks an absence still waiting for a reason from home. */
export const UNEXPLAINED_CODE = 'N';

export interface AttendanceSummary {
  present: number;
  approvedActivity: number;
  authorised: number;
  unauthorised: number;
  notPossible: number;
  /** Sessions the student could have attended: every mark except the "not possible" ones. */
  possible: number;
  /** Present plus approved educational activity. */
  attended: number;
  /** attended / possible as a percentage to one decimal place; null when nothing was possible. */
  percentage: number | null;
  /** Absences still waiting for a reason (code N). */
  unexplained: number;
}

/** Totals and the attendance percentage from counts of marks by code (SPEC "UK facts"). */
export function summariseAttendance(
  counts: readonly { code: string; count: number }[],
): AttendanceSummary {
  const by: Record<AttendanceCategory, number> = {
    present: 0,
    approved_activity: 0,
    authorised: 0,
    unauthorised: 0,
    not_possible: 0,
  };
  let unexplained = 0;
  for (const { code: c, count } of counts) {
    const category = categoryOf(c);
    if (!category) continue;
    by[category] += count;
    if (c === UNEXPLAINED_CODE) unexplained += count;
  }
  const attended = by.present + by.approved_activity;
  const possible = attended + by.authorised + by.unauthorised;
  return {
    present: by.present,
    approvedActivity: by.approved_activity,
    authorised: by.authorised,
    unauthorised: by.unauthorised,
    notPossible: by.not_possible,
    possible,
    attended,
    percentage: possible === 0 ? null : Math.round((attended * 1000) / possible) / 10,
    unexplained,
  };
}
