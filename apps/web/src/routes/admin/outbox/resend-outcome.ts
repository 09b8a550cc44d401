/** What an admin is told after asking for failed emails to be sent again. */
export function resendOutcome({ resent, linksWiped }: { resent: number; linksWiped: number }) {
  const queued =
    resent === 0
      ? 'No email was queued again.'
      : `${resent === 1 ? '1 email is' : `${resent} emails are`} queued again and will be sent within a few minutes.`;
  if (linksWiped === 0) return queued;
  const wiped =
    linksWiped === 1
      ? '1 email held a one-time link, which was removed when it was given up'
      : `${linksWiped} emails held one-time links, which were removed when they were given up`;
  return `${queued} ${wiped}: send a new activation or reset link from the person’s page instead.`;
}
