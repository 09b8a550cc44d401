import { addDays } from './calendar';
import type { Random } from './random';
import { YEAR_GROUPS } from './register';
import type {
  LessonChangeRow,
  LessonRow,
  MemberRow,
  PeriodRow,
  StudentRow,
  TeachingGroupRow,
} from './rows';
import { dayOfWeek, type TermCalendar } from './terms';

export interface Subject {
  subject: string;
  code: string;
  /** Lessons a fortnight, in each year group. */
  lessons: number;
  /** The department's teachers' rooms, one each. */
  rooms: readonly string[];
}

/** Every year takes every subject: 50 lessons a fortnight, most of them English, maths, science. */
export const SUBJECTS: readonly Subject[] = [
  { subject: 'English', code: 'En', lessons: 9, rooms: ['E1', 'E2', 'E3'] },
  { subject: 'Maths', code: 'Ma', lessons: 9, rooms: ['M1', 'M2', 'M4'] },
  { subject: 'Science', code: 'Sc', lessons: 9, rooms: ['S1', 'S2', 'S3'] },
  { subject: 'History', code: 'Hi', lessons: 3, rooms: ['H1', 'H2'] },
  { subject: 'Geography', code: 'Gg', lessons: 3, rooms: ['G1'] },
  { subject: 'French', code: 'Fr', lessons: 4, rooms: ['L1', 'L2'] },
  { subject: 'Computing', code: 'Co', lessons: 3, rooms: ['C1'] },
  { subject: 'Art', code: 'Ar', lessons: 2, rooms: ['A1'] },
  { subject: 'Music', code: 'Mu', lessons: 2, rooms: ['MU1'] },
  { subject: 'PE', code: 'PE', lessons: 4, rooms: ['Sports hall', 'Gym'] },
  { subject: 'RE', code: 'RE', lessons: 2, rooms: ['R1'] },
];

export const PERIOD_TIMES = [
  ['08:50', '09:50'],
  ['09:50', '10:50'],
  ['11:10', '12:10'],
  ['12:10', '13:10'],
  ['14:00', '15:00'],
] as const;

const WEEKS = 2;
const DAYS = 5;
const SLOTS = WEEKS * DAYS * PERIOD_TIMES.length;
const FORMS = ['N', 'F'] as const;
const CLASH = 1e6;

export interface Slot {
  cycle_week: number;
  weekday: number;
  period: number;
}

export interface DemoTimetable {
  periods: PeriodRow[];
  groups: TeachingGroupRow[];
  members: MemberRow[];
  lessons: LessonRow[];
  changes: LessonChangeRow[];
  /** Each form's tutor ('10N' → staff id). */
  tutors: Map<string, string>;
  group(year: number, subject: string): TeachingGroupRow;
  /** A year group's lessons on a date's day of the cycle, in period order. */
  lessonsOn(year: number, date: string): LessonRow[];
  groupOf(lesson: LessonRow): TeachingGroupRow;
  teacherOf(lesson: LessonRow): string;
  roomOf(lesson: LessonRow): string;
}

export interface TimetableContext {
  random: Random;
  /** The twenty teachers; the first is the demo teacher's. */
  teachers: readonly string[];
  students: readonly StudentRow[];
  terms: TermCalendar;
  now: Date;
}

/**
 * Periods, one teaching group per subject in each year group (the whole year in it), and a
 * two-week timetable in which no teacher and no room is in two places at once.
 */
export function buildTimetable(context: TimetableContext): DemoTimetable {
  const { random, teachers, now, terms } = context;
  const periods: PeriodRow[] = PERIOD_TIMES.map(([starts_at, ends_at], i) => ({
    id: crypto.randomUUID(),
    name: `Period ${i + 1}`,
    starts_at,
    ends_at,
    sort_order: i + 1,
    updated_at: now,
  }));
  const groups = teachingGroups(random, teachers, now);
  const byCode = new Map(groups.map((g) => [g.code, g]));
  const group = (year: number, subject: string) => {
    const code = SUBJECTS.find((s) => s.subject === subject)?.code;
    const found = byCode.get(`${year}/${code}`);
    if (!found) throw new Error(`Demo school: no ${subject} group in Year ${year}`);
    return found;
  };

  const onRoll = context.students.filter(
    (s) => s.admission_date <= terms.today && (!s.leaving_date || s.leaving_date >= terms.today),
  );
  const members: MemberRow[] = groups.flatMap((g) =>
    onRoll
      .filter((s) => s.year_group === g.year_group)
      .map((s) => ({ group_id: g.id, student_id: s.id, updated_at: now })),
  );

  const lessons = schedule(random, groups, periods, now);
  // One English lesson a fortnight in the library, for a change.
  const library = lessons.find((l) => l.group_id === group(7, 'English').id && l.cycle_week === 2);
  if (library) library.room = 'Library';

  const groupById = new Map(groups.map((g) => [g.id, g]));
  const groupOf = (lesson: LessonRow) => {
    const found = groupById.get(lesson.group_id);
    if (!found) throw new Error('Demo school: a lesson without a group');
    return found;
  };
  const periodOrder = new Map(periods.map((p) => [p.id, p.sort_order]));
  const byDay = new Map<string, LessonRow[]>();
  for (const lesson of lessons) {
    const key = `${groupOf(lesson).year_group}/${lesson.cycle_week}/${lesson.weekday}`;
    byDay.set(key, [...(byDay.get(key) ?? []), lesson]);
  }
  for (const list of byDay.values()) {
    list.sort((a, b) => (periodOrder.get(a.period_id) ?? 0) - (periodOrder.get(b.period_id) ?? 0));
  }
  const timetable: DemoTimetable = {
    periods,
    groups,
    members,
    lessons,
    changes: [],
    tutors: formTutors(random, teachers),
    group,
    lessonsOn: (year, date) =>
      byDay.get(`${year}/${terms.cycleWeek(date)}/${dayOfWeek(date)}`) ?? [],
    groupOf,
    teacherOf: (lesson) => lesson.teacher_staff_id ?? groupOf(lesson).teacher_staff_id,
    roomOf: (lesson) => lesson.room ?? groupOf(lesson).room,
  };
  timetable.changes = lessonChanges(timetable, context);
  return timetable;
}

/**
 * Teachers by department, one room each; the demo teacher teaches English. A department's
 * groups go round its teachers from Year 7 up, so the demo teacher has Years 7 and 10, never 8.
 */
function teachingGroups(
  random: Random,
  teachers: readonly string[],
  now: Date,
): TeachingGroupRow[] {
  const [demo, ...others] = teachers;
  const posts = SUBJECTS.reduce((n, s) => n + s.rooms.length, 0);
  if (!demo || teachers.length !== posts) {
    throw new Error(`Demo school: ${posts} teaching posts for ${teachers.length} teachers`);
  }
  const pool = [demo, ...random.shuffle(others)];
  const groups: TeachingGroupRow[] = [];
  for (const subject of SUBJECTS) {
    const staff = subject.rooms.map((room) => ({ teacher: pool.shift() ?? demo, room }));
    YEAR_GROUPS.forEach((year, i) => {
      const { teacher, room } = staff[i % staff.length] ?? { teacher: demo, room: '' };
      groups.push({
        id: crypto.randomUUID(),
        code: `${year}/${subject.code}`,
        subject: subject.subject,
        year_group: year,
        teacher_staff_id: teacher,
        room,
        created_at: now,
        updated_at: now,
      });
    });
  }
  const demoYears = groups.filter((g) => g.teacher_staff_id === demo).map((g) => g.year_group);
  if (!demoYears.includes(10) || demoYears.includes(8)) {
    throw new Error('Demo school: the demo teacher must teach Year 10 and not Year 8');
  }
  return groups;
}

/** Ten form tutors; not the demo teacher, whose classes are the demo's story. */
function formTutors(random: Random, teachers: readonly string[]): Map<string, string> {
  const tutors = random.shuffle(teachers.slice(1));
  const forms = YEAR_GROUPS.flatMap((year) => FORMS.map((form) => `${year}${form}`));
  return new Map(forms.map((form, i) => [form, tutors[i % tutors.length] ?? '']));
}

/** Slot `t` of the fortnight: week, day and period, and the day's place in the fortnight. */
function slotOf(t: number): Slot & { day: number } {
  const perDay = PERIOD_TIMES.length;
  return {
    cycle_week: Math.floor(t / (DAYS * perDay)) + 1,
    weekday: (Math.floor(t / perDay) % DAYS) + 1,
    period: t % perDay,
    day: Math.floor(t / perDay),
  };
}

/**
 * Each year group's fifty lessons placed in the fifty slots of the fortnight. A subject's
 * lessons are spread across the ten days, and a slot where the teacher is already teaching
 * another year is ruled out: an assignment problem per year group, solved exactly.
 */
function schedule(
  random: Random,
  groups: TeachingGroupRow[],
  periods: PeriodRow[],
  now: Date,
): LessonRow[] {
  const busy = new Map<string, Set<number>>();
  const lessons: LessonRow[] = [];
  for (const year of YEAR_GROUPS) {
    const instances = SUBJECTS.flatMap((subject) => {
      const group = groups.find((g) => g.year_group === year && g.subject === subject.subject);
      if (!group) throw new Error(`Demo school: no ${subject.subject} group in Year ${year}`);
      const offset = random.int(0, 9);
      return Array.from({ length: subject.lessons }, (_, k) => ({
        group,
        targetDay: (offset + Math.floor((k * 10) / subject.lessons)) % 10,
      }));
    });
    if (instances.length !== SLOTS) throw new Error('Demo school: a year needs 50 lessons');
    const cost = instances.map(({ group, targetDay }) => {
      const taken = busy.get(group.teacher_staff_id) ?? new Set<number>();
      return Array.from({ length: SLOTS }, (_, t) => {
        if (taken.has(t)) return CLASH;
        const apart = Math.abs(slotOf(t).day - targetDay);
        const distance = Math.min(apart, 10 - apart);
        return distance * distance * 10 + random.next();
      });
    });
    const assignment = assign(cost);
    assignment.forEach((t, i) => {
      const instance = instances[i];
      const slot = slotOf(t);
      const period = periods[slot.period];
      if (!instance || !period || (cost[i]?.[t] ?? CLASH) >= CLASH) {
        throw new Error(`Demo school: no clash-free timetable for Year ${year}`);
      }
      const teacher = instance.group.teacher_staff_id;
      busy.set(teacher, (busy.get(teacher) ?? new Set()).add(t));
      lessons.push({
        id: crypto.randomUUID(),
        group_id: instance.group.id,
        cycle_week: slot.cycle_week,
        weekday: slot.weekday,
        period_id: period.id,
        room: null,
        teacher_staff_id: null,
        updated_at: now,
      });
    });
  }
  return lessons;
}

/**
 * The Hungarian algorithm (minimum-cost assignment) on a square matrix: for each row, the
 * column it gets.
 */
function assign(cost: number[][]): number[] {
  const n = cost.length;
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(n + 1).fill(0);
  const p = new Array<number>(n + 1).fill(0);
  const way = new Array<number>(n + 1).fill(0);
  const at = (a: number[], i: number) => a[i] ?? 0;
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(n + 1).fill(Infinity);
    const used = new Array<boolean>(n + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = at(p, j0);
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const cur = (cost[i0 - 1]?.[j - 1] ?? CLASH) - at(u, i0) - at(v, j);
        if (cur < at(minv, j)) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (at(minv, j) < delta) {
          delta = at(minv, j);
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[at(p, j)] = at(u, at(p, j)) + delta;
          v[j] = at(v, j) - delta;
        } else {
          minv[j] = at(minv, j) - delta;
        }
      }
      j0 = j1;
    } while (at(p, j0) !== 0);
    do {
      const j1 = at(way, j0);
      p[j0] = at(p, j1);
      j0 = j1;
    } while (j0 !== 0);
  }
  const result = new Array<number>(n).fill(-1);
  for (let j = 1; j <= n; j++) result[at(p, j) - 1] = j - 1;
  return result;
}

/**
 * Three changes in the coming week: a Year 10 maths lesson with a cover teacher, a Year 8
 * science lesson in another room, and a Year 11 PE lesson that will not take place.
 */
function lessonChanges(timetable: DemoTimetable, context: TimetableContext): LessonChangeRow[] {
  const { terms, teachers, now } = context;
  const soon = terms.schoolDays(addDays(terms.today, 1), addDays(terms.today, 7));
  const days = soon.length >= 3 ? soon : nextSchoolDays(terms, 10);
  const lessonsAt = (date: string, lesson: LessonRow) =>
    YEAR_GROUPS.flatMap((year) => timetable.lessonsOn(year, date)).filter(
      (other) => other.period_id === lesson.period_id,
    );
  const find = (year: number, subject: string, from: number) => {
    const group = timetable.group(year, subject);
    for (const date of [...days.slice(from), ...days.slice(0, from)]) {
      const lesson = timetable.lessonsOn(year, date).find((l) => l.group_id === group.id);
      if (lesson) return { date, lesson };
    }
    return undefined;
  };
  const changes: LessonChangeRow[] = [];
  const change = (row: Omit<LessonChangeRow, 'id' | 'updated_at'>) =>
    changes.push({ id: crypto.randomUUID(), ...row, updated_at: now });

  const maths = find(10, 'Maths', 0);
  if (maths) {
    const teaching = new Set(lessonsAt(maths.date, maths.lesson).map(timetable.teacherOf));
    const cover = teachers.slice(1).find((t) => !teaching.has(t));
    if (cover) {
      change({
        lesson_id: maths.lesson.id,
        on_date: maths.date,
        cover_staff_id: cover,
        note: 'Cover lesson: the class teacher is on a course. Work has been set.',
      });
    }
  }
  const science = find(8, 'Science', 1);
  if (science) {
    const rooms = new Set(lessonsAt(science.date, science.lesson).map(timetable.roomOf));
    const room = ['Library', 'Hall', 'C1'].find((r) => !rooms.has(r));
    if (room) {
      change({
        lesson_id: science.lesson.id,
        on_date: science.date,
        room,
        note: `Room change: the laboratory is being repaired, so this lesson is in ${room === 'C1' ? 'room C1' : `the ${room.toLowerCase()}`}.`,
      });
    }
  }
  const pe = find(11, 'PE', 2);
  if (pe) {
    change({
      lesson_id: pe.lesson.id,
      on_date: pe.date,
      cancelled: true,
      note: 'Cancelled: the sports hall is set out for mock exams. Supervised revision in the library instead.',
    });
  }
  return changes;
}

function nextSchoolDays(terms: TermCalendar, count: number): string[] {
  const days: string[] = [];
  let date = terms.today;
  while (days.length < count) {
    date = terms.nextSchoolDay(date);
    // After the summer term the calendar has no more school days.
    if (!terms.isSchoolDay(date)) break;
    days.push(date);
  }
  return days;
}
