import { composeEmail, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';

function changeAction(portalUrl: string | null) {
  return portalUrl
    ? { label: 'Change your password', url: `${portalUrl}/account/password` }
    : undefined;
}

/** Tells the account holder their password changed, so a change they did not make stands out. */
export function passwordChangedEmail(
  school: SchoolIdentity,
  name: string,
  at: string,
): ComposedEmail {
  return composeEmail({
    school,
    subject: 'Your parent portal password was changed',
    greeting: `Dear ${name},`,
    paragraphs: [
      `The password for your ${school.name} parent portal account was changed on ${at}. You have been signed out on every other device.`,
      `If you did not change it, contact the school straight away at ${school.enquiriesEmail}.`,
    ],
  });
}

/**
 * When a password expires, as the reminders say it: 'tomorrow', or 'in 5 days'. The reminder sweep
 * writes the same words in SQL (reminder-outbox.ts), so a change here must be made there too; the
 * integration tests compare the two.
 */
export function expiresWhen(daysLeft: number): string {
  return daysLeft === 1 ? 'tomorrow' : `in ${daysLeft} days`;
}

/** The day-80 and daily-from-day-85 reminders (P11). */
export function passwordReminderEmail(
  school: SchoolIdentity,
  name: string,
  daysLeft: number,
  portalUrl: string | null,
): ComposedEmail {
  return passwordExpiresEmail(school, name, expiresWhen(daysLeft), portalUrl);
}

/** A reminder whose expiry is put in words already (`when`, see expiresWhen). */
export function passwordExpiresEmail(
  school: SchoolIdentity,
  name: string,
  when: string,
  portalUrl: string | null,
): ComposedEmail {
  const action = changeAction(portalUrl);
  return composeEmail({
    school,
    subject: `Your parent portal password expires ${when}`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `Your ${school.name} parent portal password expires ${when}. Please sign in and change it.`,
      'After it expires you will have to choose a new password when you next sign in.',
      'Changing your password stops these reminders.',
    ],
    ...(action ? { action } : {}),
  });
}

/** Sent once, on the day the password expires. */
export function passwordExpiredEmail(
  school: SchoolIdentity,
  name: string,
  portalUrl: string | null,
): ComposedEmail {
  const action = changeAction(portalUrl);
  return composeEmail({
    school,
    subject: 'Your parent portal password has expired',
    greeting: `Dear ${name},`,
    paragraphs: [
      `Your ${school.name} parent portal password has expired.`,
      'You can still sign in with it, and you will then be asked to choose a new one before you see anything else.',
    ],
    ...(action ? { action } : {}),
  });
}

/**
 * The reminder and the expiry notice rendered once, with stand-ins for the person's name and for
 * when the password expires, which the reminder sweep replaces in SQL for each account
 * (reminder-outbox.ts). Replacing them gives exactly what the functions above give: composeEmail
 * passes the name through untouched in the text and escapes it character by character in the
 * HTML. The stand-ins are random, so no school name or address can contain one by chance.
 */
export function passwordNoticeTemplates(school: SchoolIdentity, portalUrl: string | null) {
  const token = crypto.randomUUID();
  const placeholders = { name: `{name-${token}}`, when: `{when-${token}}` };
  return {
    placeholders,
    reminder: passwordExpiresEmail(school, placeholders.name, placeholders.when, portalUrl),
    expired: passwordExpiredEmail(school, placeholders.name, portalUrl),
  };
}
