import { expressionBuilder, sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import { loadSettings, recordAudit, type DB } from '@schoolgate/db';
import { enqueueEmail } from '@schoolgate/email';
import {
  AppError,
  actorOf,
  holdsAny,
  staffDisplayName,
  submitOnce,
  type SessionUser,
  type SignedInContext,
} from '../core';
import {
  contactMaySee,
  onRoll,
  studentDisplayName,
  studentIsHeld,
  teaches,
  userIsSuspended,
} from '../access';
import { schoolIdentity } from '../email';
import { newMessageEmail } from './emails';
import {
  CLOSED_THREAD,
  NOT_A_RECIPIENT,
  THREAD_NOT_FOUND,
  addresseeLabel,
  normaliseText,
  piecesOf,
  schoolRecipient,
  staffMayReply,
  type InboxFilter,
} from './rules';
import { loadMessageSettings } from './settings';
import { familyMaySee, staffMaySee, type MessageSettings, type ThreadsEb } from './visibility';

/** Which side of a conversation the caller is on: the family who wrote, or the school. */
export type Side = 'family' | 'school';

const STUDENT_NOT_FOUND = 'We could not find that student.';
const ONLY_FAMILIES =
  'Only a parent or carer (or a student, where the school allows it) can start a conversation here.';
const STUDENTS_OFF = 'The school has not turned on messages from students.';
const HELD_NO_CHANGE =
  'A safeguarding hold covers this child: the conversation cannot be changed here.';
/** A staff id nobody has, for conditions when the caller has no staff record. */
const NO_STAFF = '00000000-0000-0000-0000-000000000000';

/** How the caller writes as family: as a parent or carer, or as a student. */
function familyWriter(ctx: SignedInContext): 'contact' | 'student' {
  if (ctx.user.contactId && holdsAny(ctx.user.roles, ['parent'])) return 'contact';
  if (ctx.user.studentId && holdsAny(ctx.user.roles, ['student'])) return 'student';
  throw new AppError('forbidden', ONLY_FAMILIES);
}

function visibleTo(
  eb: ThreadsEb,
  user: SessionUser,
  side: Side,
  now: Date,
  settings: MessageSettings,
) {
  return side === 'family' ? familyMaySee(eb, user, now, settings) : staffMaySee(eb, user, now);
}

/**
 * The children the caller may write about now, with their names: for a parent or carer, the
 * children the access policy lets them see (with parental responsibility, or without it where the
 * school allows that); for a student, themselves, where the school allows students to write.
 */
async function writableChildren(db: Kysely<DB>, ctx: SignedInContext, settings: MessageSettings) {
  const now = ctx.now();
  const as = familyWriter(ctx);
  if (as === 'student' && !settings.studentsMayMessageTeachers) return [];
  return db
    .selectFrom('students as s')
    .select(['s.id', 's.forename', 's.preferred_name', 's.surname'])
    .where((eb) =>
      as === 'contact'
        ? contactMaySee(
            eb,
            ctx.user.contactId ?? '',
            now,
            settings.contactsWithoutPrMayWrite
              ? 'or_contact_without_pr'
              : 'parental_responsibility',
          )
        : eb.and([
            eb('s.id', '=', ctx.user.studentId ?? NO_STAFF),
            onRoll(eb, now),
            eb.not(studentIsHeld()),
          ]),
    )
    .orderBy('s.year_group', 'desc')
    .orderBy('s.forename')
    .execute();
}

/** The teachers with an active account who teach each of `studentIds`: the one rule, ../access. */
/** The member of staff `staff as st` holds one of `roles`. */
function holdsStaffRole(roles: readonly string[]): Expression<SqlBool> {
  const eb = expressionBuilder<DB & { st: DB['staff'] }, 'st'>();
  return eb.exists(
    eb
      .selectFrom('staff_roles as r')
      .select(sql`1`.as('one'))
      .whereRef('r.staff_id', '=', 'st.id')
      .where('r.role', 'in', [...roles]),
  );
}

async function teachersOf(db: Kysely<DB>, studentIds: readonly string[]) {
  if (studentIds.length === 0) return [];
  return db
    .selectFrom(['students as s', 'staff as st'])
    .innerJoin('users as u', 'u.staff_id', 'st.id')
    .select(['s.id as student_id', 'st.id', 'st.title', 'st.forename', 'st.surname'])
    .where('s.id', 'in', [...studentIds])
    .where('u.status', '=', 'active')
    .where(holdsStaffRole(['teacher']))
    .where((eb) => teaches(eb, sql.ref<string>('st.id')))
    .orderBy('st.surname')
    .orderBy('st.forename')
    .execute();
}

/** What the writing form offers: each child, and for each the office and the child's teachers. */
export async function writingForm(ctx: SignedInContext) {
  const settings = await loadMessageSettings(ctx.db);
  const as = familyWriter(ctx);
  const children = await writableChildren(ctx.db, ctx, settings);
  const teachers = await teachersOf(
    ctx.db,
    children.map((c) => c.id),
  );
  return {
    replyNotice: settings.replyNotice,
    studentsOff: as === 'student' && !settings.studentsMayMessageTeachers,
    children: children.map((c) => ({
      id: c.id,
      displayName: studentDisplayName(c),
      recipients: [
        ...(as === 'contact' ? [{ id: 'office', label: 'School office' }] : []),
        ...teachers
          .filter((t) => t.student_id === c.id)
          .map((t) => ({ id: t.id, label: `${staffDisplayName(t) ?? 'Teacher'} (teacher)` })),
      ],
    })),
  };
}

export interface NewThread {
  studentId: string;
  to: string;
  subject: string;
  body: string;
  submissionKey?: string | undefined;
}

/**
 * A parent or carer (or a student, where allowed) starts a conversation about one child with the
 * office or one of the child's teachers: the thread, its first message, the writer's read mark,
 * the audit entry and the email to the school, all in one transaction. The same form sent twice
 * starts one thread.
 */
export async function startThread(ctx: SignedInContext, input: NewThread) {
  const as = familyWriter(ctx);
  const now = ctx.now();
  const body = normaliseText(input.body);
  const subject = input.subject.trim();
  const settings = await loadMessageSettings(ctx.db);
  if (as === 'student' && !settings.studentsMayMessageTeachers) {
    throw new AppError('forbidden', STUDENTS_OFF);
  }
  const submission = { purpose: 'message.start', userId: ctx.user.id, input };
  return ctx.db.transaction().execute(async (trx) => {
    // Checked before a repeated form is answered from its first sending: a parent restricted
    // since is refused, not told again that the message went.
    const child = (await writableChildren(trx, ctx, settings)).find(
      (c) => c.id === input.studentId,
    );
    if (!child) throw new AppError('not_found', STUDENT_NOT_FOUND);
    let teacher: { id: string; title: string | null; forename: string; surname: string } | null =
      null;
    if (input.to !== 'office' || as === 'student') {
      teacher = (await teachersOf(trx, [child.id])).find((t) => t.id === input.to) ?? null;
      if (!teacher) {
        throw new AppError('bad_input', NOT_A_RECIPIENT, {
          fieldErrors: { to: [NOT_A_RECIPIENT] },
        });
      }
    }
    return submitOnce(trx, now, submission, async () => {
      const thread = await trx
        .insertInto('message_threads')
        .values({
          student_id: child.id,
          started_by_user_id: ctx.user.id,
          started_as: as,
          addressed_to: teacher ? 'teacher' : 'office',
          teacher_staff_id: teacher?.id ?? null,
          subject,
          created_at: now,
          last_message_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const message = await trx
        .insertInto('messages')
        .values({
          thread_id: thread.id,
          author_user_id: ctx.user.id,
          from_school: false,
          body,
          created_at: now,
        })
        .returning(['id', 'seq'])
        .executeTakeFirstOrThrow();
      await markReadUpTo(trx, thread.id, ctx.user.id, Number(message.seq), now);
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'message.thread_started',
        studentId: child.id,
        details: {
          thread_id: thread.id,
          message_id: message.id,
          addressed_to: teacher ? 'teacher' : 'office',
          teacher_staff_id: teacher?.id ?? null,
        },
      });
      await notifySchool(trx, ctx, thread.id);
      const to = teacher ? (staffDisplayName(teacher) ?? 'the teacher') : 'the school office';
      return {
        threadId: thread.id,
        message: `Your message about ${studentDisplayName(child)} has been sent to ${to}.`,
      };
    });
  });
}

/** Every view of a thread reads these columns, with the child and the staff named on it. */
function threadQuery(db: Kysely<DB>, now: Date) {
  return db
    .selectFrom('message_threads as t')
    .innerJoin('students as s', 's.id', 't.student_id')
    .leftJoin('staff as ts', 'ts.id', 't.teacher_staff_id')
    .leftJoin('staff as xs', 'xs.id', 't.assigned_staff_id')
    .select((eb) => [
      't.id',
      't.student_id',
      't.started_by_user_id',
      't.started_as',
      't.addressed_to',
      't.teacher_staff_id',
      't.assigned_staff_id',
      't.subject',
      't.status',
      't.closed_at',
      't.created_at',
      't.last_message_at',
      's.forename',
      's.preferred_name',
      's.surname',
      'ts.title as teacher_title',
      'ts.forename as teacher_forename',
      'ts.surname as teacher_surname',
      'xs.title as assignee_title',
      'xs.forename as assignee_forename',
      'xs.surname as assignee_surname',
      sql<boolean>`${onRoll(eb, now)}`.as('on_roll'),
      sql<boolean>`${studentIsHeld()}`.as('held'),
    ]);
}

type ThreadRow = Awaited<ReturnType<ReturnType<typeof threadQuery>['executeTakeFirstOrThrow']>>;

/** A thread's summary as lists and the thread page show it. */
function threadSummary(row: ThreadRow, unread: number) {
  const teacherName = staffDisplayName({
    title: row.teacher_title,
    forename: row.teacher_forename,
    surname: row.teacher_surname,
  });
  return {
    id: row.id,
    studentId: row.student_id,
    studentName: studentDisplayName(row),
    subject: row.subject,
    addressedTo: row.addressed_to as 'office' | 'teacher',
    addressee: addresseeLabel(row.addressed_to as 'office' | 'teacher', teacherName),
    assignedStaffId: row.assigned_staff_id,
    assignee: staffDisplayName({
      title: row.assignee_title,
      forename: row.assignee_forename,
      surname: row.assignee_surname,
    }),
    status: row.status as 'open' | 'closed',
    closedAt: row.closed_at,
    createdAt: row.created_at,
    lastMessageAt: row.last_message_at,
    unread,
  };
}

/** Messages in a thread not yet read by `userId`, from the other side. */
function unreadCount(userId: string, side: Side) {
  return sql<string>`(select count(*) from messages m
    where m.thread_id = t.id and m.from_school = ${side === 'family'}
      and m.seq > coalesce((select r.read_seq from message_reads r
        where r.thread_id = t.id and r.user_id = ${userId}), 0))`;
}

/** Records that `userId` has read `threadId` up to message `seq` (never backwards). */
async function markReadUpTo(
  db: Kysely<DB>,
  threadId: string,
  userId: string,
  seq: number,
  now: Date,
) {
  await db
    .insertInto('message_reads')
    .values({ thread_id: threadId, user_id: userId, read_seq: seq, read_at: now })
    .onConflict((oc) =>
      oc.columns(['thread_id', 'user_id']).doUpdateSet({
        read_seq: sql<number>`greatest(message_reads.read_seq, excluded.read_seq)`,
        read_at: now,
      }),
    )
    .execute();
}

/** Lists audit which threads (and so which children) were shown, without the words (P10). */
async function auditList(ctx: SignedInContext, rows: { id: string; student_id: string }[]) {
  if (rows.length === 0) return;
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.message_threads',
    details: {
      thread_ids: rows.map((r) => r.id),
      student_ids: [...new Set(rows.map((r) => r.student_id))],
    },
  });
}

/** The family's own conversations, newest first, with unread counts: only those still theirs. */
export async function myThreads(ctx: SignedInContext) {
  familyWriter(ctx);
  const now = ctx.now();
  const settings = await loadMessageSettings(ctx.db);
  const rows = await threadQuery(ctx.db, now)
    .select(unreadCount(ctx.user.id, 'family').as('unread'))
    .where((eb) => familyMaySee(eb, ctx.user, now, settings))
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id')
    .limit(200)
    .execute();
  await auditList(ctx, rows);
  return rows.map((r) => threadSummary(r, Number(r.unread)));
}

/**
 * The staff inbox: open threads addressed to the office (for the office), to me, or assigned to
 * me; `all` every open thread I may see; `closed` those closed. Unread counts are per person.
 */
export async function inbox(ctx: SignedInContext, filter: InboxFilter) {
  const now = ctx.now();
  const staffId = ctx.user.staffId ?? NO_STAFF;
  const office = holdsAny(ctx.user.roles, ['office', 'admin']);
  const rows = await threadQuery(ctx.db, now)
    .select(unreadCount(ctx.user.id, 'school').as('unread'))
    .where((eb) => staffMaySee(eb, ctx.user, now))
    .where('t.status', '=', filter === 'closed' ? 'closed' : 'open')
    .$if(filter === 'inbox' && office, (q) =>
      q.where((eb) =>
        eb.or([
          eb('t.addressed_to', '=', 'office'),
          eb('t.teacher_staff_id', '=', staffId),
          eb('t.assigned_staff_id', '=', staffId),
          studentIsHeld(),
        ]),
      ),
    )
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id')
    .limit(200)
    .execute();
  await auditList(ctx, rows);
  const threads = rows.map((r) => threadSummary(r, Number(r.unread)));
  return {
    filter,
    threads,
    unread: threads.reduce((n, t) => n + t.unread, 0),
  };
}

/** For the staff home: how many unread messages from families wait in my inbox. Counts only. */
export async function staffUnread(ctx: SignedInContext) {
  const now = ctx.now();
  const staffId = ctx.user.staffId ?? NO_STAFF;
  const office = holdsAny(ctx.user.roles, ['office', 'admin']);
  const row = await ctx.db
    .selectFrom('message_threads as t')
    .innerJoin('students as s', 's.id', 't.student_id')
    .select((eb) => [
      sql<string>`coalesce(sum(${unreadCount(ctx.user.id, 'school')}), 0)`.as('unread'),
      eb.fn.countAll<string>().as('threads'),
    ])
    .where((eb) => staffMaySee(eb, ctx.user, now))
    .where('t.status', '=', 'open')
    .$if(office, (q) =>
      q.where((eb) =>
        eb.or([
          eb('t.addressed_to', '=', 'office'),
          eb('t.teacher_staff_id', '=', staffId),
          eb('t.assigned_staff_id', '=', staffId),
          studentIsHeld(),
        ]),
      ),
    )
    .executeTakeFirstOrThrow();
  return { unread: Number(row.unread), threads: Number(row.threads) };
}

/** The thread `threadId` if the caller may see it from `side`; else "not found". */
async function visibleThread(
  db: Kysely<DB>,
  ctx: SignedInContext,
  side: Side,
  threadId: string,
  settings: MessageSettings,
  lock = false,
) {
  const now = ctx.now();
  const row = await threadQuery(db, now)
    .where('t.id', '=', threadId)
    .where((eb) => visibleTo(eb, ctx.user, side, now, settings))
    .$if(lock, (q) => q.forUpdate('t'))
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', THREAD_NOT_FOUND);
  return row;
}

/**
 * Whether the person who started the thread may still see it (the same rule they are held to),
 * and their account address: a staff reply goes nowhere they cannot read.
 */
async function familyAccess(
  db: Kysely<DB>,
  ctx: SignedInContext,
  row: ThreadRow,
  settings: MessageSettings,
) {
  const starter = await db
    .selectFrom('users as u')
    .select([
      'u.id',
      'u.email',
      'u.status',
      'u.username',
      'u.contact_id',
      'u.student_id',
      sql<boolean>`${userIsSuspended()}`.as('suspended'),
    ])
    .where('u.id', '=', row.started_by_user_id)
    .executeTakeFirstOrThrow();
  if (starter.status !== 'active' || starter.suspended) return { canSee: false, email: null };
  const asFamily: SessionUser = {
    ...ctx.user,
    id: starter.id,
    roles: [row.started_as === 'contact' ? 'parent' : 'student'],
    contactId: row.started_as === 'contact' ? starter.contact_id : null,
    studentId: row.started_as === 'student' ? starter.student_id : null,
    staffId: null,
  };
  const now = ctx.now();
  const seen = await db
    .selectFrom('message_threads as t')
    .innerJoin('students as s', 's.id', 't.student_id')
    .select('t.id')
    .where('t.id', '=', row.id)
    .where((eb) => familyMaySee(eb, asFamily, now, settings))
    .executeTakeFirst();
  return { canSee: seen !== undefined, email: seen ? starter.email : null };
}

/** Staff who may be given a thread: the office and admins, and the child's teachers. */
async function assignable(db: Kysely<DB>, studentId: string) {
  const office = await db
    .selectFrom('staff as st')
    .innerJoin('users as u', 'u.staff_id', 'st.id')
    .select(['st.id', 'st.title', 'st.forename', 'st.surname'])
    .where('u.status', '=', 'active')
    .where(holdsStaffRole(['office', 'admin']))
    .orderBy('st.surname')
    .orderBy('st.forename')
    .execute();
  const teachers = await teachersOf(db, [studentId]);
  const seen = new Set<string>();
  return [...office, ...teachers]
    .filter((s) => (seen.has(s.id) ? false : (seen.add(s.id), true)))
    .map((s) => ({
      id: s.id,
      label: `${s.forename} ${s.surname}${teachers.some((t) => t.id === s.id) ? ' (teaches the child)' : ''}`,
    }));
}

/**
 * One conversation with its messages, oldest first. Every read is audited with the messages shown
 * (P10). Staff also learn whether they may reply, and the office whom they may assign it to.
 */
export async function readThread(ctx: SignedInContext, side: Side, threadId: string) {
  if (side === 'family') familyWriter(ctx);
  const settings = await loadMessageSettings(ctx.db);
  const row = await visibleThread(ctx.db, ctx, side, threadId, settings);
  const messages = await ctx.db
    .selectFrom('messages as m')
    .innerJoin('users as u', 'u.id', 'm.author_user_id')
    .leftJoin('staff as st', 'st.id', 'u.staff_id')
    .leftJoin('contacts as c', 'c.id', 'u.contact_id')
    .leftJoin('students as su', 'su.id', 'u.student_id')
    .select([
      'm.id',
      'm.seq',
      'm.body',
      'm.from_school',
      'm.created_at',
      'm.author_user_id',
      'st.title as staff_title',
      'st.forename as staff_forename',
      'st.surname as staff_surname',
      'c.forename as contact_forename',
      'c.surname as contact_surname',
      'su.forename as student_forename',
      'su.surname as student_surname',
    ])
    .where('m.thread_id', '=', row.id)
    .orderBy('m.seq')
    .execute();
  await recordAudit(ctx.db, {
    ...actorOf(ctx),
    action: 'view.message_thread',
    studentId: row.student_id,
    details: { thread_id: row.id, message_ids: messages.map((m) => m.id) },
  });
  let reply: { ok: true } | { ok: false; reason: string };
  let colleagues: { id: string; label: string }[] = [];
  if (side === 'school') {
    const family = await familyAccess(ctx.db, ctx, row, settings);
    reply = staffMayReply({
      held: row.held,
      onRoll: row.on_roll,
      familyCanSee: family.canSee,
      status: row.status as 'open' | 'closed',
    });
    if (holdsAny(ctx.user.roles, ['office', 'admin']) && !row.held && row.status === 'open') {
      colleagues = await assignable(ctx.db, row.student_id);
    }
  } else {
    reply =
      row.status === 'closed'
        ? { ok: false, reason: CLOSED_THREAD }
        : row.started_as === 'student' && !settings.studentsMayMessageTeachers
          ? { ok: false, reason: STUDENTS_OFF }
          : { ok: true };
  }
  const unread = await ctx.db
    .selectFrom('message_threads as t')
    .select(unreadCount(ctx.user.id, side).as('n'))
    .where('t.id', '=', row.id)
    .executeTakeFirstOrThrow();
  return {
    thread: threadSummary(row, Number(unread.n)),
    replyNotice: side === 'family' ? settings.replyNotice : null,
    mayReply: reply.ok,
    replyProblem: reply.ok ? null : reply.reason,
    mayClose: side === 'school' && !row.held && row.status === 'open',
    colleagues,
    messages: messages.map((m) => ({
      id: m.id,
      fromSchool: m.from_school,
      mine: m.author_user_id === ctx.user.id,
      author: m.from_school
        ? (staffDisplayName({
            title: m.staff_title,
            forename: m.staff_forename,
            surname: m.staff_surname,
          }) ?? 'The school')
        : [m.contact_forename ?? m.student_forename, m.contact_surname ?? m.student_surname]
            .filter(Boolean)
            .join(' ') || 'The family',
      body: m.body,
      pieces: piecesOf(m.body),
      createdAt: m.created_at,
    })),
  };
}

/** Marks the thread read to its newest message for the caller. */
export async function markRead(ctx: SignedInContext, side: Side, threadId: string) {
  if (side === 'family') familyWriter(ctx);
  const settings = await loadMessageSettings(ctx.db);
  const row = await visibleThread(ctx.db, ctx, side, threadId, settings);
  const newest = await ctx.db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('thread_id', '=', row.id)
    .executeTakeFirstOrThrow();
  await markReadUpTo(ctx.db, row.id, ctx.user.id, Number(newest.seq ?? 0), ctx.now());
  return { unread: 0 };
}

export interface NewReply {
  threadId: string;
  body: string;
  submissionKey?: string | undefined;
}

/**
 * Adds a message to a thread, from the family or from the school, in one transaction with its
 * audit entry and the email to the other side. The thread is locked, and who may write is checked
 * inside the transaction: a hold or restriction committed first refuses the reply.
 */
export async function reply(ctx: SignedInContext, side: Side, input: NewReply) {
  if (side === 'family') familyWriter(ctx);
  const now = ctx.now();
  const body = normaliseText(input.body);
  const settings = await loadMessageSettings(ctx.db);
  const submission = { purpose: `message.reply.${side}`, userId: ctx.user.id, input };
  return ctx.db.transaction().execute(async (trx) => {
    const row = await visibleThread(trx, ctx, side, input.threadId, settings, true);
    if (side === 'family') {
      if (row.status === 'closed') throw new AppError('conflict', CLOSED_THREAD);
      if (row.started_as === 'student' && !settings.studentsMayMessageTeachers) {
        throw new AppError('forbidden', STUDENTS_OFF);
      }
    } else {
      const family = await familyAccess(trx, ctx, row, settings);
      const may = staffMayReply({
        held: row.held,
        onRoll: row.on_roll,
        familyCanSee: family.canSee,
        status: row.status as 'open' | 'closed',
      });
      if (!may.ok) throw new AppError('conflict', may.reason);
    }
    return submitOnce(trx, now, submission, async () => {
      const message = await trx
        .insertInto('messages')
        .values({
          thread_id: row.id,
          author_user_id: ctx.user.id,
          from_school: side === 'school',
          body,
          created_at: now,
        })
        .returning(['id', 'seq'])
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('message_threads')
        .set({ last_message_at: now })
        .where('id', '=', row.id)
        .execute();
      await markReadUpTo(trx, row.id, ctx.user.id, Number(message.seq), now);
      await recordAudit(trx, {
        ...actorOf(ctx),
        action: 'message.sent',
        studentId: row.student_id,
        details: { thread_id: row.id, message_id: message.id, from_school: side === 'school' },
      });
      if (side === 'school') {
        const family = await familyAccess(trx, ctx, row, settings);
        if (family.email) await notify(trx, ctx, family.email, 'family', `/messages/${row.id}`);
      } else {
        await notifySchool(trx, ctx, row.id);
      }
      return { messageId: message.id, message: 'Your message has been sent.' };
    });
  });
}

/** Queues the email that says a message is waiting: no words from it, only the link. */
async function notify(trx: Kysely<DB>, ctx: SignedInContext, to: string, side: Side, path: string) {
  const settings = await loadSettings(trx);
  await enqueueEmail(
    trx,
    {
      ...newMessageEmail(
        schoolIdentity(settings),
        side,
        ctx.portalUrl ? `${ctx.portalUrl}${path}` : null,
      ),
      to,
      kind: side === 'family' ? 'message_to_family' : 'message_to_school',
    },
    ctx.now(),
  );
}

/** Tells the school a family has written: the colleague it is assigned to, the teacher, or the office. */
async function notifySchool(trx: Kysely<DB>, ctx: SignedInContext, threadId: string) {
  const row = await trx
    .selectFrom('message_threads as t')
    .leftJoin('users as tu', (join) =>
      join.onRef('tu.staff_id', '=', 't.teacher_staff_id').on('tu.status', '=', 'active'),
    )
    .leftJoin('users as au', (join) =>
      join.onRef('au.staff_id', '=', 't.assigned_staff_id').on('au.status', '=', 'active'),
    )
    .select(['t.addressed_to', 'tu.email as teacher_email', 'au.email as assignee_email'])
    .where('t.id', '=', threadId)
    .executeTakeFirstOrThrow();
  const settings = await loadSettings(trx);
  const to = schoolRecipient({
    addressedTo: row.addressed_to as 'office' | 'teacher',
    teacherEmail: row.teacher_email,
    assigneeEmail: row.assignee_email,
    officeEmail: settings.enquiries_email,
  });
  if (to) await notify(trx, ctx, to, 'school', `/admin/messages/${threadId}`);
}

/** Staff close a conversation: the family sees it closed and can start a new one. */
export async function closeThread(
  ctx: SignedInContext,
  input: { threadId: string; submissionKey?: string | undefined },
) {
  const now = ctx.now();
  const settings = await loadMessageSettings(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await visibleThread(trx, ctx, 'school', input.threadId, settings, true);
    if (row.held) throw new AppError('conflict', HELD_NO_CHANGE);
    if (row.status === 'closed') {
      throw new AppError('conflict', 'This conversation is already closed.');
    }
    await trx
      .updateTable('message_threads')
      .set({ status: 'closed', closed_at: now, closed_by_user_id: ctx.user.id })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'message.thread_closed',
      studentId: row.student_id,
      details: { thread_id: row.id },
    });
    return { status: 'closed' as const, message: 'The conversation is closed.' };
  });
}

/** The office gives a thread to a colleague (another of the office, or one of the child's teachers). */
export async function assignThread(
  ctx: SignedInContext,
  input: { threadId: string; staffId: string },
) {
  const settings = await loadMessageSettings(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await visibleThread(trx, ctx, 'school', input.threadId, settings, true);
    if (row.held) {
      throw new AppError('conflict', HELD_NO_CHANGE);
    }
    if (row.status === 'closed') {
      throw new AppError('conflict', 'This conversation is closed, so it cannot be assigned.');
    }
    const colleague = (await assignable(trx, row.student_id)).find((s) => s.id === input.staffId);
    if (!colleague) {
      const problem =
        'Choose a colleague from the list: the office, or one of the child’s teachers.';
      throw new AppError('bad_input', problem, { fieldErrors: { staffId: [problem] } });
    }
    await trx
      .updateTable('message_threads')
      .set({ assigned_staff_id: colleague.id })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'message.thread_assigned',
      studentId: row.student_id,
      details: { thread_id: row.id, staff_id: colleague.id },
    });
    const assignee = await trx
      .selectFrom('users')
      .select('email')
      .where('staff_id', '=', colleague.id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (assignee && colleague.id !== ctx.user.staffId) {
      await notify(trx, ctx, assignee.email, 'school', `/admin/messages/${row.id}`);
    }
    return { message: `The conversation is assigned to ${colleague.label}.` };
  });
}
