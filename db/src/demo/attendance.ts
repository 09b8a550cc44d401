import { atSchool, schoolTime } from './clock';
import { createRandom, type Random } from './random';
import type { AttendanceRow, StudentRow } from './rows';
import { dayOfWeek, type TermCalendar } from './terms';

export interface AttendanceContext {
  seed: number;
  students: readonly StudentRow[];
  terms: TermCalendar;
  tutors: ReadonlyMap<string, string>;
  now: Date;
  /** The demo parent's children: Daniel (Year 10) and Amara (Year 8). */
  daniel: string;
  amara: string;
}

export const PRESENT_AM = '/';
export const PRESENT_PM = '\\';

interface Mark {
  code: string;
  minutes_late?: number;
  note?: string | null;
}
type Day = [Mark, Mark];

const present = (): Day => [{ code: PRESENT_AM }, { code: PRESENT_PM }];
const both = (code: string, note: string | null = null): Day => [
  { code, note },
  { code, note },
];

const NOTES = {
  I: [
    'Parent phoned: unwell.',
    'Parent emailed: sickness bug.',
    'Parent phoned: high temperature.',
    'Message left on the absence line: unwell.',
  ],
  M: [
    'Dental appointment.',
    'Hospital appointment.',
    'Orthodontist appointment.',
    'GP appointment.',
  ],
  C: [
    'Family funeral.',
    'Exceptional circumstances agreed by the headteacher.',
    'Representing the county in a sports final.',
  ],
  O: ['No reason accepted for the absence.', 'Left school at lunchtime without permission.'],
} as const;

/**
 * AM and PM marks for every student on roll on every school day from the start of last year's
 * summer term to today (today's morning only, once the register has been taken). Most marks
 * are present; absences come in episodes (a few days' illness, an appointment, a holiday), and
 * absences of the last two weeks often still wait for a reason (N).
 */
export function buildAttendance(context: AttendanceContext): AttendanceRow[] {
  const { terms, now } = context;
  const registerTaken = schoolTime(now) >= '09:00';
  const lastDay = registerTaken ? terms.today : yesterday(terms);
  const days = terms.schoolDays(terms.previousSummer.starts_on, lastDay);
  // Absences this recent may not have a reason yet.
  const recent = new Set(days.slice(-10));
  const thisYear = terms.term(3).starts_on;
  const trips = schoolTrips(terms, days);
  const collegeDays = new Set(
    days.filter((d) => d >= thisYear && dayOfWeek(d) === 3), // Wednesday afternoons
  );
  const college = new Set(
    context.students
      .filter((s) => s.year_group === 11 && !s.leaving_date)
      .slice(3, 5)
      .map((s) => s.id),
  );

  const rows: AttendanceRow[] = [];
  context.students.forEach((student, index) => {
    const random = createRandom(context.seed + index * 7919);
    const mine = days.filter(
      (d) => student.admission_date <= d && (!student.leaving_date || d <= student.leaving_date),
    );
    const scripted = student.id === context.daniel || student.id === context.amara;
    const marks = simulate(random, mine, scripted);
    holiday(random, terms, mine, marks);
    mine.forEach((date, i) => {
      const trip = trips.get(date);
      if (trip && trip.cohort === cohortOf(student, terms) && random.chance(0.95)) {
        marks[i] = both('V', trip.note);
      }
      if (college.has(student.id) && collegeDays.has(date)) {
        marks[i] = [
          marks[i]?.[0] ?? { code: PRESENT_AM },
          { code: 'B', note: 'College course (off-site).' },
        ];
      }
    });
    const before = mine.filter((d) => d < terms.today);
    if (student.id === context.daniel) script(before, marks, thisYear, DANIEL);
    if (student.id === context.amara) script(before, marks, thisYear, AMARA);

    mine.forEach((date, i) => {
      const day = marks[i] ?? present();
      const tutor = tutorOn(context, student, date);
      day.forEach((mark, session) => {
        if (session === 1 && date === terms.today) return;
        let { code } = mark;
        const reasonable = code === 'I' || code === 'C';
        if (reasonable && random.chance(recent.has(date) ? 0.5 : 0.02)) code = 'N';
        const recordedAt = atSchool(date, session === 0 ? '08:50' : '13:45');
        rows.push({
          student_id: student.id,
          on_date: date,
          session: session === 0 ? 'AM' : 'PM',
          code,
          minutes_late: mark.minutes_late ?? null,
          note: code === 'N' ? null : (mark.note ?? null),
          recorded_by_staff_id: tutor,
          recorded_at: recordedAt,
          updated_at: recordedAt,
        });
      });
    });
  });
  return rows;
}

function yesterday(terms: TermCalendar): string {
  const date = new Date(`${terms.today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

/** How often a student is away: most rarely, some often (persistent absence is under 90%). */
function simulate(random: Random, days: string[], steady: boolean): Day[] {
  const illness = steady
    ? 0.008
    : random.weighted([
        [0.01, 50],
        [0.02, 27],
        [0.035, 14],
        [0.06, 9],
      ] as const);
  const lateness = steady
    ? 0.01
    : random.weighted([
        [0.004, 60],
        [0.02, 30],
        [0.06, 10],
      ] as const);
  const truancy = illness > 0.04 && random.chance(0.5) ? 0.01 : 0.0005;
  let ill = 0;
  // Each day at most one thing happens, with these chances.
  const events: [number, () => Day][] = [
    [
      illness,
      () => {
        ill = random.weighted([
          [0, 45],
          [1, 30],
          [2, 17],
          [4, 8],
        ] as const);
        return both('I', random.pick(NOTES.I));
      },
    ],
    [
      0.004,
      () => {
        const appointment: Mark = { code: 'M', note: random.pick(NOTES.M) };
        return random.chance(0.5)
          ? [appointment, { code: PRESENT_PM }]
          : [{ code: PRESENT_AM }, appointment];
      },
    ],
    [0.0012, () => both('C', random.pick(NOTES.C))],
    [truancy, () => [{ code: PRESENT_AM }, { code: 'O', note: random.pick(NOTES.O) }]],
    [lateness, () => [{ code: 'L', minutes_late: random.int(3, 25) }, { code: PRESENT_PM }]],
    [
      lateness / 8,
      () => [
        {
          code: 'U',
          minutes_late: random.int(35, 70),
          note: 'Arrived after the register closed.',
        },
        { code: PRESENT_PM },
      ],
    ],
  ];
  const marks: Day[] = [];
  for (let i = 0; i < days.length; i++) {
    if (ill > 0) {
      ill--;
      marks.push(both('I', random.pick(NOTES.I)));
      continue;
    }
    const roll = random.next();
    let edge = 0;
    const event = events.find(([chance]) => roll < (edge += chance));
    marks.push(event ? event[1]() : present());
  }
  return marks;
}

/** A few families take a holiday in term time, just before a break. */
function holiday(random: Random, terms: TermCalendar, days: string[], marks: Day[]): void {
  if (!random.chance(0.06)) return;
  const lastDays = days
    .map((d, i) => ({ d, i }))
    .filter(({ d, i }) => {
      const next = days[i + 1];
      return next !== undefined && next > addWeek(d) && terms.termOf(d) !== undefined;
    });
  if (lastDays.length === 0) return;
  const { i: end } = random.pick(lastDays);
  const length = random.int(3, 5);
  for (let i = Math.max(0, end - length + 1); i <= end; i++) {
    marks[i] = both('G', 'Family holiday in term time; not agreed by the school.');
  }
}

const addWeek = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 7);
  return d.toISOString().slice(0, 10);
};

/** The year group a student is in now (or was in when they left): trips are by cohort. */
function cohortOf(student: StudentRow, terms: TermCalendar): number {
  const leftLastYear = student.leaving_date && student.leaving_date < terms.term(3).starts_on;
  return leftLastYear ? student.year_group + 1 : student.year_group;
}

/** Whole-year trips (code V), keyed by date, for the cohorts named by their current year. */
function schoolTrips(
  terms: TermCalendar,
  days: string[],
): Map<string, { cohort: number; note: string }> {
  const summer = days.filter((d) => d < terms.term(3).starts_on);
  const autumn = days.filter((d) => d >= terms.term(3).starts_on);
  const trips = new Map<string, { cohort: number; note: string }>();
  const add = (list: string[], index: number, cohort: number, note: string) => {
    const date = list[index];
    if (date) trips.set(date, { cohort, note });
  };
  add(summer, 20, 11, 'Year 10 geography fieldwork at the coast.');
  add(summer, 35, 9, 'Year 8 theatre trip.');
  add(autumn, 6, 7, 'Year 7 team-building day.');
  add(autumn, 30, 10, 'Year 10 visit to the Houses of Parliament.');
  return trips;
}

/** The form a student was in on a date: a year lower last year, if they were here. */
function tutorOn(context: AttendanceContext, student: StudentRow, date: string): string | null {
  const { tutors, terms } = context;
  const letter = student.form.slice(-1);
  const stillHere = !student.leaving_date || student.leaving_date >= terms.term(3).starts_on;
  const year =
    date < terms.term(3).starts_on && stillHere ? student.year_group - 1 : student.year_group;
  return tutors.get(`${year}${letter}`) ?? tutors.get(student.form) ?? null;
}

interface Script {
  /** Where in this year's school days (0 first, 1 the latest before today) each mark goes. */
  at: number;
  day: Day;
}

/** Daniel: a short illness, an appointment, a late morning, and a day without a reason yet. */
const DANIEL: Script[] = [
  { at: 0.2, day: [{ code: 'L', minutes_late: 12 }, { code: PRESENT_PM }] },
  { at: 0.35, day: both('I', 'Parent phoned: sickness bug.') },
  { at: 0.37, day: both('I', 'Parent phoned: still unwell.') },
  { at: 0.6, day: [{ code: 'M', note: 'Orthodontist appointment.' }, { code: PRESENT_PM }] },
  { at: -3, day: both('N') },
];

/** Amara: three days ill, a funeral, an appointment and a late morning. */
const AMARA: Script[] = [
  { at: 0.15, day: both('C', 'Family funeral.') },
  { at: 0.45, day: both('I', 'Parent phoned: high temperature.') },
  { at: 0.47, day: both('I', 'Parent phoned: high temperature.') },
  { at: 0.49, day: both('I', 'Parent emailed: still unwell.') },
  { at: 0.7, day: [{ code: PRESENT_AM }, { code: 'M', note: 'Hospital appointment.' }] },
  { at: 0.85, day: [{ code: 'L', minutes_late: 7 }, { code: PRESENT_PM }] },
];

/**
 * Puts scripted days on this year's school days before today (`days`: the first of the
 * student's days, up to yesterday), or early in the year on the latest days there are. A
 * negative `at` counts back from the latest.
 */
function script(days: string[], marks: Day[], thisYear: string, script: Script[]): void {
  const last = days.length - 1;
  const first = days.findIndex((d) => d >= thisYear);
  const start = first < 0 || last - first < 20 ? 0 : first;
  const span = Math.max(0, last - start);
  for (const { at, day } of script) {
    const index = at < 0 ? last + 1 + at : start + Math.round(at * span);
    if (index >= 0 && index <= last) marks[index] = day;
  }
}
