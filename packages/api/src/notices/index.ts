// What other capabilities may use from notices/; anything else here is its own business.
export { canSeeInfoPage } from './audience';
export { queueDueNoticeEmails } from './emails';
export { unreadNoticesFor, unreadNoticesFromRows, unreadNoticesQuery } from './reading';
export type { DownloadedFile } from './reading';
