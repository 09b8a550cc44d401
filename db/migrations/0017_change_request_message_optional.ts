import { sql, type Kysely } from 'kysely';

/**
 * A change of address, phone or email carries the new details; a message is the parent's own
 * words, and may be empty. Before, the portal stored a stand-in ("Please update my phone
 * numbers.") and showed it as "Your message" though the parent never wrote it (issue 12). Medical
 * and other news, and reports of a wrong record, still need words. Stand-ins already stored
 * become empty.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table change_requests drop constraint change_requests_message_check`.execute(db);
  await sql`
    alter table change_requests add constraint change_requests_message_check
      check (length(message) <= 2000 and (length(message) >= 1 or proposed is not null))`.execute(
    db,
  );
  await sql`
    update change_requests set message = ''
    where kind = 'change_of_details' and proposed is not null
      and (detail_type, message) in (
        ('address', 'Please update my address.'),
        ('phone', 'Please update my phone numbers.'),
        ('email', 'Please update my email address.'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    update change_requests set message = case detail_type
        when 'address' then 'Please update my address.'
        when 'phone' then 'Please update my phone numbers.'
        else 'Please update my email address.' end
    where message = ''`.execute(db);
  await sql`alter table change_requests drop constraint change_requests_message_check`.execute(db);
  await sql`
    alter table change_requests add constraint change_requests_message_check
      check (length(message) between 1 and 2000)`.execute(db);
}
