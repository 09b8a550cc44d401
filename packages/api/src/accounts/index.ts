// What other capabilities may use from accounts/; anything else here is its own business.
export {
  emailTakenByAnotherAccount,
  emailUsedByAnotherAccount,
  moveAccountEmail,
  moveOwnAccountEmail,
  ownAccount,
} from './account-email';
export type { AccountEmailChange, AccountOwner } from './account-email';
export { ACTIVATION_HOURS } from './emails';
export { createParentAccount, resendActivation } from './parent-accounts';
export {
  invitationPreview,
  sendInvitations,
  MAX_INVITATIONS_PER_CALL,
  SKIP_REASONS,
} from './bulk-invite';
export { queuePasswordReminders } from './password-reminders';
export { loadActiveUser, loadSessionUser } from './session-user';
export { uniqueUsername } from './usernames';
export { htmlEscaped, trimmedLikeJs } from './sql-text';
