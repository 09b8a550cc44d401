import { composeEmail, type ComposedEmail, type SchoolIdentity } from '@schoolgate/email';

export interface NewSignInDetails {
  /** e.g. "Chrome on Android". */
  device: string;
  /** When, already written out in the school's time zone. */
  at: string;
  /** The approximate place: the network address with its last part hidden. */
  place: string;
  sharedDevice: boolean;
}

/** P5: a sign-in from a device the account has not used before, so one that was not them stands out. */
export function newSignInEmail(
  school: SchoolIdentity,
  name: string,
  details: NewSignInDetails,
  portalUrl: string | null,
): ComposedEmail {
  const changeAt = portalUrl
    ? `change your password straight away at ${portalUrl}/account/password`
    : 'sign in and choose Change password at the top of any page straight away';
  return composeEmail({
    school,
    subject: 'New sign-in to your parent portal account',
    greeting: `Dear ${name},`,
    paragraphs: [
      `Your ${school.name} parent portal account was signed in to from a device it has not been used on before.`,
      `Device: ${details.device}${details.sharedDevice ? ' (marked as a public or shared computer)' : ''}`,
      `When: ${details.at}`,
      `Network: ${details.place}`,
      'If this was you, for example on a new phone or after clearing your browser’s cookies, you need do nothing.',
      `If it was not you, ${changeAt}: that also signs out every other device. Then tell the school at ${school.enquiriesEmail}.`,
    ],
    ...(portalUrl
      ? { action: { label: 'Change your password', url: `${portalUrl}/account/password` } }
      : {}),
  });
}
