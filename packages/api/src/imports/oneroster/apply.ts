import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DB } from '@schoolgate/db';
import type { AccountEmailChange } from '../../accounts';
import { moveAccountEmails } from './account-emails';
import type { Writes } from './plan';

/** At most this many rows go in one statement. */
export const CHUNK = 1000;

type Progress = (done: number, total: number, stage: string) => void;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** A column of an `update … from (values …)`: its name and the SQL type its values take. */
type Column<R> = { name: keyof R & string; type: string };

/**
 * Updates many rows of `table` by id in one statement per chunk:
 * `update t set c = v.c … from (values (…), (…)) as v(id, c …) where t.id = v.id`.
 */
async function updateFrom<R extends { id: string }>(
  trx: Transaction<DB>,
  table: 'students' | 'contacts' | 'staff' | 'teaching_groups',
  columns: Column<R>[],
  rows: readonly R[],
  extra: RawBuilder<unknown>[],
  step: (n: number) => void,
): Promise<void> {
  const names = ['id', ...columns.map((c) => c.name)];
  const types = ['uuid', ...columns.map((c) => c.type)];
  const assignments = [
    ...columns.map((c) => sql`${sql.id(c.name)} = v.${sql.id(c.name)}`),
    ...extra,
  ];
  for (const chunk of chunks(rows)) {
    const values = chunk.map(
      (row) =>
        sql`(${sql.join(
          names.map(
            (name, i) => sql`${(row as Record<string, unknown>)[name]}::${sql.raw(types[i]!)}`,
          ),
        )})`,
    );
    await sql`
      update ${sql.table(table)} as t
      set ${sql.join(assignments)}
      from (values ${sql.join(values)}) as v(${sql.join(names.map((n) => sql.id(n)))})
      where t.id = v.id`.execute(trx);
    step(chunk.length);
  }
}

/**
 * Writes everything a roster import planned, in dependency order, chunk by chunk, and moves the
 * portal accounts of people whose email changed; returns those moves for the audit.
 */
export async function applyWrites(
  trx: Transaction<DB>,
  writes: Writes,
  context: { now: Date; userId: string | null; importRunId: string; progress?: Progress },
): Promise<AccountEmailChange[]> {
  const { now, userId } = context;
  const w = writes;
  const total =
    w.staff.add.length +
    w.staff.change.length +
    w.staff.teacherRoles.length +
    w.students.add.length +
    w.students.change.length +
    w.contacts.add.length +
    w.contacts.change.length +
    w.emailChanges.length +
    w.links.length +
    w.groups.add.length +
    w.groups.change.length +
    w.members.add.length +
    w.members.remove.length +
    w.leavers.propose.length +
    w.leavers.withdraw.length +
    w.curtailments.open.length +
    w.curtailments.end.length;
  let done = 0;
  let stage = '';
  const at = (name: string) => {
    stage = name;
    context.progress?.(done, total, stage);
  };
  const step = (n: number) => {
    done += n;
    context.progress?.(done, total, stage);
  };
  const stamped = { updated_at: sql`${now}::timestamptz`, by: sql`${userId}::uuid` };
  const editedBy = [
    sql`updated_at = ${stamped.updated_at}`,
    sql`updated_by_user_id = ${stamped.by}`,
  ];

  at('Writing teachers');
  for (const chunk of chunks(w.staff.add)) {
    await trx
      .insertInto('staff')
      .values(
        chunk.map((s) => ({ ...s, created_at: now, updated_at: now, updated_by_user_id: userId })),
      )
      .execute();
    step(chunk.length);
  }
  await updateFrom(
    trx,
    'staff',
    [
      { name: 'source_id', type: 'text' },
      { name: 'forename', type: 'text' },
      { name: 'surname', type: 'text' },
      { name: 'email', type: 'text' },
    ],
    w.staff.change,
    editedBy,
    step,
  );
  for (const chunk of chunks(w.staff.teacherRoles)) {
    await trx
      .insertInto('staff_roles')
      .values(chunk.map((staffId) => ({ staff_id: staffId, role: 'teacher' })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    step(chunk.length);
  }

  at('Writing students');
  for (const chunk of chunks(w.students.add)) {
    await trx
      .insertInto('students')
      .values(
        chunk.map((s) => ({ ...s, created_at: now, updated_at: now, updated_by_user_id: userId })),
      )
      .execute();
    step(chunk.length);
  }
  await updateFrom(
    trx,
    'students',
    [
      { name: 'source_id', type: 'text' },
      { name: 'upn', type: 'text' },
      { name: 'forename', type: 'text' },
      { name: 'surname', type: 'text' },
      { name: 'preferred_name', type: 'text' },
      { name: 'date_of_birth', type: 'date' },
      { name: 'year_group', type: 'smallint' },
      { name: 'form', type: 'text' },
    ],
    w.students.change,
    editedBy,
    step,
  );

  at('Writing parents and carers');
  for (const chunk of chunks(w.contacts.add)) {
    await trx
      .insertInto('contacts')
      .values(
        chunk.map((c) => ({ ...c, created_at: now, updated_at: now, updated_by_user_id: userId })),
      )
      .execute();
    step(chunk.length);
  }
  await updateFrom(
    trx,
    'contacts',
    [
      { name: 'forename', type: 'text' },
      { name: 'surname', type: 'text' },
      { name: 'email', type: 'text' },
      { name: 'phone_mobile', type: 'text' },
      { name: 'phone_home', type: 'text' },
    ],
    w.contacts.change,
    editedBy,
    step,
  );
  // Sign-in emails and resets go where the records now say (planning refused any clash).
  const moved = await moveAccountEmails(trx, w.emailChanges, now);
  step(w.emailChanges.length);
  // Unverified and without parental responsibility: staff check that before any account (P3).
  for (const chunk of chunks(w.links)) {
    await trx
      .insertInto('student_contacts')
      .values(
        chunk.map((l) => ({
          ...l,
          status: 'unverified',
          parental_responsibility: false,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    step(chunk.length);
  }

  at('Writing classes');
  for (const chunk of chunks(w.groups.add)) {
    await trx
      .insertInto('teaching_groups')
      .values(chunk.map((g) => ({ ...g, created_at: now, updated_at: now })))
      .execute();
    step(chunk.length);
  }
  await updateFrom(
    trx,
    'teaching_groups',
    [
      { name: 'source_id', type: 'text' },
      { name: 'code', type: 'text' },
      { name: 'title', type: 'text' },
      { name: 'subject', type: 'text' },
      { name: 'year_group', type: 'smallint' },
      { name: 'room', type: 'text' },
      { name: 'teacher_staff_id', type: 'uuid' },
    ],
    w.groups.change,
    [sql`updated_at = ${stamped.updated_at}`],
    step,
  );

  at('Writing class memberships');
  for (const chunk of chunks(w.members.add)) {
    await trx
      .insertInto('teaching_group_members')
      .values(chunk.map(([group_id, student_id]) => ({ group_id, student_id, updated_at: now })))
      .execute();
    step(chunk.length);
  }
  for (const chunk of chunks(w.members.remove)) {
    const pairs = chunk.map(([g, s]) => sql`(${g}::uuid, ${s}::uuid)`);
    await sql`
      delete from teaching_group_members
      where (group_id, student_id) in (values ${sql.join(pairs)})`.execute(trx);
    step(chunk.length);
  }

  at('Proposing leavers');
  for (const chunk of chunks(w.leavers.propose)) {
    await trx
      .insertInto('leaver_proposals')
      .values(
        chunk.map((studentId) => ({
          student_id: studentId,
          import_run_id: context.importRunId,
          proposed_at: now,
        })),
      )
      .execute();
    step(chunk.length);
  }
  // A student proposed before who is back in the roster is on roll after all.
  for (const chunk of chunks(w.leavers.withdraw)) {
    await trx
      .updateTable('leaver_proposals')
      .set({ decision: 'dismissed', decided_at: now, decided_by_user_id: userId })
      .where('id', 'in', chunk)
      .where('decision', 'is', null)
      .execute();
    step(chunk.length);
  }
  // Access the school's system has curtailed stops now (checked at every request).
  at('Curtailing access');
  for (const chunk of chunks(w.curtailments.open)) {
    await trx
      .insertInto('mis_curtailments')
      .values(chunk.map((c) => ({ ...c, created_at: now })))
      .execute();
    step(chunk.length);
  }
  for (const chunk of chunks(w.curtailments.end)) {
    await trx
      .updateTable('mis_curtailments')
      .set({ ended_at: now })
      .where('id', 'in', chunk)
      .where('ended_at', 'is', null)
      .execute();
    step(chunk.length);
  }
  context.progress?.(total, total, 'Done');
  return moved;
}
