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
export { deliverDueEmails, type DeliveryOptions, type DeliveryReport } from './delivery';
export { retryDelaySeconds } from './backoff';
export { safeErrorText } from './errors';
export { startEmailWorker, type EmailWorkerOptions } from './worker';
export { defaultFromAddress } from './from';
export { startOutboxLogger } from './outbox-logger';
