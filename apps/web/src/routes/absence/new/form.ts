import type { DatePart } from '$lib/date-of-birth';

/** The fields of the report form, in page order: an error summary lists them in this order. */
export const FIELD_ORDER = [
  'studentIds',
  'kind',
  'firstDate',
  'lastDate',
  'sessions',
  'expectedArrival',
  'reason',
  'note',
] as const;
export type ReportField = (typeof FIELD_ORDER)[number];

export const REASON_OPTIONS = [
  { value: 'illness', label: 'Illness', hint: 'The school may record it as I (illness).' },
  {
    value: 'medical',
    label: 'Medical or dental appointment',
    hint: 'The school may record it as M. It may ask to see the appointment card or letter.',
  },
  { value: 'religious', label: 'Religious observance', hint: 'The school may record it as R.' },
  {
    value: 'family',
    label: 'Family event',
    hint: 'The school decides whether it can authorise this.',
  },
  { value: 'other', label: 'Something else', hint: 'Tell the school more in the note.' },
] as const;

export const SESSION_OPTIONS = [
  { value: 'all', label: 'The whole day' },
  { value: 'AM', label: 'The morning only' },
  { value: 'PM', label: 'The afternoon only' },
] as const;

/** What the form sends back after a refusal, so nothing typed is lost. */
export interface TypedReport {
  studentIds: string[];
  kind: string;
  firstDay: string;
  firstMonth: string;
  firstYear: string;
  lastDay: string;
  lastMonth: string;
  lastYear: string;
  sessions: string;
  expectedArrival: string;
  reason: string;
  note: string;
}

/** The id of the control an error about `field` links to. */
export function controlIdOf(
  field: string,
  firstChildId: string | undefined,
  dateParts: Partial<Record<'firstDate' | 'lastDate', DatePart[]>> = {},
): string {
  switch (field) {
    case 'studentIds':
      return firstChildId ? `child-${firstChildId}` : 'studentIds';
    case 'kind':
      return 'kind-absence';
    case 'firstDate':
      return `firstDate-${dateParts.firstDate?.[0] ?? 'day'}`;
    case 'lastDate':
      return `lastDate-${dateParts.lastDate?.[0] ?? 'day'}`;
    case 'sessions':
      return 'sessions-all';
    case 'reason':
      return 'reason-illness';
    default:
      return field;
  }
}
