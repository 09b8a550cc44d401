import { addDays } from './calendar';
import { atSchool } from './clock';
import type { Random } from './random';
import type { ReportCycleRow, ReportRow, ReportSubjectRow, StudentRow } from './rows';
import type { TermCalendar } from './terms';
import { SUBJECTS, type DemoTimetable } from './timetable';

export interface ReportsContext {
  random: Random;
  students: readonly StudentRow[];
  terms: TermCalendar;
  timetable: DemoTimetable;
  now: Date;
}

export interface DemoReports {
  cycles: ReportCycleRow[];
  reports: ReportRow[];
  subjects: ReportSubjectRow[];
}

/** Published some days ago, or a draft (null). */
const CYCLES: readonly { name: string; year: number; publishedDaysAgo: number | null }[] = [
  { name: 'Year 10 Autumn', year: 10, publishedDaysAgo: 21 },
  { name: 'Year 8 Autumn', year: 8, publishedDaysAgo: 14 },
  { name: 'Year 11 Mocks', year: 11, publishedDaysAgo: 6 },
  { name: 'Year 9 Spring', year: 9, publishedDaysAgo: null },
];

const KEY_STAGE_3 = ['Emerging', 'Developing', 'Secure', 'Mastered'] as const;

const OPENINGS: Record<string, readonly string[]> = {
  '1': [
    '{name} works extremely hard in {subject} and it shows.',
    '{name} is a model student in {subject}: focused, curious and well organised.',
    '{name} brings real enthusiasm to every {subject} lesson.',
  ],
  '2': [
    '{name} works well in {subject} lessons and contributes sensibly.',
    '{name} has made steady progress in {subject} this term.',
    '{name} is a reliable member of the {subject} class.',
  ],
  '3': [
    '{name} can produce good work in {subject} but does not always stay focused.',
    "{name}'s effort in {subject} has been uneven this term.",
    '{name} is capable of more in {subject} than this term shows.',
  ],
  '4': [
    '{name} needs to take more responsibility for learning in {subject}.',
    '{name} has found it hard to settle in {subject} lessons this term.',
  ],
};

/** What went well, then a next step, for each subject. */
const SUBJECT_COMMENTS: Record<string, { well: readonly string[]; next: readonly string[] }> = {
  English: {
    well: [
      'Essays are well structured, with quotations chosen carefully.',
      'Creative writing is vivid and shows a growing vocabulary.',
      'Contributions to class discussion of the set text are perceptive.',
    ],
    next: [
      'Next step: explain the effect of the writer’s choices, not just identify them.',
      'Next step: proofread for punctuation before handing work in.',
      'Next step: read widely at home, at least twenty minutes a day.',
    ],
  },
  Maths: {
    well: [
      'Algebra is accurate and confident.',
      'Problem-solving has improved, especially with ratio and proportion.',
      'Homework is always complete and carefully set out.',
    ],
    next: [
      'Next step: show full working on multi-step problems.',
      'Next step: practise times tables and mental arithmetic to build speed.',
      'Next step: use the online practice tasks to revise geometry.',
    ],
  },
  Science: {
    well: [
      'Practical work is careful and safe, and results are recorded clearly.',
      'A good grasp of the key ideas in chemistry this term.',
      'Written explanations in biology use scientific vocabulary well.',
    ],
    next: [
      'Next step: learn the required equations by heart.',
      'Next step: draw graphs with labelled axes and a line of best fit.',
      'Next step: explain conclusions using the data, not just describe it.',
    ],
  },
  History: {
    well: [
      'Source analysis is thoughtful and well supported.',
      'A secure knowledge of the period we have studied.',
    ],
    next: [
      'Next step: reach a clear judgement at the end of each essay.',
      'Next step: use precise dates and names to support points.',
    ],
  },
  Geography: {
    well: ['Case-study knowledge is detailed and accurate.', 'Map and graph skills are strong.'],
    next: [
      'Next step: develop each point with a consequence ("this means that…").',
      'Next step: revise the key terms for each unit.',
    ],
  },
  French: {
    well: [
      'Spoken French is confident, with good pronunciation.',
      'Vocabulary tests are consistently strong.',
    ],
    next: [
      'Next step: use a range of tenses in written work.',
      'Next step: practise listening with the online tasks each week.',
    ],
  },
  Computing: {
    well: [
      'Programs are well organised and tested carefully.',
      'A clear understanding of how data is represented.',
    ],
    next: [
      'Next step: add comments to code to explain how it works.',
      'Next step: practise tracing algorithms on paper.',
    ],
  },
  Art: {
    well: [
      'Observational drawing shows real care and skill.',
      'Sketchbook work is imaginative and well presented.',
    ],
    next: [
      'Next step: experiment with a wider range of media.',
      'Next step: annotate the sketchbook to explain ideas.',
    ],
  },
  Music: {
    well: [
      'Performances are confident and rhythmically secure.',
      'Composition work shows creativity.',
    ],
    next: [
      'Next step: use musical vocabulary when evaluating pieces.',
      'Next step: join one of the school’s ensembles or choirs.',
    ],
  },
  PE: {
    well: [
      'A positive attitude in every lesson and good teamwork.',
      'Skills in netball and football are strong.',
    ],
    next: [
      'Next step: take on leadership roles, such as warming up the group.',
      'Next step: always bring full PE kit.',
    ],
  },
  RE: {
    well: [
      'Discussion of beliefs is respectful and well informed.',
      'Written answers consider more than one point of view.',
    ],
    next: [
      'Next step: refer to religious teachings to support arguments.',
      'Next step: learn the key words for each religion studied.',
    ],
  },
};

const TUTOR_COMMENTS: Record<'strong' | 'steady' | 'concern', readonly string[]> = {
  strong: [
    '{name} is a cheerful and reliable member of {form}, always ready to help others. A very good term: well done.',
    '{name} sets a great example in {form}: organised, punctual and kind. Keep it up.',
    'A superb term for {name}, who has also taken on the role of form representative in {form}.',
  ],
  steady: [
    '{name} has had a solid term and gets on well with everyone in {form}.',
    '{name} is a pleasant member of {form}. Aiming for a few more achievement points next term would be a good goal.',
    '{name} is settled and happy in {form}. Keep up the steady work.',
  ],
  concern: [
    '{name} is a friendly member of {form}, but effort has dipped this term. I would welcome a conversation at parents’ evening.',
    '{name} can do very well but needs to be more organised: please check the planner together each week.',
  ],
};

/**
 * Four report cycles: three published (a report for every student of the year on roll) and a
 * draft whose reports are still being written.
 */
export function buildReports(context: ReportsContext): DemoReports {
  const { random, terms, timetable, now } = context;
  const cycles: ReportCycleRow[] = [];
  const reports: ReportRow[] = [];
  const subjects: ReportSubjectRow[] = [];
  const onRoll = context.students.filter(
    (s) => s.admission_date <= terms.today && (!s.leaving_date || s.leaving_date >= terms.today),
  );
  for (const spec of CYCLES) {
    const publishAt =
      spec.publishedDaysAgo === null
        ? null
        : atSchool(addDays(terms.today, -spec.publishedDaysAgo), '16:00');
    const created =
      publishAt === null
        ? new Date(now.getTime() - 3 * 86_400_000)
        : new Date(publishAt.getTime() - 14 * 86_400_000);
    const edited = publishAt === null ? now : new Date(publishAt.getTime() - 86_400_000);
    const cycle: ReportCycleRow = {
      id: crypto.randomUUID(),
      name: spec.name,
      year_group: spec.year,
      publish_at: publishAt,
      created_at: created,
      updated_at: edited,
    };
    cycles.push(cycle);
    const gcse = spec.year >= 10;
    for (const student of onRoll.filter((s) => s.year_group === spec.year)) {
      const name = student.preferred_name ?? student.forename;
      const report: ReportRow = {
        id: crypto.randomUUID(),
        cycle_id: cycle.id,
        student_id: student.id,
        tutor_staff_id: timetable.tutors.get(student.form) ?? null,
        tutor_comment: null,
        created_at: created,
        updated_at: edited,
      };
      // Some students are stronger or try harder than others, in every subject.
      const level = gcse
        ? random.weighted([
            [3, 10],
            [4, 20],
            [5, 28],
            [6, 22],
            [7, 14],
            [8, 6],
          ] as const)
        : random.weighted([
            [0, 12],
            [1, 38],
            [2, 38],
            [3, 12],
          ] as const);
      const diligence = random.int(0, 2);
      let effortTotal = 0;
      SUBJECTS.forEach(({ subject }, i) => {
        const effort = Math.min(4, Math.max(1, 1 + diligence + random.int(-1, 1)));
        effortTotal += effort;
        const [attainment, target] = gcse ? gcseGrades(random, level) : keyStage3(random, level);
        const texts = SUBJECT_COMMENTS[subject] ?? { well: [''], next: [''] };
        const comment = [
          random.pick(OPENINGS[String(effort)] ?? ['']),
          effort <= 2 ? random.pick(texts.well) : '',
          random.pick(texts.next),
        ]
          .filter(Boolean)
          .join(' ')
          .replaceAll('{name}', name)
          .replaceAll('{subject}', inText(subject));
        subjects.push({
          id: crypto.randomUUID(),
          report_id: report.id,
          subject,
          teacher_staff_id: timetable.group(spec.year, subject).teacher_staff_id,
          attainment,
          target,
          effort: String(effort),
          comment,
          sort_order: i + 1,
          updated_at: edited,
        });
      });
      // The draft's tutor comments are not all written yet.
      const written = publishAt !== null || random.chance(0.6);
      const average = effortTotal / SUBJECTS.length;
      const tone = average < 1.8 ? 'strong' : average < 2.8 ? 'steady' : 'concern';
      report.tutor_comment = written
        ? random
            .pick(TUTOR_COMMENTS[tone])
            .replaceAll('{name}', name)
            .replaceAll('{form}', student.form)
        : null;
      reports.push(report);
    }
  }
  return { cycles, reports, subjects };
}

/** A subject's name inside a sentence: "in maths", but "in English" and "in PE". */
function inText(subject: string): string {
  return ['English', 'French', 'PE', 'RE'].includes(subject) ? subject : subject.toLowerCase();
}

/** A GCSE grade (9–1) now and a target at or above it. */
function gcseGrades(random: Random, level: number): [string, string] {
  const now = Math.min(9, Math.max(1, level + random.int(-1, 1)));
  const target = Math.min(
    9,
    now +
      random.weighted([
        [0, 30],
        [1, 55],
        [2, 15],
      ] as const),
  );
  return [String(now), String(target)];
}

/** Key Stage 3: where the student is on the school's four steps, and where they should get to. */
function keyStage3(random: Random, level: number): [string, string] {
  const now = Math.min(3, Math.max(0, level + random.int(-1, 1)));
  const target = Math.min(3, now + (random.chance(0.6) ? 1 : 0));
  return [KEY_STAGE_3[now] ?? 'Developing', KEY_STAGE_3[target] ?? 'Secure'];
}
