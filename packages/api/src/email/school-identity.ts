import type { Settings } from '@schoolgate/db';
import type { SchoolIdentity } from '@schoolgate/email';

/** What every email names: the school and where to send questions (P12). */
export function schoolIdentity(settings: Settings): SchoolIdentity {
  return { name: settings.school_name, enquiriesEmail: settings.enquiries_email };
}
