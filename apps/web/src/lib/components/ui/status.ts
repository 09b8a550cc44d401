/**
 * How a status looks: every status badge says its state in words, and its tone (colour) is a second
 * cue only, never the only one (WCAG 1.4.1). One mapping, so "accepted" looks the same on a
 * parent's request as on the office's queue, and "refused" the same as "rejected".
 */
export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const TONES: Record<string, StatusTone> = {
  // Waiting for someone: the quiet tone.
  submitted: 'neutral',
  waiting: 'neutral',
  pending: 'neutral',
  open: 'neutral',
  draft: 'neutral',
  expired: 'neutral',
  withdrawn: 'neutral',
  // Moving, or news: the school's colour.
  in_progress: 'info',
  scheduled: 'info',
  new: 'info',
  current: 'info',
  // Done, and good.
  accepted: 'success',
  approved: 'success',
  confirmed: 'success',
  completed: 'success',
  live: 'success',
  published: 'success',
  active: 'success',
  // Limited on purpose: look before acting.
  restricted: 'warning',
  on_hold: 'warning',
  hold: 'warning',
  suspended: 'warning',
  // Said no, or needs action now.
  rejected: 'danger',
  refused: 'danger',
  cancelled: 'danger',
  failed: 'danger',
  overdue: 'danger',
  needs_reason: 'danger',
};

/**
 * The tone for a status key as the router names it ("in_progress", "live") or as words ("On
 * hold"); a status not listed is neutral, so a new one is never shown as good or bad by accident.
 */
export function statusTone(status: string): StatusTone {
  const key = status
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return Object.hasOwn(TONES, key) ? (TONES[key] as StatusTone) : 'neutral';
}
