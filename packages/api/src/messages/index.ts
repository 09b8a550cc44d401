// What other capabilities may use from messages/; anything else here is its own business.
export { staffUnread } from './threads';
