import { composeEmail, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';

export type RequestUpdate = 'replied' | 'accepted' | 'rejected';

const SUBJECTS: Record<RequestUpdate, string> = {
  replied: 'The school has replied to your request',
  accepted: 'The school has accepted your request',
  rejected: 'The school has answered your request',
};

/**
 * P7: a parent's request has moved on. The email says only that, with a link: what was asked and
 * the school's reply can be personal (medical details), so they are read in the portal.
 */
export function requestUpdateEmail(
  school: SchoolIdentity,
  name: string,
  update: RequestUpdate,
  title: string,
  link: string | null,
): ComposedEmail {
  const what =
    update === 'accepted'
      ? `The school has accepted your request "${title}".`
      : `The school has replied to your request "${title}".`;
  return composeEmail({
    school,
    subject: SUBJECTS[update],
    greeting: `Dear ${name},`,
    paragraphs: [
      what,
      link
        ? 'Sign in to the parent portal to read the reply and see where your request stands.'
        : 'Sign in to the parent portal and open Changes and problems to read the reply.',
    ],
    ...(link ? { action: { label: 'Read the reply', url: link } } : {}),
  });
}

/** Sent to the old address when a request changes an account's email, so a wrong change stands out. */
export function accountEmailChangedEmail(
  school: SchoolIdentity,
  name: string,
  newEmail: string,
): ComposedEmail {
  return composeEmail({
    school,
    subject: 'The email address for your parent portal account has changed',
    greeting: `Dear ${name},`,
    paragraphs: [
      `At your request, the school has changed the email address for your parent portal account to ${newEmail}. Emails from the portal will go there from now on.`,
      `If you did not ask for this, contact the school straight away at ${school.enquiriesEmail}.`,
    ],
  });
}
