export {
  composeEmail,
  type ComposeInput,
  type ComposedEmail,
  type SchoolIdentity,
} from './compose';
export { escapeHtml } from './escape';
export { enqueueEmail, type OutboxMessage } from './outbox';
export type { MailTransport } from './transport';
export { smtpTransport, smtpOptionsFromUrl } from './smtp';
export {
  deliverDueEmails,
  releaseOwnClaims,
  type DeliveryOptions,
  type DeliveryReport,
} from './delivery';
export { giveUpAt, retryDelaySeconds, RETRY_WINDOW_SECONDS } from './backoff';
export { isPermanentRefusal, safeErrorText } from './errors';
export { startEmailWorker, type EmailWorkerOptions, type StopEmailWorker } from './worker';
export { defaultFromAddress } from './from';
export { startOutboxLogger } from './outbox-logger';
export { openBody, isSealed, SealedWithAnotherKey } from './sealed-body';
export { secretKey, DEFAULT_KEY_FILE } from './secret-key';
