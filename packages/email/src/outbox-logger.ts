import type { Database } from '@schoolgate/db';
import { openBody } from './sealed-body';
import { secretKey } from './secret-key';

/**
 * For development without an SMTP server: prints each newly queued email to the log, so links in
 * them can be followed. The messages stay in the outbox. Never use this where real people's
 * emails pass: the log would hold their one-time links.
 */
export function startOutboxLogger(
  db: Database,
  log: (text: string) => void,
  options: { intervalMs?: number } = {},
): () => void {
  let since = new Date();
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      const fresh = await db
        .selectFrom('email_outbox')
        .select(['id', 'created_at', 'to_address', 'subject', 'text_body'])
        .where('created_at', '>', since)
        .orderBy('created_at')
        .execute();
      for (const mail of fresh) {
        log(
          `Email (not sent: no SMTP_URL) to ${mail.to_address}: ${mail.subject}\n${openBody(mail.text_body ?? '', secretKey(), mail.id)}\n`,
        );
        since = mail.created_at;
      }
    } catch (error) {
      log(`Could not read the outbox: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  }, options.intervalMs ?? 2000);
  timer.unref();
  return () => clearInterval(timer);
}
