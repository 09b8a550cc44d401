import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { generateToken } from '@schoolgate/auth';
import type { DB } from '@schoolgate/db';

// A form sent twice does its work once (issue 11). Each page that creates or sends something
// renders a fresh random key in a hidden field. The procedure claims the digest of that key, with
// who sent it, for what, and what they sent, in the same transaction as the work: the table's
// primary key makes a second claim wait for the first transaction and then find its row, so a
// double-click, a resent request or twenty parallel posts answer with the first result.
//
// The content is part of the digest, so one rendered page can still send different things (two
// rows' buttons on one list, or the form changed after going back): only the same thing sent
// again with the same key is a repeat. A call without a key is not deduplicated.

/** A fresh key for one rendered form: 160 random bits, as the session tokens are made. */
export const newSubmissionKey = (): string => generateToken();

/** The optional `submissionKey` field of a creating procedure's input. */
export const submissionKey = z
  .string()
  .regex(/^[a-z2-7]{32}$/, 'This form is out of date. Reload the page and send it again.')
  .optional();

/** A value that survives being stored as JSON and read back: no dates, no undefined. */
export type StoredValue =
  | string
  | number
  | boolean
  | null
  | readonly StoredValue[]
  | { readonly [key: string]: StoredValue };

/** An answer that can be stored as JSON and given again unchanged. */
export type StoredAnswer = { readonly [key: string]: StoredValue };

export interface Submission {
  /** What the form does, as in the audit log: `notice.save`, `change_request.report_change`. */
  purpose: string;
  /** Who sends it; null on the public forms. */
  userId: string | null;
  /** The checked input, `submissionKey` included; no key means no deduplication. */
  input: { submissionKey?: string | undefined };
}

/** How long a used key is remembered: far longer than any double-click or retry. */
const KEEP_DAYS = 7;
/** Old claims pruned by each new one, at most: a small, steady amount of work. */
const PRUNE_BATCH = 100;

/**
 * Runs `work` once for this submission, inside the caller's transaction `trx`, and returns its
 * answer; the same submission sent again returns the first answer without running `work`. A
 * refusal thrown by `work` rolls the claim back with everything else, so the form can be fixed
 * and sent again with the same key.
 */
export async function submitOnce<T extends StoredAnswer>(
  trx: Kysely<DB>,
  now: Date,
  submission: Submission,
  work: () => Promise<T>,
): Promise<T> {
  if (!submission.input.submissionKey) return work();
  const key = digestOf(submission);
  // On PostgreSQL a second claim of the same key waits here until the first commits or rolls back.
  const claimed = await trx
    .insertInto('form_submissions')
    .values({
      key,
      purpose: submission.purpose,
      user_id: submission.userId,
      result: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    const first = await trx
      .selectFrom('form_submissions')
      .select('result')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    return first.result as unknown as T;
  }
  const answer = await work();
  await trx
    .updateTable('form_submissions')
    .set({ result: JSON.stringify(answer) })
    .where('key', '=', key)
    .execute();
  await pruneOldSubmissions(trx, now);
  return answer;
}

/** The stored form of a submission: who, what for, and exactly what was sent, with the key. */
function digestOf({ purpose, userId, input }: Submission): string {
  return createHash('sha256')
    .update(JSON.stringify([purpose, userId, input]))
    .digest('hex');
}

/**
 * Forgets keys older than a week, a batch at a time; rows another transaction is pruning are
 * skipped rather than waited for, so submissions never queue behind each other's housekeeping.
 */
async function pruneOldSubmissions(trx: Kysely<DB>, now: Date): Promise<void> {
  const before = new Date(now.getTime() - KEEP_DAYS * 24 * 60 * 60 * 1000);
  await sql`
    delete from form_submissions where key in (
      select key from form_submissions where created_at < ${before}
      order by created_at limit ${PRUNE_BATCH} for update skip locked)`.execute(trx);
}
