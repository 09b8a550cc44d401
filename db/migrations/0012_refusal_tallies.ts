import { sql, type Kysely } from 'kysely';

/**
 * Refused requests are audited (issue 10 item 6, P16) as one row per account, procedure, kind of
 * refusal and minute, whose `details.count` grows with each refusal in that minute, so that a flood
 * of refusals cannot grow the log without bound. The unique index makes the tally one
 * `insert … on conflict do update`, which holds when the refusals arrive together; a second index
 * lets at most one "many refusals" notice per account and clock hour be written.
 *
 * The log stays append-only with one narrow exception, enforced here rather than trusted to the
 * code: a refusal tally may be updated, and then only its details, only with the same procedure and
 * minute, and only with a higher count. Every other update, every delete and truncate still fails.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create unique index audit_log_refusal_tally on audit_log
      (action, actor_user_id, (details->>'procedure'), (details->>'minute'))
      where action in ('refused.forbidden', 'refused.not_found')`.execute(db);
  await sql`
    create unique index audit_log_refusal_burst on audit_log
      (target_user_id, (details->>'hour'))
      where action = 'refused.burst'`.execute(db);
  await sql`
    create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      -- OLD and NEW are only looked at for an update of a row (not a delete or a truncate).
      if tg_op = 'UPDATE' then
        if old.action in ('refused.forbidden', 'refused.not_found')
          and new.id = old.id
          and new.at = old.at
          and new.action = old.action
          and new.actor_user_id is not distinct from old.actor_user_id
          and new.student_id is not distinct from old.student_id
          and new.target_user_id is not distinct from old.target_user_id
          and new.ip is not distinct from old.ip
          and new.user_agent is not distinct from old.user_agent
          and new.details->>'procedure' = old.details->>'procedure'
          and new.details->>'minute' = old.details->>'minute'
          and (new.details->>'count')::integer > (old.details->>'count')::integer
        then
          return new;
        end if;
      end if;
      raise exception 'audit_log is append-only';
    end
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create or replace function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only';
    end
    $$`.execute(db);
  await sql`drop index if exists audit_log_refusal_burst`.execute(db);
  await sql`drop index if exists audit_log_refusal_tally`.execute(db);
}
