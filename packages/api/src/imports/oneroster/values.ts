/** Reading OneRoster's CSV values: dates, lists, booleans and record statuses. */

/** A real calendar date written as OneRoster writes dates: YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/**
 * A date column: '' when empty, the date when good, or undefined (a problem) when it is not a real
 * YYYY-MM-DD date. OneRoster allows a full timestamp in some date columns; its date part is taken.
 */
export function dateValue(value: string): string | undefined {
  if (value === '') return '';
  const datePart = /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
  return isIsoDate(datePart) ? datePart : undefined;
}

/** A OneRoster list: values separated by commas inside the one field. */
export function listValue(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** true/false in any case; empty gives `fallback`; anything else undefined (a problem). */
export function booleanValue(value: string | undefined, fallback: boolean): boolean | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** A record's status: active unless "tobedeleted"; anything else undefined (a problem). */
export function statusValue(value: string | undefined): 'active' | 'tobedeleted' | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'active') return 'active';
  if (v === 'tobedeleted') return 'tobedeleted';
  return undefined;
}

/** Empty strings become null. */
export function orNull(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  return v === '' ? null : v;
}
