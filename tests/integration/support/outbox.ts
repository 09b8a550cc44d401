import { openBody, secretKey } from '@schoolgate/email';

/**
 * The text of an outbox message as its recipient will read it: a one-time link's body is stored
 * sealed with the server's key, and opened here as the delivery worker would.
 */
export function readableText(row: { id: string; text_body: string | null }): string {
  return row.text_body === null ? '' : openBody(row.text_body, secretKey(), row.id);
}
