import { formatDateTime } from '$lib/format';

/** "Draft", "Scheduled for 19 Nov 2026, 16:00" or "Published on 17 Nov 2026, 09:30". */
export function cycleStatusText(cycle: {
  status: 'draft' | 'scheduled' | 'published';
  publishAt: Date | null;
}): string {
  if (cycle.status === 'draft' || !cycle.publishAt) return 'Draft';
  const when = formatDateTime(cycle.publishAt);
  return cycle.status === 'scheduled' ? `Scheduled for ${when}` : `Published on ${when}`;
}
