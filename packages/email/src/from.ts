import type { SchoolIdentity } from './compose';

/** Without a configured sender, mail comes from the school's enquiries address, so replies reach the office. */
export function defaultFromAddress(school: SchoolIdentity): string {
  return `"${school.name.replaceAll('"', '')}" <${school.enquiriesEmail}>`;
}
