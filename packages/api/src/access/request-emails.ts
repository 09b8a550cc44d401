import { composeEmail, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';

/** P3: a neutral acknowledgement that says nothing about what the school holds. */
export function accessRequestReceivedEmail(school: SchoolIdentity, name: string): ComposedEmail {
  return composeEmail({
    school,
    subject: `We have your request for parent portal access`,
    greeting: `Dear ${name},`,
    paragraphs: [
      'Thank you for asking for access to the parent portal. A member of staff will check your request.',
      'If the school can give you access, you will receive an email with a link to set your password.',
    ],
  });
}

/** P3: a refusal names no reason; questions go to the enquiries address. */
export function accessRequestDeniedEmail(school: SchoolIdentity, name: string): ComposedEmail {
  return composeEmail({
    school,
    subject: 'Your request for parent portal access',
    greeting: `Dear ${name},`,
    paragraphs: [
      'Thank you for your request for access to the parent portal. We are not able to give you access at the moment.',
      `If you have questions, please contact the school at ${school.enquiriesEmail}.`,
    ],
  });
}
