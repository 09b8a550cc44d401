/** The three boxes of a date of birth, as typed (GOV.UK's date input pattern). */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

export type DatePart = keyof DateParts;

/** The boxes in the order they appear on the page: an error links to the first one it names. */
export const DATE_PARTS: readonly DatePart[] = ['day', 'month', 'year'];

export type DateOfBirthResult =
  | { ok: true; iso: string }
  /** `parts` are the boxes at fault, in page order: each is marked, and the first is linked. */
  | { ok: false; message: string; parts: DatePart[] };

const fault = (message: string, parts: DatePart[]): DateOfBirthResult => ({
  ok: false,
  message,
  parts: DATE_PARTS.filter((part) => parts.includes(part)),
});

/** "a day", "a day and month", "a month and year": the missing boxes, in GOV.UK's words. */
function missingWords(missing: DatePart[]): string {
  if (missing.length === 1) return `a ${missing[0]}`;
  return `a ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
}

/**
 * Combines the day, month and year boxes into an ISO date (YYYY-MM-DD), or says what is wrong
 * with GOV.UK's messages. `today` is the ISO date it is now: a date of birth must be before it.
 */
export function combineDateOfBirth(typed: DateParts, today: string): DateOfBirthResult {
  const parts = {
    day: typed.day.trim(),
    month: typed.month.trim(),
    year: typed.year.trim(),
  };
  const missing = DATE_PARTS.filter((part) => parts[part] === '');
  if (missing.length === DATE_PARTS.length) return fault('Enter the date of birth', missing);
  if (missing.length > 0)
    return fault(`Date of birth must include ${missingWords(missing)}`, missing);

  const notNumbers = DATE_PARTS.filter((part) => !/^\d+$/.test(parts[part]));
  if (notNumbers.length > 0) return fault('Date of birth must be a real date', notNumbers);
  if (parts.year.length !== 4) return fault('Year must include 4 numbers', ['year']);

  const day = Number(parts.day);
  const month = Number(parts.month);
  const year = Number(parts.year);
  if (month < 1 || month > 12) return fault('Date of birth must be a real date', ['month']);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return fault('Date of birth must be a real date', ['day']);

  const iso = `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (iso >= today) return fault('Date of birth must be in the past', [...DATE_PARTS]);
  return { ok: true, iso };
}
