import { sql, type Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import {
  ProblemList,
  Tally,
  WEEKDAY_NAMES,
  chunks,
  foldText,
  ignoredColumnNotes,
  loadStaffByEmail,
  mostUsual,
  optionalValue,
  parseCycleWeek,
  parseWeekday,
  parseWholeNumber,
  readImportTable,
  seenAt,
} from './rows';
import type { Importer, ImportFile, ImportOptions, ImportPlan } from './types';

/**
 * The timetable from the school's management system (docs/imports/timetable.md): one row per
 * lesson of the cycle. Teaching groups are created or updated by their code; each group in the
 * file gets exactly the lessons the file lists (lessons of that group no longer listed are
 * removed), matched on (group, week, day, period). Group memberships come from the roster.
 */

export const TIMETABLE_COLUMNS = {
  required: ['group_code', 'subject', 'teacher_email', 'room', 'day', 'period'],
  optional: ['year_group', 'week'],
} as const;

export const MAX_ROOM = 40;
export const MAX_CODE = 40;
export const MAX_SUBJECT = 80;

interface LessonRow {
  file: string;
  line: number;
  code: string;
  subject: string;
  /** undefined: the file has no year_group column, so the group's stays as stored. */
  yearGroup: number | null | undefined;
  teacherEmail: string;
  room: string | null;
  week: 1 | 2;
  weekday: number;
  periodId: string;
  periodName: string;
}

interface GroupPlan {
  id: string;
  code: string;
  subject: string;
  year_group: number | null;
  teacher_staff_id: string | null;
  room: string | null;
  isNew: boolean;
  changed: boolean;
}

interface LessonWrite {
  id: string;
  group_id: string;
  cycle_week: number;
  weekday: number;
  period_id: string;
  room: string | null;
  teacher_staff_id: string | null;
}

export const timetableImporter: Importer = {
  kind: 'timetable',
  label: 'Timetable (CSV)',
  description:
    'Teaching groups and their lessons in the one- or two-week cycle, one row per lesson, as a CSV file: the format is in docs/imports/timetable.md.',
  plan: planTimetable,
};

async function planTimetable(
  db: Kysely<DB>,
  files: readonly ImportFile[],
  options: ImportOptions,
  progress?: (done: number, total: number, stage: string) => void,
): Promise<ImportPlan> {
  const problems = new ProblemList();
  const tables = files.map((file) => readImportTable(file, TIMETABLE_COLUMNS));
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  progress?.(0, total, 'Reading the files');

  const codes = new Set<string>();
  const emails = new Set<string>();
  for (const table of tables) {
    for (const { values } of table.rows) {
      if (values.group_code) codes.add(values.group_code);
      if (values.teacher_email) emails.add(values.teacher_email.toLowerCase());
    }
  }
  const [settings, periods, staff, groups] = await Promise.all([
    db
      .selectFrom('school_settings')
      .select('timetable_cycle_weeks')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow(),
    db.selectFrom('periods').select(['id', 'name']).orderBy('sort_order').execute(),
    loadStaffByEmail(db, [...emails]),
    codes.size === 0
      ? Promise.resolve([])
      : db
          .selectFrom('teaching_groups')
          .select(['id', 'code', 'subject', 'year_group', 'teacher_staff_id', 'room'])
          .where(sql<boolean>`code = any(${[...codes]}::text[])`)
          .execute(),
  ]);
  const twoWeeks = settings.timetable_cycle_weeks === 2;
  const periodByName = new Map(periods.map((p) => [foldText(p.name), p]));
  const periodList = periods.map((p) => `"${p.name}"`).join(', ');
  progress?.(Math.floor(total / 4), total, 'Checking the lessons');

  // 1. Each row on its own, against the periods, the staff and the school's cycle.
  const lessons: LessonRow[] = [];
  for (const table of tables) {
    for (const p of table.problems) problems.add(p.file, p.line, p.message);
    if (twoWeeks && table.rows.length > 0 && !table.columns.has('week')) {
      problems.add(
        table.file,
        1,
        'The school has a two-week timetable: add a "week" column saying A or B for each lesson.',
      );
      continue;
    }
    for (const { line, values } of table.rows) {
      const bad = (message: string) => problems.add(table.file, line, message);
      const before = problems.items.length;
      const code = values.group_code ?? '';
      if (code === '') bad('The group_code is missing.');
      else if (code.length > MAX_CODE) bad(`The group_code is longer than ${MAX_CODE} characters.`);
      const subject = values.subject ?? '';
      if (subject === '') bad('The subject is missing.');
      else if (subject.length > MAX_SUBJECT) {
        bad(`The subject is longer than ${MAX_SUBJECT} characters.`);
      }
      const yearText = optionalValue(table, values, 'year_group');
      let yearGroup: number | null | undefined = yearText === undefined ? undefined : null;
      if (typeof yearText === 'string') {
        yearGroup = parseWholeNumber(yearText);
        if (yearGroup === null || yearGroup < 7 || yearGroup > 13) {
          bad(`"${yearText}" is not a year group: write a number from 7 to 13, or leave it blank.`);
        }
      }
      const teacherEmail = values.teacher_email ?? '';
      if (teacherEmail === '') bad('The teacher_email is missing.');
      else if (!staff.has(teacherEmail.toLowerCase())) {
        bad(`No member of staff has the email "${teacherEmail}".`);
      }
      const room = values.room ? values.room : null;
      if (room !== null && room.length > MAX_ROOM) {
        bad(`The room is longer than ${MAX_ROOM} characters.`);
      }
      let week: 1 | 2 | null = 1;
      if (table.columns.has('week')) {
        week = parseCycleWeek(values.week ?? '');
        if ((values.week ?? '') === '') bad('The week is missing: write A or B.');
        else if (week === null) bad(`"${values.week}" is not a week: write A or B (or 1 or 2).`);
        else if (week === 2 && !twoWeeks) {
          bad(
            'The school has a one-week timetable, so there is no Week B. If that has changed, change the timetable cycle in the settings first.',
          );
        }
      }
      const weekday = parseWeekday(values.day ?? '');
      if ((values.day ?? '') === '') bad('The day is missing: write Mon to Fri (or 1 to 5).');
      else if (weekday === null) {
        bad(`"${values.day}" is not a school day of the week: write Mon to Fri (or 1 to 5).`);
      }
      const period = periodByName.get(foldText(values.period ?? ''));
      if ((values.period ?? '') === '') bad('The period is missing.');
      else if (!period) {
        bad(
          periods.length === 0
            ? `There is no period called "${values.period}": the school has no periods set up yet.`
            : `There is no period called "${values.period}": the periods are ${periodList}.`,
        );
      }
      if (problems.items.length > before || week === null || weekday === null || !period) continue;
      lessons.push({
        file: table.file,
        line,
        code,
        subject,
        yearGroup,
        teacherEmail: teacherEmail.toLowerCase(),
        room,
        week,
        weekday,
        periodId: period.id,
        periodName: period.name,
      });
    }
  }

  // 2. Each group's rows agree, and each lesson is listed once.
  const byCode = new Map<string, LessonRow[]>();
  const slots = new Map<string, LessonRow>();
  for (const lesson of lessons) {
    const bad = (message: string) => problems.add(lesson.file, lesson.line, message);
    const rows = byCode.get(lesson.code) ?? [];
    const first = rows[0];
    if (first && first.subject !== lesson.subject) {
      bad(
        `The group "${lesson.code}" has the subject "${first.subject}" on ${seenAt(first, lesson.file)}: every lesson of a group has the same subject.`,
      );
      continue;
    }
    const firstYear = rows.find((r) => r.yearGroup !== undefined);
    if (firstYear && lesson.yearGroup !== undefined && firstYear.yearGroup !== lesson.yearGroup) {
      bad(
        `The group "${lesson.code}" is for ${yearName(firstYear.yearGroup)} on ${seenAt(firstYear, lesson.file)}: every lesson of a group has the same year_group.`,
      );
      continue;
    }
    const slot = `${lesson.code}|${lesson.week}|${lesson.weekday}|${lesson.periodId}`;
    const twin = slots.get(slot);
    if (twin) {
      bad(
        `The group "${lesson.code}" already has this lesson (${slotName(lesson, twoWeeks)}) on ${seenAt(twin, lesson.file)}.`,
      );
      continue;
    }
    slots.set(slot, lesson);
    byCode.set(lesson.code, [...rows, lesson]);
  }

  // 3. The groups: created or updated by code; each takes its most usual teacher and room.
  const storedGroups = new Map(groups.map((g) => [g.code, g]));
  const tally = new Tally(['groups', 'lessons']);
  const plans = new Map<string, GroupPlan>();
  for (const [code, rows] of byCode) {
    const stored = storedGroups.get(code);
    const first = rows[0]!;
    const yearRow = rows.find((r) => r.yearGroup !== undefined);
    const plan: GroupPlan = {
      id: stored?.id ?? crypto.randomUUID(),
      code,
      subject: first.subject,
      year_group: yearRow ? (yearRow.yearGroup ?? null) : (stored?.year_group ?? null),
      teacher_staff_id: staff.get(mostUsual(rows.map((r) => r.teacherEmail))!) ?? null,
      room: mostUsual(rows.flatMap((r) => (r.room ? [r.room] : []))),
      isNew: !stored,
      changed: false,
    };
    plan.changed =
      !stored ||
      stored.subject !== plan.subject ||
      stored.year_group !== plan.year_group ||
      stored.teacher_staff_id !== plan.teacher_staff_id ||
      stored.room !== plan.room;
    tally.count('groups', !stored ? 'add' : plan.changed ? 'change' : 'unchanged');
    plans.set(code, plan);
  }
  progress?.(Math.floor(total / 2), total, 'Comparing with the timetable on record');

  // 4. The lessons on record: those of the file's groups, and any in the file's rooms.
  const rooms = [...new Set(lessons.flatMap((l) => (l.room ? [foldText(l.room)] : [])))];
  for (const plan of plans.values()) if (plan.room) rooms.push(foldText(plan.room));
  const groupCodes = [...plans.keys()];
  const existing =
    groupCodes.length === 0
      ? []
      : await db
          .selectFrom('lessons as l')
          .innerJoin('teaching_groups as g', 'g.id', 'l.group_id')
          .select([
            'l.id',
            'l.cycle_week',
            'l.weekday',
            'l.period_id',
            'l.room',
            'l.teacher_staff_id',
            'g.code',
            sql<string | null>`coalesce(l.room, g.room)`.as('usual_room'),
          ])
          .where((eb) =>
            eb.or([
              sql<boolean>`g.code = any(${groupCodes}::text[])`,
              sql<boolean>`lower(regexp_replace(btrim(coalesce(l.room, g.room)), '\\s+', ' ', 'g')) = any(${rooms}::text[])`,
            ]),
          )
          .execute();

  // Rooms taken at each moment of the cycle by lessons that stay as they are.
  const roomTaken = new Map<string, { code: string; at?: { file: string; line: number } }>();
  const roomSlot = (week: number, weekday: number, periodId: string, room: string) =>
    `${week}|${weekday}|${periodId}|${foldText(room)}`;
  for (const row of existing) {
    if (plans.has(row.code) || !row.usual_room) continue;
    roomTaken.set(roomSlot(row.cycle_week, row.weekday, row.period_id, row.usual_room), {
      code: row.code,
    });
  }
  const storedLessons = new Map(
    existing
      .filter((row) => plans.has(row.code))
      .map((row) => [`${row.code}|${row.cycle_week}|${row.weekday}|${row.period_id}`, row]),
  );

  const toWrite: LessonWrite[] = [];
  const listed = new Set<string>();
  for (const [code, rows] of byCode) {
    const plan = plans.get(code)!;
    for (const lesson of rows) {
      const room = lesson.room ?? plan.room;
      if (room) {
        const key = roomSlot(lesson.week, lesson.weekday, lesson.periodId, room);
        const taken = roomTaken.get(key);
        if (taken) {
          problems.add(
            lesson.file,
            lesson.line,
            `The room "${room}" is already taken by the group "${taken.code}" at that time (${slotName(lesson, twoWeeks)})${
              taken.at ? ` on ${seenAt(taken.at, lesson.file)}` : ''
            }.`,
          );
          continue;
        }
        roomTaken.set(key, { code, at: { file: lesson.file, line: lesson.line } });
      }
      const key = `${code}|${lesson.week}|${lesson.weekday}|${lesson.periodId}`;
      listed.add(key);
      const teacherId = staff.get(lesson.teacherEmail) ?? null;
      const write: LessonWrite = {
        id: crypto.randomUUID(),
        group_id: plan.id,
        cycle_week: lesson.week,
        weekday: lesson.weekday,
        period_id: lesson.periodId,
        // Only what differs from the group's own teacher and room is kept on the lesson.
        room: lesson.room && !sameRoom(lesson.room, plan.room) ? lesson.room : null,
        teacher_staff_id: teacherId !== plan.teacher_staff_id ? teacherId : null,
      };
      const stored = storedLessons.get(key);
      if (!stored) {
        tally.count('lessons', 'add');
        toWrite.push(write);
        continue;
      }
      write.id = stored.id;
      const same = stored.room === write.room && stored.teacher_staff_id === write.teacher_staff_id;
      tally.count('lessons', same ? 'unchanged' : 'change');
      if (!same) toWrite.push(write);
    }
  }
  const removed = [...storedLessons.entries()]
    .filter(([key]) => !listed.has(key))
    .map(([, row]) => row.id);
  progress?.(total, total, 'Checked');

  const notes = ignoredColumnNotes(tables);
  if (removed.length > 0) {
    notes.push(
      `${removed.length === 1 ? '1 lesson' : `${removed.length} lessons`} of the groups in the file ${
        removed.length === 1 ? 'is' : 'are'
      } not in it, and will be removed from the timetable with any cover or room changes recorded for ${
        removed.length === 1 ? 'it' : 'them'
      }.`,
    );
  }
  const groupWrites = [...plans.values()].filter((g) => g.changed);
  return {
    summary: { counts: tally.counts, notes },
    problems: problems.sorted(files.map((f) => f.name)),
    // Groups and lessons only: no student's own records change.
    studentIds: [],
    async apply(trx) {
      for (const chunk of chunks(groupWrites)) {
        await trx
          .insertInto('teaching_groups')
          .values(
            chunk.map((g) => ({
              id: g.id,
              code: g.code,
              subject: g.subject,
              year_group: g.year_group,
              teacher_staff_id: g.teacher_staff_id,
              room: g.room,
              created_at: options.now,
              updated_at: options.now,
            })),
          )
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              subject: eb.ref('excluded.subject'),
              year_group: eb.ref('excluded.year_group'),
              teacher_staff_id: eb.ref('excluded.teacher_staff_id'),
              room: eb.ref('excluded.room'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      for (const chunk of chunks(removed)) {
        await trx
          .deleteFrom('lessons')
          .where(sql<boolean>`id = any(${chunk}::uuid[])`)
          .execute();
      }
      for (const chunk of chunks(toWrite)) {
        await trx
          .insertInto('lessons')
          .values(chunk.map((l) => ({ ...l, updated_at: options.now })))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              room: eb.ref('excluded.room'),
              teacher_staff_id: eb.ref('excluded.teacher_staff_id'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },
  };
}

const sameRoom = (a: string, b: string | null) => b !== null && foldText(a) === foldText(b);

const yearName = (year: number | null | undefined) =>
  year === null || year === undefined ? 'no year group' : `Year ${year}`;

/** "Week A Monday Period 1", or "Monday Period 1" in a one-week timetable. */
function slotName(lesson: Pick<LessonRow, 'week' | 'weekday' | 'periodName'>, twoWeeks: boolean) {
  const day = WEEKDAY_NAMES[lesson.weekday - 1] ?? '';
  const week = twoWeeks ? `Week ${lesson.week === 1 ? 'A' : 'B'} ` : '';
  return `${week}${day}, ${lesson.periodName}`;
}
