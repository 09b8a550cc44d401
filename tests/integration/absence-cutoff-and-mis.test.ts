import { beforeAll, describe, expect, it } from 'vitest';
import { newSubmissionKey } from '@schoolgate/api';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  callerFor,
  link,
  newParent,
  newStaff,
  newStudent,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';
import { addMarks, addTerm } from './support/attendance-behaviour-data';

// Issue 13: the school's cut-off for reporting today's absence, which register is the record, and
// the office's export of accepted reports for the school's management system (MIS). Tuesday 17
// November 2026 is a school day in Autumn 2; the school is in Europe/London (GMT in November).
const TODAY = '2026-11-17';
const TOMORROW = '2026-11-18';
const at = (clock: string) => new Date(`${TODAY}T${clock}:00Z`);
const PHONE = '01632 960 123';

let db: Database;
let admin: TestUser & { staffId: string };
let office: TestUser & { staffId: string };

beforeAll(async () => {
  db = await freshDatabase();
  await addTerm(db, 'Autumn 2', '2026-11-02', '2026-12-18');
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
});

let sourceIds = 0;
/** A child with a roster id (so the export can name them) and a parent with responsibility. */
async function family(options: { named?: boolean } = {}) {
  const { studentId } = await newStudent(db, { yearGroup: 9 });
  if (options.named !== false) {
    await db
      .updateTable('students')
      .set({ source_id: `mis-${++sourceIds}` })
      .where('id', '=', studentId)
      .execute();
  }
  const parent = await newParent(db);
  await link(db, parent.contactId, studentId);
  return { parent, studentId };
}

async function report(
  parent: TestUser,
  studentId: string,
  now: Date,
  days: { firstDate: string; lastDate?: string } = { firstDate: TODAY },
) {
  return (await callerFor(db, parent, { now })).absence.report({
    studentIds: [studentId],
    kind: 'absence',
    firstDate: days.firstDate,
    lastDate: days.lastDate ?? days.firstDate,
    sessions: 'all',
    reason: 'illness',
    submissionKey: newSubmissionKey(),
  });
}

async function settings(change: Record<string, unknown>) {
  return (await callerFor(db, admin)).admin.settings.update(change);
}

const marksOf = (studentId: string) =>
  db
    .selectFrom('attendance_marks')
    .select(['on_date', 'session', 'code'])
    .where('student_id', '=', studentId)
    .orderBy('on_date')
    .orderBy('session')
    .execute();

describe('the school’s absence settings', () => {
  it('has defaults, and saves, checks and audits changes from the settings page', async () => {
    const caller = await callerFor(db, admin);
    const before = (await caller.admin.settings.get()).values;
    expect(before).toMatchObject({
      absenceCutoffTime: '08:30',
      absenceChaserTime: '10:00',
      absenceLinePhone: null,
      attendanceRecord: 'portal',
    });
    await settings({ absenceLinePhone: PHONE, absenceChaserTime: '10:30' });
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'settings.updated')
      .orderBy('at', 'desc')
      .executeTakeFirstOrThrow();
    const details = (
      typeof audit.details === 'string' ? JSON.parse(audit.details) : audit.details
    ) as { changes: Record<string, unknown> };
    expect(details.changes.absenceLinePhone).toEqual({ from: null, to: PHONE });
    expect((await caller.admin.settings.get()).values.absenceChaserTime).toBe('10:30');

    for (const [change, field] of [
      [{ absenceCutoffTime: '25:00' }, 'absenceCutoffTime'],
      [{ absenceCutoffTime: '8.30' }, 'absenceCutoffTime'],
      [{ absenceChaserTime: '05:00' }, 'absenceChaserTime'],
      [{ absenceChaserTime: '08:00' }, 'absenceChaserTime'],
      [{ absenceLinePhone: 'call <b>us</b>' }, 'absenceLinePhone'],
      [{ attendanceRecord: 'spreadsheet' }, 'attendanceRecord'],
    ] as const) {
      const refusal = await refusalOf(settings(change));
      expect(refusal.code, JSON.stringify(change)).toBe('BAD_REQUEST');
      expect(Object.keys(refusal.fieldErrors ?? {}), JSON.stringify(change)).toContain(field);
    }
    expect((await caller.admin.settings.get()).values).toMatchObject({
      absenceCutoffTime: '08:30',
      absenceChaserTime: '10:30',
      absenceLinePhone: PHONE,
      attendanceRecord: 'portal',
    });
    await settings({ absenceChaserTime: '10:00' });
  });
});

describe('the cut-off for reporting today’s absence', () => {
  it('takes a report after the cut-off, marks it for the office and tells the parent plainly', async () => {
    await settings({ absenceLinePhone: PHONE });
    const early = await family();
    const late = await family();
    const ahead = await family();
    const before = await report(early.parent, early.studentId, at('08:29'));
    expect(before.afterCutoff).toBe(false);
    expect(before).not.toHaveProperty('cutoffWarning');
    const after = await report(late.parent, late.studentId, at('09:30'));
    expect(after.afterCutoff).toBe(true);
    expect(after.cutoffWarning).toBe(
      `It is after 08:30, so the office may not see your report before registration. If your child is due in school today, please also phone the absence line on ${PHONE}.`,
    );
    // Tomorrow's absence, reported today after the cut-off, is in good time.
    expect(
      (await report(ahead.parent, ahead.studentId, at('09:30'), { firstDate: TOMORROW }))
        .afterCutoff,
    ).toBe(false);

    const queue = await (
      await callerFor(db, office, { now: at('09:31') })
    ).admin.absenceReports.list({});
    const flag = (studentId: string) =>
      queue.reports.find((r) => r.studentId === studentId)?.afterCutoff;
    expect(flag(early.studentId)).toBe(false);
    expect(flag(late.studentId)).toBe(true);
    expect(flag(ahead.studentId)).toBe(false);
    expect(queue.cutoffTime).toBe('08:30');
  });

  it('shows the form’s notice before and after the cut-off the school sets', async () => {
    const { parent } = await family();
    const form = async (clock: string) =>
      (await (await callerFor(db, parent, { now: at(clock) })).absence.form()).cutoff;
    expect(await form('08:00')).toMatchObject({ time: '08:30', passed: false });
    expect(await form('08:30')).toMatchObject({ passed: true, phone: PHONE });
    await settings({ absenceCutoffTime: '09:00', absenceLinePhone: '' });
    try {
      expect(await form('08:45')).toMatchObject({ time: '09:00', passed: false });
      const later = await form('09:15');
      expect(later.passed).toBe(true);
      expect(later.warning).toContain('It is after 09:00');
      expect(later.warning).toContain('please also phone the school');
    } finally {
      await settings({ absenceCutoffTime: '08:30', absenceLinePhone: PHONE });
    }
  });
});

/** Imports a CSV through the real importer, as the staff import page does. */
async function importCsv(csv: string, apply: boolean) {
  const caller = await callerFor(db, office, { now: at('15:00') });
  const input = {
    kind: 'attendance' as const,
    files: [
      { name: 'absences.csv', base64: Buffer.from(`\uFEFF${csv}`, 'utf8').toString('base64') },
    ],
  };
  return apply ? caller.admin.imports.run(input) : caller.admin.imports.preview(input);
}

describe('which register is the record, and the export for the MIS', () => {
  it('exports accepted reports in the attendance import format, and the file re-imports cleanly', async () => {
    const accepted = await family();
    const twoDays = await family();
    const unnamed = await family({ named: false });
    const waiting = await family();
    const officeCaller = await callerFor(db, office, { now: at('09:45') });
    for (const f of [accepted, twoDays, unnamed]) {
      const sent = await report(f.parent, f.studentId, at('08:00'), {
        firstDate: TODAY,
        lastDate: f === twoDays ? TOMORROW : TODAY,
      });
      await officeCaller.admin.absenceReports.accept({
        reportId: sent.reportIds[0]!,
        code: f === twoDays ? 'M' : 'I',
        submissionKey: newSubmissionKey(),
      });
    }
    await report(waiting.parent, waiting.studentId, at('08:00'));

    const file = await officeCaller.admin.absenceReports.exportForMis({
      from: '2026-11-02',
      to: '2026-11-30',
    });
    const sourceOf = async (studentId: string) =>
      (
        await db
          .selectFrom('students')
          .select('source_id')
          .where('id', '=', studentId)
          .executeTakeFirstOrThrow()
      ).source_id;
    const lines = file.csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('upn,student_id,date,session,code');
    // Tomorrow is left out (the register takes no marks for days to come), as is the report still
    // waiting and the child the file cannot name.
    expect(lines.slice(1).sort()).toEqual(
      [
        `,${await sourceOf(accepted.studentId)},${TODAY},AM,I`,
        `,${await sourceOf(accepted.studentId)},${TODAY},PM,I`,
        `,${await sourceOf(twoDays.studentId)},${TODAY},AM,M`,
        `,${await sourceOf(twoDays.studentId)},${TODAY},PM,M`,
      ].sort(),
    );
    expect(file.sessions).toBe(4);
    expect(file.lastDay).toBe(TODAY);
    expect(file.unnamed).toHaveLength(1);
    expect(file.filename).toBe(`absence-reports-2026-11-02-to-${TODAY}.csv`);
    const audit = await db
      .selectFrom('audit_log')
      .select(['details', 'actor_user_id'])
      .where('action', '=', 'absence_report.exported')
      .executeTakeFirstOrThrow();
    expect(audit.actor_user_id).toBe(office.userId);

    // Through the real importer: every row reads, and the marks are already the same.
    const dryRun = await importCsv(file.csv, false);
    expect(dryRun.problems).toEqual([]);
    expect(dryRun.summary.counts.marks).toEqual({ add: 0, change: 0, unchanged: 4 });

    // The MIS is the record: its marks win, so the same file puts the accepted codes back after
    // the marks were changed elsewhere, and a file saying N replaces an accepted code.
    await settings({ attendanceRecord: 'mis' });
    try {
      await db
        .updateTable('attendance_marks')
        .set({ code: 'N' })
        .where('student_id', '=', accepted.studentId)
        .execute();
      const applied = await importCsv(file.csv, true);
      expect(applied.problems).toEqual([]);
      expect(applied.summary.counts.marks).toMatchObject({ change: 2, unchanged: 2 });
      expect((await marksOf(accepted.studentId)).map((m) => m.code)).toEqual(['I', 'I']);
      const source = await sourceOf(accepted.studentId);
      await importCsv(`student_id,date,session,code\r\n${source},${TODAY},AM,N\r\n`, true);
      expect((await marksOf(accepted.studentId)).map((m) => m.code)).toEqual(['N', 'I']);
    } finally {
      await settings({ attendanceRecord: 'portal' });
    }
  });

  it('keeps the office’s accepted marks against an import while the portal is the record', async () => {
    const f = await family();
    const officeCaller = await callerFor(db, office, { now: at('09:45') });
    const sent = await report(f.parent, f.studentId, at('08:00'));
    await officeCaller.admin.absenceReports.accept({
      reportId: sent.reportIds[0]!,
      code: 'I',
      submissionKey: newSubmissionKey(),
    });
    const source = (
      await db
        .selectFrom('students')
        .select('source_id')
        .where('id', '=', f.studentId)
        .executeTakeFirstOrThrow()
    ).source_id;
    const result = await importCsv(
      `student_id,date,session,code\r\n${source},${TODAY},AM,N\r\n${source},${TODAY},PM,I\r\n`,
      true,
    );
    expect(result.problems).toEqual([]);
    expect(result.summary.counts.marks).toMatchObject({ add: 0, change: 0, unchanged: 2 });
    expect(result.summary.notes.join(' ')).toContain('1 mark(s) set by the office');
    expect((await marksOf(f.studentId)).map((m) => m.code)).toEqual(['I', 'I']);
  });

  it('refuses a backwards or overlong range with a plain message', async () => {
    const officeCaller = await callerFor(db, office);
    const backwards = await refusalOf(
      officeCaller.admin.absenceReports.exportForMis({ from: '2026-11-20', to: '2026-11-02' }),
    );
    expect(backwards.message).toContain(
      'The last day must be the same as the first day or after it.',
    );
    const long = await refusalOf(
      officeCaller.admin.absenceReports.exportForMis({ from: '2024-09-01', to: '2026-11-02' }),
    );
    expect(long.message).toContain('One export covers up to 400 days.');
  });
});

describe('the attendance page beside each mark', () => {
  it('says where a parent’s report on the session stands, instead of “needs a reason”', async () => {
    const f = await family();
    await addMarks(db, f.studentId, [
      { date: TODAY, session: 'AM', code: 'N' },
      { date: TODAY, session: 'PM', code: 'N' },
      { date: '2026-11-16', session: 'AM', code: 'N' },
    ]);
    const view = async () =>
      (
        await (
          await callerFor(db, f.parent, { now: at('11:00') })
        ).attendance.forStudent({
          studentId: f.studentId,
        })
      ).days;
    const markOn = async (date: string, session: 'am' | 'pm') =>
      (await view()).find((d) => d.date === date)?.[session];
    expect((await markOn(TODAY, 'am'))?.reported).toBeNull();
    const sent = await report(f.parent, f.studentId, at('10:00'));
    expect(await markOn(TODAY, 'am')).toMatchObject({
      unexplained: true,
      reported: 'Reported by a parent: waiting for the school',
    });
    expect((await markOn(TODAY, 'pm'))?.reported).toBe(
      'Reported by a parent: waiting for the school',
    );
    // Another day's absence, not reported, still needs a reason.
    expect((await markOn('2026-11-16', 'am'))?.reported).toBeNull();
    await (
      await callerFor(db, office, { now: at('11:30') })
    ).admin.absenceReports.accept({
      reportId: sent.reportIds[0]!,
      code: 'I',
      submissionKey: newSubmissionKey(),
    });
    expect(await markOn(TODAY, 'am')).toMatchObject({
      code: 'I',
      unexplained: false,
      reported: 'Reported by a parent: accepted by the school',
    });
  });
});
