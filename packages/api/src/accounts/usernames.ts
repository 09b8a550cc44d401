import type { Database } from '@schoolgate/db';

/** "Siân O'Brien-Hughes" → "sian.obrien-hughes": letters, digits, dots and hyphens only. */
export function usernameBase(forename: string, surname: string): string {
  const part = (value: string) =>
    value
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/['’]/g, '')
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const base = [part(forename), part(surname)].filter(Boolean).join('.');
  return (base.length >= 3 ? base : `user.${base}`).slice(0, 56).replace(/[.-]+$/, '');
}

/** The base name, or the base with the smallest number that makes it unique (P5). */
export async function uniqueUsername(db: Database, forename: string, surname: string) {
  const base = usernameBase(forename, surname);
  const taken = new Set(
    (
      await db
        .selectFrom('users')
        .select((eb) => eb.fn<string>('lower', ['username']).as('name'))
        .where((eb) => eb(eb.fn('lower', ['username']), 'like', `${base}%`))
        .execute()
    ).map((row) => row.name),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}${n}`)) return `${base}${n}`;
}
