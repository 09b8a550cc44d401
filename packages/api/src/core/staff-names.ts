/** How a member of staff is named to parents and students: "Mrs Patel", or "Sam Patel" without a title. */
export function staffDisplayName(staff: {
  title: string | null;
  forename: string | null;
  surname: string | null;
}): string | null {
  if (!staff.surname) return null;
  return staff.title
    ? `${staff.title} ${staff.surname}`
    : `${staff.forename ?? ''} ${staff.surname}`.trim();
}
