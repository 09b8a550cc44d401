import type { CourtOrderType, HoldScope, RestrictionReason } from '@schoolgate/api';

/** The recorded reasons for revoking or denying access (P13), in plain words. */
export const REASON_LABELS: Record<RestrictionReason, string> = {
  parental_responsibility_questioned: 'Parental responsibility questioned',
  court_order: 'Court order',
  policy_breach: 'Breach of the Acceptable Usage Policy',
  other: 'Other (say what in the note)',
};

export const COURT_ORDER_LABELS: Record<CourtOrderType, string> = {
  child_arrangements: 'Child arrangements order',
  prohibited_steps: 'Prohibited steps order',
  specific_issue: 'Specific issue order',
  other: 'Other order',
};

/** What a safeguarding hold covers (P14). */
export const HOLD_SCOPE_LABELS: Record<HoldScope, { label: string; hint: string }> = {
  all_access: {
    label: 'Everyone concerned',
    hint: 'Every parent or carer linked to this student loses all portal access, including for their other children, and the student’s own account is suspended.',
  },
  this_student_only: {
    label: 'This student only',
    hint: 'Parents and carers keep access to their other children but not to this student; the student’s own account is suspended.',
  },
};

/** A label for a value the router gave, falling back to the value itself. */
export function labelOf(labels: Record<string, string>, value: string | null): string {
  return value === null ? '—' : (labels[value] ?? value);
}

/** "less than a day", "1 day", "12 days". */
export function ageInDays(days: number): string {
  if (days < 1) return 'less than a day';
  return days === 1 ? '1 day' : `${days} days`;
}
