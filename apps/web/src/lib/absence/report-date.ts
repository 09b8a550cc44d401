import { DATE_PARTS, type DatePart, type DateParts } from '../date-of-birth';

export type ReportDateResult =
  | { ok: true; iso: string }
  | { ok: false; message: string; parts: DatePart[] }
  /** All three boxes left empty where the date may be left out. */
  | { ok: 'empty' };

const fault = (message: string, parts: DatePart[]): ReportDateResult => ({
  ok: false,
  message,
  parts: DATE_PARTS.filter((part) => parts.includes(part)),
});

function missingWords(missing: DatePart[]): string {
  if (missing.length === 1) return `a ${missing[0]}`;
  return `a ${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}`;
}

/**
 * Combines a day, month and year typed in three boxes (GOV.UK's date input) into 'YYYY-MM-DD', or
 * says what is wrong in GOV.UK's words: `name` is the date's name in a sentence, "The first day".
 * Which days the school may be told about is the router's rule, not this one's.
 */
export function combineReportDate(
  typed: DateParts,
  name: string,
  options: { optional?: boolean } = {},
): ReportDateResult {
  const parts = { day: typed.day.trim(), month: typed.month.trim(), year: typed.year.trim() };
  const missing = DATE_PARTS.filter((part) => parts[part] === '');
  if (missing.length === DATE_PARTS.length) {
    return options.optional ? { ok: 'empty' } : fault(`Enter ${name.toLowerCase()}`, missing);
  }
  if (missing.length > 0) return fault(`${name} must include ${missingWords(missing)}`, missing);
  const notNumbers = DATE_PARTS.filter((part) => !/^\d+$/.test(parts[part]));
  if (notNumbers.length > 0) return fault(`${name} must be a real date`, notNumbers);
  if (parts.year.length !== 4) return fault('Year must include 4 numbers', ['year']);
  const day = Number(parts.day);
  const month = Number(parts.month);
  const year = Number(parts.year);
  if (month < 1 || month > 12) return fault(`${name} must be a real date`, ['month']);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return fault(`${name} must be a real date`, ['day']);
  return {
    ok: true,
    iso: `${parts.year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  };
}

/** The three boxes of an ISO date, to fill the form with a suggested day. */
export function partsOf(iso: string | null | undefined): DateParts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  if (!match) return { day: '', month: '', year: '' };
  return { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! };
}
