import { atSchool } from './clock';
import { createRandom, type Random } from './random';
import type { BehaviourRow, LessonRow, StudentRow } from './rows';
import type { TermCalendar } from './terms';
import type { DemoTimetable } from './timetable';

export interface BehaviourContext {
  seed: number;
  students: readonly StudentRow[];
  terms: TermCalendar;
  timetable: DemoTimetable;
  now: Date;
  daniel: string;
  amara: string;
}

type Where = 'lesson' | string;

interface Kind {
  kind: 'positive' | 'negative';
  category: string;
  points: readonly [number, number];
  /** 'lesson', or the places it happens. */
  where: readonly Where[];
  descriptions: readonly string[];
  /** Chance of a detention (negative) or a postcard home (positive, 4 points or more). */
  action?: number;
}

// {subject} is filled in from the lesson.
const KINDS: readonly Kind[] = [
  {
    kind: 'positive',
    category: 'Achievement',
    points: [2, 5],
    where: ['lesson'],
    descriptions: [
      'Top mark in the class in the {subject} assessment.',
      'An excellent piece of extended writing in {subject}.',
      'Big improvement in {subject} test results since last half-term.',
      'Outstanding homework project in {subject}.',
    ],
    action: 0.5,
  },
  {
    kind: 'positive',
    category: 'Effort',
    points: [1, 3],
    where: ['lesson'],
    descriptions: [
      'Worked hard all lesson and finished the extension task in {subject}.',
      'Kept going with a difficult {subject} problem and got there.',
      'Redrafted {subject} work carefully after feedback.',
    ],
  },
  {
    kind: 'positive',
    category: 'Kindness',
    points: [1, 3],
    where: ['Playground', 'Corridor', 'Canteen'],
    descriptions: [
      'Helped a Year 7 student who was lost find their classroom.',
      'Looked after a classmate who was upset at break.',
      'Handed in a purse found on the floor.',
    ],
  },
  {
    kind: 'positive',
    category: 'Contribution to class',
    points: [1, 2],
    where: ['lesson'],
    descriptions: [
      'Asked thoughtful questions in the {subject} discussion.',
      'Led their group well in a {subject} practical task.',
      'Explained a tricky idea in {subject} to the rest of the class.',
    ],
  },
  {
    kind: 'negative',
    category: 'Late to lesson',
    points: [-1, -1],
    where: ['lesson'],
    descriptions: [
      'Arrived ten minutes late to {subject} without a note.',
      'Late to {subject} after break.',
    ],
    action: 0.15,
  },
  {
    kind: 'negative',
    category: 'Homework not done',
    points: [-2, -1],
    where: ['lesson'],
    descriptions: [
      '{subject} homework not handed in.',
      '{subject} homework not handed in for the second week running.',
    ],
    action: 0.35,
  },
  {
    kind: 'negative',
    category: 'Disruption',
    points: [-3, -2],
    where: ['lesson', 'Corridor'],
    descriptions: [
      'Kept talking over the teacher in {subject} after a warning.',
      'Distracted others during the {subject} task.',
      'Running and pushing in the corridor between lessons.',
    ],
    action: 0.6,
  },
  {
    kind: 'negative',
    category: 'Uniform',
    points: [-1, -1],
    where: ['Form time'],
    descriptions: ['No tie at morning registration.', 'Trainers instead of school shoes.'],
  },
];

const OTHER_ACTIONS = ['Spoken to by the class teacher', 'Phone call home', null, null] as const;

/**
 * Between none and twelve events for each student on roll, from last summer term to
 * yesterday; Daniel and Amara get a scripted mix with a detention each.
 */
export function buildBehaviour(context: BehaviourContext): BehaviourRow[] {
  const { terms } = context;
  const days = terms
    .schoolDays(terms.previousSummer.starts_on, terms.today)
    .filter((d) => d < terms.today);
  const rows: BehaviourRow[] = [];
  context.students.forEach((student, index) => {
    const onRoll = !student.leaving_date || student.leaving_date >= terms.today;
    if (!onRoll) return;
    const random = createRandom(context.seed + index * 104_729);
    const mine = days.filter((d) => student.admission_date <= d);
    if (mine.length === 0) return;
    const script =
      student.id === context.daniel ? DANIEL : student.id === context.amara ? AMARA : null;
    if (script) {
      const thisYear = mine.filter((d) => d >= terms.term(3).starts_on);
      const pool = thisYear.length >= 10 ? thisYear : mine;
      for (const [at, category, detention] of script) {
        const date = pool[Math.min(pool.length - 1, Math.floor(at * pool.length))] ?? pool[0];
        const kind = KINDS.find((k) => k.category === category);
        if (date && kind) rows.push(event(context, random, student, date, kind, detention));
      }
      return;
    }
    const count = random.weighted([
      [0, 8],
      [random.int(1, 4), 40],
      [random.int(5, 8), 38],
      [random.int(9, 12), 14],
    ] as const);
    const goodness = random.next() * 0.4 + 0.5;
    for (let i = 0; i < count; i++) {
      const positive = random.chance(goodness);
      const kind = random.pick(
        KINDS.filter((k) => k.kind === (positive ? 'positive' : 'negative')),
      );
      const date = random.pick(mine);
      rows.push(event(context, random, student, date, kind, random.chance(kind.action ?? 0)));
    }
  });
  return rows;
}

type ScriptLine = readonly [at: number, category: string, action: boolean];

const DANIEL: readonly ScriptLine[] = [
  [0.12, 'Achievement', true],
  [0.3, 'Homework not done', true],
  [0.45, 'Effort', false],
  [0.62, 'Kindness', false],
  [0.78, 'Late to lesson', false],
  [0.93, 'Contribution to class', false],
];

const AMARA: readonly ScriptLine[] = [
  [0.1, 'Effort', false],
  [0.28, 'Uniform', false],
  [0.5, 'Achievement', true],
  [0.7, 'Disruption', true],
  [0.9, 'Kindness', false],
];

function event(
  context: BehaviourContext,
  random: Random,
  student: StudentRow,
  date: string,
  kind: Kind,
  action: boolean,
): BehaviourRow {
  const { terms, timetable } = context;
  const where = random.pick(kind.where);
  const thisYear = date >= terms.term(3).starts_on;
  // Last year they were a year lower, in groups that have since moved on: no lesson to link.
  const year = thisYear ? student.year_group : student.year_group - 1;
  let lesson: LessonRow | undefined;
  let subject = random.pick(['English', 'Maths', 'Science', 'History', 'French', 'Geography']);
  let teacher: string | undefined;
  if (where === 'lesson') {
    if (thisYear) {
      const lessons = timetable.lessonsOn(year, date);
      // Nobody sets PE homework.
      const homework = lessons.filter((l) => timetable.groupOf(l).subject !== 'PE');
      lesson = random.pick(
        kind.category === 'Homework not done' && homework.length ? homework : lessons,
      );
      subject = timetable.groupOf(lesson).subject;
      teacher = timetable.teacherOf(lesson);
    } else if (year >= 7) {
      teacher = timetable.group(year, subject).teacher_staff_id;
    }
  }
  const tutor = timetable.tutors.get(`${year}${student.form.slice(-1)}`);
  const recorder = teacher ?? tutor ?? timetable.tutors.get(student.form) ?? null;
  const [low, high] = kind.points;
  const points = random.int(low, high);
  let actionTaken: string | null = null;
  let actionDate: string | null = null;
  if (kind.kind === 'negative') {
    if (action) {
      actionTaken = 'Detention';
      actionDate = terms.nextSchoolDay(date);
    } else {
      actionTaken = random.pick(OTHER_ACTIONS);
    }
  } else if (action && points >= 3) {
    actionTaken = 'Postcard home';
  }
  const description = random.pick(kind.descriptions).replaceAll('{subject}', subject);
  const pad = (n: number) => String(n).padStart(2, '0');
  const at = atSchool(date, `${pad(random.int(9, 15))}:${pad(random.int(0, 59))}`);
  return {
    id: crypto.randomUUID(),
    student_id: student.id,
    kind: kind.kind,
    category: kind.category,
    points,
    description: description.charAt(0).toUpperCase() + description.slice(1),
    occurred_on: date,
    lesson_id: lesson?.id ?? null,
    place: lesson ? null : where === 'lesson' ? `${subject} lesson` : where,
    recorded_by_staff_id: recorder,
    action_taken: actionTaken,
    action_date: actionDate,
    created_at: at,
    updated_at: at,
  };
}
