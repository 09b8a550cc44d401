import { sql, type Kysely } from 'kysely';

/**
 * The school's own colour for the portal's header, buttons and links (issue 12), as `#rrggbb` in
 * lower case; null keeps the portal's own blue. The settings check that white text on it is legible.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table school_settings
      add column brand_colour text check (brand_colour ~ '^#[0-9a-f]{6}$')
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table school_settings drop column brand_colour`.execute(db);
}
