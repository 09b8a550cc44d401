import { composeEmail, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';

/**
 * A new message is waiting in the portal. The email carries no message text, no subject line and
 * no child's name (the policy keeps pupil data in the portal): only that something is there, and
 * the link to it.
 */
export function newMessageEmail(
  school: SchoolIdentity,
  to: 'family' | 'school',
  link: string | null,
): ComposedEmail {
  const first =
    to === 'family'
      ? 'The school has replied to a message in the parent portal.'
      : 'A new message is waiting in the staff messages inbox of the portal.';
  return composeEmail({
    school,
    subject: to === 'family' ? 'A new message from the school' : 'A new message in the portal',
    greeting: 'Hello,',
    paragraphs: [
      first,
      'For privacy the message is not in this email. Sign in to the portal to read it.',
    ],
    ...(link ? { action: { label: 'Read the message', url: link } } : {}),
  });
}
