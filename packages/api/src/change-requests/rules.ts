/**
 * The rules of change requests (P7): what a parent may report, how contact details they propose
 * must look, and the plain-English names used for them everywhere.
 */

export const RECORD_TYPES = ['attendance_mark', 'behaviour_event', 'lesson', 'report'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export const DETAIL_TYPES = ['address', 'phone', 'email', 'medical', 'other'] as const;
export type DetailType = (typeof DETAIL_TYPES)[number];

/** Contact details a request can carry in a structured form, applied to the contact on acceptance. */
export const APPLIED_DETAIL_TYPES = ['address', 'phone', 'email'] as const;
export type AppliedDetailType = (typeof APPLIED_DETAIL_TYPES)[number];

export const REQUEST_STATUSES = ['submitted', 'in_progress', 'accepted', 'rejected'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const OPEN_STATUSES = ['submitted', 'in_progress'] as const satisfies RequestStatus[];

/** A parent may have this many requests waiting at once; more suggests something has gone wrong. */
export const MAX_OPEN_REQUESTS = 20;

export const STATUS_LABELS: Record<RequestStatus, string> = {
  submitted: 'Submitted',
  in_progress: 'In progress',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

export const RECORD_TYPE_LABELS: Record<RecordType, string> = {
  attendance_mark: 'an attendance mark',
  behaviour_event: 'a behaviour entry',
  lesson: 'a timetable lesson',
  report: 'a report',
};

export const DETAIL_TYPE_TITLES: Record<DetailType, string> = {
  address: 'Change of address',
  phone: 'Change of phone number',
  email: 'Change of email address',
  medical: 'Medical information',
  other: 'Something else has changed',
};

export function isOpen(status: string): boolean {
  return (OPEN_STATUSES as readonly string[]).includes(status);
}

export function isAppliedDetail(type: string | null): type is AppliedDetailType {
  return (APPLIED_DETAIL_TYPES as readonly string[]).includes(type ?? '');
}

export function statusLabel(status: string): string {
  return STATUS_LABELS[status as RequestStatus] ?? status;
}

/** "Problem with an attendance mark", "Change of address": how a request is named in lists. */
export function requestTitle(request: {
  kind: string;
  record_type: string | null;
  detail_type: string | null;
}): string {
  if (request.kind === 'record_error') {
    return `Problem with ${RECORD_TYPE_LABELS[request.record_type as RecordType] ?? 'a record'}`;
  }
  return DETAIL_TYPE_TITLES[request.detail_type as DetailType] ?? 'Change of details';
}

/**
 * A UK postcode, loosely (outward code, then a digit and two letters), written in capitals with
 * one space: " sw1a1aa " becomes "SW1A 1AA". Null when it cannot be a postcode.
 */
export function normalisePostcode(value: string): string | null {
  const compact = value.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/**
 * A phone number a school could ring: a UK number (0 and 9 or 10 more digits, or the same after
 * +44), or an international one starting with + (8 to 15 digits). Spaces, dashes, dots and
 * brackets are allowed between digits. Returns the number as typed, tidied of extra spaces.
 */
export function normalisePhone(value: string): string | null {
  const tidy = value.trim().replace(/\s+/g, ' ');
  if (!/^\+?[0-9 ()\-.]+$/.test(tidy)) return null;
  const digits = tidy.replace(/[^0-9]/g, '');
  if (tidy.startsWith('+')) {
    if (digits.startsWith('44')) {
      // +44 (0)20 … is common: the bracketed 0 is dropped when dialling from abroad.
      const national = digits.slice(2).replace(/^0/, '');
      return /^[1-9][0-9]{8,9}$/.test(national) ? tidy : null;
    }
    return digits.length >= 8 && digits.length <= 15 ? tidy : null;
  }
  return /^0[1-9][0-9]{8,9}$/.test(digits) ? tidy : null;
}

export interface ProposedAddress {
  line1: string;
  line2: string | null;
  town: string;
  postcode: string;
}

export interface ProposedPhones {
  mobile?: string;
  home?: string;
  work?: string;
}

export interface ProposedEmail {
  email: string;
}

export type Proposed = ProposedAddress | ProposedPhones | ProposedEmail;

/** One contact field a request changes, as it is named to people. */
export interface ProposedField {
  field: 'address_line1' | 'address_line2' | 'town' | 'postcode' | PhoneColumn | 'email';
  label: string;
  value: string | null;
}

type PhoneColumn = 'phone_mobile' | 'phone_home' | 'phone_work';

const PHONE_FIELDS: { key: keyof ProposedPhones; column: PhoneColumn; label: string }[] = [
  { key: 'mobile', column: 'phone_mobile', label: 'Mobile phone' },
  { key: 'home', column: 'phone_home', label: 'Home phone' },
  { key: 'work', column: 'phone_work', label: 'Work phone' },
];

/**
 * The contact fields a stored proposal would change, in order, with labels. Reads the stored JSON
 * defensively: anything missing or malformed gives no field rather than a wrong one.
 */
export function proposedFields(detailType: string | null, proposed: unknown): ProposedField[] {
  const data = (proposed && typeof proposed === 'object' ? proposed : {}) as Record<
    string,
    unknown
  >;
  const text = (key: string) => {
    const value = data[key];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
  };
  if (detailType === 'address') {
    const line1 = text('line1');
    const town = text('town');
    const postcode = text('postcode');
    if (!line1 || !town || !postcode) return [];
    return [
      { field: 'address_line1', label: 'Address line 1', value: line1 },
      { field: 'address_line2', label: 'Address line 2', value: text('line2') },
      { field: 'town', label: 'Town or city', value: town },
      { field: 'postcode', label: 'Postcode', value: postcode },
    ];
  }
  if (detailType === 'phone') {
    return PHONE_FIELDS.flatMap(({ key, column, label }) => {
      const value = text(key);
      return value ? [{ field: column, label, value }] : [];
    });
  }
  if (detailType === 'email') {
    const email = text('email');
    return email ? [{ field: 'email', label: 'Email address', value: email }] : [];
  }
  return [];
}
