import { composeEmail, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';

export const ACTIVATION_HOURS = 72;
export const RESET_MINUTES = 60;

/** P4: the activation link goes to the contact's registered address, never a typed one. */
export function activationEmail(
  school: SchoolIdentity,
  name: string,
  username: string,
  link: string,
): ComposedEmail {
  return composeEmail({
    school,
    subject: `Your ${school.name} parent portal account`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `The school has checked your parental responsibility and made a parent portal account for you. Your username is ${username}.`,
      `To start using it, open the link below and choose a password. The link works once and for ${ACTIVATION_HOURS} hours.`,
      'The account is for you alone: please do not share your username or password with anyone.',
    ],
    action: { label: 'Set your password', url: link },
  });
}

/** P17: forgotten password, a single-use link valid for an hour. */
export function passwordResetEmail(
  school: SchoolIdentity,
  name: string,
  link: string,
): ComposedEmail {
  return composeEmail({
    school,
    subject: 'Reset your parent portal password',
    greeting: `Dear ${name},`,
    paragraphs: [
      `Someone asked to reset the password for your ${school.name} parent portal account. If it was you, open the link below within ${RESET_MINUTES} minutes. It works once.`,
      'If it was not you, you can ignore this email: your password has not changed.',
    ],
    action: { label: 'Choose a new password', url: link },
  });
}

export function passwordResetDoneEmail(
  school: SchoolIdentity,
  name: string,
  at: string,
): ComposedEmail {
  return composeEmail({
    school,
    subject: 'Your parent portal password was reset',
    greeting: `Dear ${name},`,
    paragraphs: [
      `Your parent portal password was reset on ${at}, and you were signed out everywhere.`,
      `If you did not do this, contact the school straight away at ${school.enquiriesEmail}.`,
    ],
  });
}
