import { sql, type Kysely } from 'kysely';

/**
 * Email delivery that survives a long mail outage and a crashed worker (issue 11):
 * - `give_up_at`: a message is retried until then (four days after it was queued or resent, so
 *   an outage over a bank-holiday weekend loses nothing), instead of after a fixed attempt count;
 * - `claimed_by` and `claim_id`: which worker holds a message and under which claim, so a restarted
 *   server takes its own dead claims back at once, and each outcome is written only by the claim
 *   that sent it, even after the short lease has been renewed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table email_outbox add column give_up_at timestamptz`.execute(db);
  await sql`update email_outbox set give_up_at = created_at + interval '4 days'`.execute(db);
  await sql`alter table email_outbox alter column give_up_at set not null`.execute(db);
  await sql`alter table email_outbox add column claimed_by text`.execute(db);
  await sql`alter table email_outbox add column claim_id uuid`.execute(db);
  await sql`create index email_outbox_claimed_by_idx on email_outbox (claimed_by) where status = 'sending'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists email_outbox_claimed_by_idx`.execute(db);
  await sql`alter table email_outbox drop column claim_id`.execute(db);
  await sql`alter table email_outbox drop column claimed_by`.execute(db);
  await sql`alter table email_outbox drop column give_up_at`.execute(db);
}
