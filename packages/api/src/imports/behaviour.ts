import { sql, type Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import {
  BEHAVIOUR_ACTIONS,
  BEHAVIOUR_CATEGORIES,
  DESCRIPTION_MAX,
  MAX_BEHAVIOUR_POINTS,
  type BehaviourKind,
} from '../behaviour';
import {
  ProblemList,
  Tally,
  chunks,
  describeRef,
  foldText,
  ignoredColumnNotes,
  loadStaffByEmail,
  loadStudents,
  notOnRollReason,
  optionalValue,
  parseWholeNumber,
  readDate,
  readImportTable,
  sameText,
  seenAt,
  studentRefOf,
  type StudentRef,
} from './rows';
import type { Importer, ImportFile, ImportOptions, ImportPlan } from './types';

/**
 * Behaviour events from the school's management system (docs/imports/behaviour.md). Events have
 * no source id of their own in the portal, so an event is the same event when it is for the same
 * student, on the same date, in the same category, with the same description: importing a file
 * twice changes nothing, and an event recorded in the portal is not recorded twice.
 */

export const BEHAVIOUR_COLUMNS = {
  required: ['event_id', 'date', 'kind', 'category', 'points', 'description'],
  optional: ['staff_email', 'action', 'action_date'],
  oneOf: [['upn', 'student_id']],
} as const;

interface EventRow {
  file: string;
  line: number;
  ref: StudentRef;
  date: string;
  kind: BehaviourKind;
  category: string;
  points: number;
  description: string;
  /** undefined: the file has no staff_email column, so who recorded it stays as stored. */
  staffEmail: string | null | undefined;
  /** undefined: the file has neither action column, so the action stays as stored. */
  action: { action: string | null; actionDate: string | null } | undefined;
}

interface EventWrite {
  id: string;
  student_id: string;
  kind: BehaviourKind;
  category: string;
  points: number;
  description: string;
  occurred_on: string;
  recorded_by_staff_id: string | null;
  action_taken: string | null;
  action_date: string | null;
}

export const behaviourImporter: Importer = {
  kind: 'behaviour',
  label: 'Behaviour events (CSV)',
  description:
    'Positive and negative behaviour events with their points and any action taken, as a CSV file: the format is in docs/imports/behaviour.md.',
  plan: planBehaviour,
};

const KINDS: readonly BehaviourKind[] = ['positive', 'negative'];

async function planBehaviour(
  db: Kysely<DB>,
  files: readonly ImportFile[],
  options: ImportOptions,
  progress?: (done: number, total: number, stage: string) => void,
): Promise<ImportPlan> {
  const problems = new ProblemList();
  const tables = files.map((file) => readImportTable(file, BEHAVIOUR_COLUMNS));
  const total = tables.reduce((n, t) => n + t.rows.length, 0);
  progress?.(0, total, 'Reading the files');

  // 1. Each row on its own.
  const events: EventRow[] = [];
  const eventIds = new Map<string, { file: string; line: number }>();
  for (const table of tables) {
    for (const p of table.problems) problems.add(p.file, p.line, p.message);
    for (const { line, values } of table.rows) {
      const bad = (message: string) => problems.add(table.file, line, message);
      const before = problems.items.length;
      const eventId = values.event_id ?? '';
      if (eventId === '') bad('The event_id is missing.');
      else {
        const first = eventIds.get(eventId);
        if (first) bad(`The event_id "${eventId}" is also on ${seenAt(first, table.file)}.`);
        else eventIds.set(eventId, { file: table.file, line });
      }
      const ref = studentRefOf(values);
      if (typeof ref === 'string') bad(ref);
      const date = readDate(values.date ?? '', bad);
      const kind = KINDS.find((k) => sameText(k, values.kind ?? ''));
      if ((values.kind ?? '') === '') bad('The kind is missing: write positive or negative.');
      else if (!kind) bad(`"${values.kind}" is not a kind of event: write positive or negative.`);
      const category = kind ? readCategory(values.category ?? '', kind, bad) : null;
      const points = kind ? readPoints(values.points ?? '', kind, bad) : null;
      const description = values.description ?? '';
      if (description === '') bad('The description is missing.');
      else if (description.length > DESCRIPTION_MAX) {
        bad(`The description is longer than ${DESCRIPTION_MAX} characters.`);
      }
      const staffEmail = optionalValue(table, values, 'staff_email');
      const action = readAction(table.columns, values, date, bad);
      if (
        problems.items.length > before ||
        typeof ref === 'string' ||
        date === null ||
        !kind ||
        category === null ||
        points === null
      ) {
        continue;
      }
      events.push({
        file: table.file,
        line,
        ref,
        date,
        kind,
        category,
        points,
        description,
        staffEmail,
        action,
      });
    }
  }
  progress?.(Math.floor(total / 3), total, 'Finding the students and staff');

  // 2. Against the school: students, staff and today.
  const [students, staff] = await Promise.all([
    loadStudents(
      db,
      events.map((e) => e.ref),
    ),
    loadStaffByEmail(
      db,
      events.flatMap((e) => (e.staffEmail ? [e.staffEmail] : [])),
    ),
  ]);
  const wanted = new Map<string, { event: EventRow; write: EventWrite }>();
  for (const event of events) {
    const bad = (message: string) => problems.add(event.file, event.line, message);
    const student = students.find(event.ref);
    if (typeof student === 'string') {
      bad(student);
      continue;
    }
    let staffId: string | null | undefined = event.staffEmail === undefined ? undefined : null;
    if (event.staffEmail) {
      staffId = staff.get(event.staffEmail.toLowerCase());
      if (!staffId) {
        bad(`No member of staff has the email "${event.staffEmail}".`);
        continue;
      }
    }
    if (event.date > options.today) {
      bad(`${event.date} is in the future: events can be imported up to today (${options.today}).`);
      continue;
    }
    const notOnRoll = notOnRollReason(student, event.date, event.ref);
    if (notOnRoll !== null) {
      bad(notOnRoll);
      continue;
    }
    const key = matchKey(student.id, event.date, event.category, event.description);
    const first = wanted.get(key);
    if (first) {
      bad(
        `The event on ${seenAt(first.event, event.file)} is for the same student (${describeRef(event.ref)}), date, category and description: the import cannot tell the two apart. Make the descriptions differ.`,
      );
      continue;
    }
    wanted.set(key, {
      event,
      write: {
        id: crypto.randomUUID(),
        student_id: student.id,
        kind: event.kind,
        category: event.category,
        points: event.points,
        description: event.description,
        occurred_on: event.date,
        recorded_by_staff_id: staffId ?? null,
        action_taken: event.action?.action ?? null,
        action_date: event.action?.actionDate ?? null,
      },
    });
  }
  progress?.(Math.floor((total * 2) / 3), total, 'Comparing with the events on record');

  // 3. Against the events on record: the same student, date, category and description.
  const writes = [...wanted.values()];
  const studentIds = [...new Set(writes.map((w) => w.write.student_id))];
  const dates = [...new Set(writes.map((w) => w.write.occurred_on))];
  const existing =
    writes.length === 0
      ? []
      : await db
          .selectFrom('behaviour_events')
          .select([
            'id',
            'student_id',
            'occurred_on',
            'category',
            'description',
            'points',
            'recorded_by_staff_id',
            'action_taken',
            'action_date',
          ])
          .where(sql<boolean>`student_id = any(${studentIds}::uuid[])`)
          .where(sql<boolean>`occurred_on = any(${dates}::date[])`)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
  const stored = new Map<string, (typeof existing)[number]>();
  for (const row of existing) {
    const key = matchKey(row.student_id, row.occurred_on, row.category, row.description);
    if (!stored.has(key)) stored.set(key, row);
  }
  const tally = new Tally(['events']);
  const toWrite: EventWrite[] = [];
  for (const [key, { event, write }] of wanted) {
    const before = stored.get(key);
    if (!before) {
      tally.count('events', 'add');
      toWrite.push(write);
      continue;
    }
    write.id = before.id;
    // Keep the category and description as recorded: they matched, whatever their case.
    write.category = before.category;
    write.description = before.description;
    if (event.staffEmail === undefined) write.recorded_by_staff_id = before.recorded_by_staff_id;
    if (event.action === undefined) {
      write.action_taken = before.action_taken;
      write.action_date = before.action_date;
    }
    const same =
      before.points === write.points &&
      before.recorded_by_staff_id === write.recorded_by_staff_id &&
      before.action_taken === write.action_taken &&
      before.action_date === write.action_date;
    tally.count('events', same ? 'unchanged' : 'change');
    if (!same) toWrite.push(write);
  }
  progress?.(total, total, 'Checked');

  return {
    summary: { counts: tally.counts, notes: ignoredColumnNotes(tables) },
    problems: problems.sorted(files.map((f) => f.name)),
    studentIds: [...new Set(toWrite.map((w) => w.student_id))],
    async apply(trx) {
      for (const chunk of chunks(toWrite)) {
        await trx
          .insertInto('behaviour_events')
          .values(chunk.map((w) => ({ ...w, created_at: options.now, updated_at: options.now })))
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              points: eb.ref('excluded.points'),
              recorded_by_staff_id: eb.ref('excluded.recorded_by_staff_id'),
              action_taken: eb.ref('excluded.action_taken'),
              action_date: eb.ref('excluded.action_date'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
    },
  };
}

/** How an imported event is matched to one on record. */
function matchKey(studentId: string, date: string, category: string, description: string): string {
  return JSON.stringify([studentId, date, foldText(category), description.trim()]);
}

/** The portal's own spelling of a category of this kind, or null (with the problem said). */
function readCategory(
  value: string,
  kind: BehaviourKind,
  bad: (message: string) => void,
): string | null {
  if (value === '') {
    bad('The category is missing.');
    return null;
  }
  const found = BEHAVIOUR_CATEGORIES[kind].find((c) => sameText(c, value));
  if (found) return found;
  const other: BehaviourKind = kind === 'positive' ? 'negative' : 'positive';
  if (BEHAVIOUR_CATEGORIES[other].some((c) => sameText(c, value))) {
    bad(`"${value}" is a category for ${other} events, not ${kind} ones.`);
  } else {
    bad(`"${value}" is not a category for ${kind} events: use one of those in the guide.`);
  }
  return null;
}

/** Points of the kind's sign, at most MAX_BEHAVIOUR_POINTS either way. */
function readPoints(
  value: string,
  kind: BehaviourKind,
  bad: (message: string) => void,
): number | null {
  if (value === '') {
    bad('The points are missing.');
    return null;
  }
  const points = parseWholeNumber(value);
  const signed = points === null ? 0 : kind === 'positive' ? points : -points;
  if (points === null || signed < 1 || signed > MAX_BEHAVIOUR_POINTS) {
    bad(
      kind === 'positive'
        ? `"${value}" is not right for a positive event: write a whole number from 1 to ${MAX_BEHAVIOUR_POINTS}.`
        : `"${value}" is not right for a negative event: write a minus number from -1 to -${MAX_BEHAVIOUR_POINTS}.`,
    );
    return null;
  }
  return points;
}

/**
 * The action and its date, read together: when the file has either column, a blank one means
 * none. A detention needs its date; a date needs an action and cannot be before the event.
 */
function readAction(
  columns: ReadonlySet<string>,
  values: Record<string, string>,
  eventDate: string | null,
  bad: (message: string) => void,
): { action: string | null; actionDate: string | null } | undefined {
  if (!columns.has('action') && !columns.has('action_date')) return undefined;
  const text = values.action ?? '';
  const action = text === '' ? null : (BEHAVIOUR_ACTIONS.find((a) => sameText(a, text)) ?? null);
  if (text !== '' && action === null) {
    bad(`"${text}" is not an action: use one of those in the guide, or leave it blank.`);
  }
  const dateText = values.action_date ?? '';
  const actionDate = dateText === '' ? null : readDate(dateText, bad, 'action date');
  if (actionDate !== null && text === '') bad('The action date has no action: give the action.');
  if (action === 'Detention' && dateText === '') bad('Give the date of the detention.');
  if (actionDate !== null && eventDate !== null && actionDate < eventDate) {
    bad(`The action date ${actionDate} is before the event on ${eventDate}.`);
  }
  return { action, actionDate };
}
