/**
 * When a notice was changed after it went out, or null. A notice written ahead of time is last
 * saved before it is published: "Last updated" before "Published" only puzzles a parent.
 */
export function changedAfterPublishing(
  publishAt: Date | string,
  updatedAt: Date | string,
): Date | null {
  const published = new Date(publishAt).getTime();
  const updated = new Date(updatedAt);
  return updated.getTime() > published ? updated : null;
}
