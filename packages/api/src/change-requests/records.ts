import type { Kysely } from 'kysely';
import type { DB } from '@schoolgate/db';
import { explainCode } from '../attendance';
import type { RecordType } from './rules';
import { staffDisplayName } from '../core';

/** A record a parent can report a problem with, in words, and when it last changed (P7). */
export interface DescribedRecord {
  summary: string;
  updatedAt: Date;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Monday 3 November 2025" for '2025-11-03' (a calendar date: no time zone can shift it). */
export function longDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

const SESSIONS: Record<string, string> = { AM: 'morning', PM: 'afternoon' };
const LESSON_DAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

/** "−1", "+3": points with their sign, using a true minus sign. */
function signedPoints(points: number): string {
  if (points < 0) return `\u2212${Math.abs(points)}`;
  return `+${points}`;
}

function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The record `recordId` of type `recordType`, described in plain English, but only if it belongs
 * to `studentId`: the student's own attendance mark, behaviour entry or report (in a cycle
 * published by `now`), or a lesson of a group the student is in. Null otherwise, so a caller can
 * answer "not found" for another child's record exactly as for a missing one.
 *
 * This does not check who is asking: callers check the student is visible to the user first.
 */
export async function describeStudentRecord(
  db: Kysely<DB>,
  studentId: string,
  recordType: RecordType,
  recordId: string,
  now: Date,
): Promise<DescribedRecord | null> {
  switch (recordType) {
    case 'attendance_mark':
      return describeAttendanceMark(db, studentId, recordId);
    case 'behaviour_event':
      return describeBehaviourEvent(db, studentId, recordId);
    case 'lesson':
      return describeLesson(db, studentId, recordId);
    case 'report':
      return describeReport(db, studentId, recordId, now);
  }
}

async function describeAttendanceMark(
  db: Kysely<DB>,
  studentId: string,
  markId: string,
): Promise<DescribedRecord | null> {
  const mark = await db
    .selectFrom('attendance_marks')
    .select(['on_date', 'session', 'code', 'minutes_late', 'updated_at'])
    .where('id', '=', markId)
    .where('student_id', '=', studentId)
    .executeTakeFirst();
  if (!mark) return null;
  const session = SESSIONS[mark.session] ?? mark.session;
  const late = mark.minutes_late
    ? ` (${mark.minutes_late} ${mark.minutes_late === 1 ? 'minute' : 'minutes'} late)`
    : '';
  const meaning = explainCode(mark.code);
  const explained = `${meaning.charAt(0).toLowerCase()}${meaning.slice(1)}`;
  return {
    summary: `Attendance, ${longDate(mark.on_date)}, ${session}: ${mark.code} \u2014 ${explained}${late}`,
    updatedAt: mark.updated_at,
  };
}

async function describeBehaviourEvent(
  db: Kysely<DB>,
  studentId: string,
  eventId: string,
): Promise<DescribedRecord | null> {
  const event = await db
    .selectFrom('behaviour_events')
    .select(['kind', 'category', 'description', 'points', 'occurred_on', 'updated_at'])
    .where('id', '=', eventId)
    .where('student_id', '=', studentId)
    .executeTakeFirst();
  if (!event) return null;
  const what =
    event.category.trim().toLowerCase() === event.description.trim().toLowerCase()
      ? event.category
      : `${event.category}: ${shorten(event.description, 160)}`;
  const kind = event.kind === 'positive' ? 'positive' : 'negative';
  return {
    summary: `Behaviour (${kind}), ${longDate(event.occurred_on)}: ${what} (${signedPoints(event.points)})`,
    updatedAt: event.updated_at,
  };
}

async function describeLesson(
  db: Kysely<DB>,
  studentId: string,
  lessonId: string,
): Promise<DescribedRecord | null> {
  const lesson = await db
    .selectFrom('lessons as l')
    .innerJoin('teaching_groups as g', 'g.id', 'l.group_id')
    .innerJoin('teaching_group_members as m', (join) =>
      join.onRef('m.group_id', '=', 'g.id').on('m.student_id', '=', studentId),
    )
    .innerJoin('periods as p', 'p.id', 'l.period_id')
    .leftJoin('staff as t', (join) =>
      join.on((eb) => eb('t.id', '=', eb.fn.coalesce('l.teacher_staff_id', 'g.teacher_staff_id'))),
    )
    .innerJoin('school_settings as ss', (join) => join.on('ss.id', '=', 1))
    .select((eb) => [
      'g.subject',
      'l.cycle_week',
      'l.weekday',
      'p.name as period',
      eb.fn.coalesce('l.room', 'g.room').as('room'),
      't.title',
      't.forename',
      't.surname',
      'ss.timetable_cycle_weeks',
      eb.fn<Date>('greatest', ['l.updated_at', 'g.updated_at']).as('updated_at'),
    ])
    .where('l.id', '=', lessonId)
    .executeTakeFirst();
  if (!lesson) return null;
  const week =
    lesson.timetable_cycle_weeks === 2 ? `Week ${lesson.cycle_week === 2 ? 'B' : 'A'} ` : '';
  const parts = [
    `Timetable: ${lesson.subject}`,
    `${week}${LESSON_DAYS[lesson.weekday] ?? ''} ${lesson.period}`.trim(),
  ];
  if (lesson.room) parts.push(`room ${lesson.room}`);
  const teacher = staffDisplayName(lesson);
  if (teacher) parts.push(teacher);
  return { summary: parts.join(', '), updatedAt: lesson.updated_at };
}

async function describeReport(
  db: Kysely<DB>,
  studentId: string,
  reportId: string,
  now: Date,
): Promise<DescribedRecord | null> {
  const report = await db
    .selectFrom('reports as r')
    .innerJoin('report_cycles as c', 'c.id', 'r.cycle_id')
    .select(['c.name', 'r.updated_at'])
    .where('r.id', '=', reportId)
    .where('r.student_id', '=', studentId)
    .where('c.publish_at', 'is not', null)
    .where('c.publish_at', '<=', now)
    .executeTakeFirst();
  if (!report) return null;
  return { summary: `Report: ${report.name}`, updatedAt: report.updated_at };
}
