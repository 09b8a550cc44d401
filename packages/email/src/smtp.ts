import { createTransport } from 'nodemailer';
import type { SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import type { MailTransport } from './transport';

// Bounded waits, so a stuck mail server cannot hold a delivery batch past its lease.
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

const LOOPBACK_HOSTS = new Set(['localhost', '::1']);

/**
 * Options for nodemailer's SMTP transport from a URL:
 * - `smtps://user:pass@host:465`: TLS from the start (port 465 when none is given);
 * - `smtp://user:pass@host:587`: STARTTLS when the server offers it (port 587 when none is given);
 * - `?requireTLS=true`: refuse to send unless STARTTLS succeeds;
 * - `?ignoreTLS=true|false`: skip STARTTLS even when offered. A plain `smtp://` URL to a loopback
 *   host (localhost, 127.x.x.x, ::1) ignores TLS by default: a local relay or a test server.
 * User and password are percent-decoded. Any other query parameter is refused, to catch typos.
 */
export function smtpOptionsFromUrl(smtpUrl: string): SMTPTransportOptions {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('The mail server address is not a URL: use smtp://… or smtps://…');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(
      `Unsupported mail server address "${url.protocol}…": use smtp://… or smtps://…`,
    );
  }
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new Error('The mail server address has no host.');
  const options: SMTPTransportOptions = {
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ignoreTLS: !secure && isLoopback(host),
    ...TIMEOUTS,
  };
  if (url.username) {
    options.auth = {
      user: decodeURIComponent(url.username),
      pass: decodeURIComponent(url.password),
    };
  }
  for (const [key, value] of url.searchParams) {
    if (key !== 'ignoreTLS' && key !== 'requireTLS') {
      throw new Error(`Unknown mail server option "${key}": use ignoreTLS or requireTLS.`);
    }
    if (value !== 'true' && value !== 'false') {
      throw new Error(`The mail server option ${key} must be true or false.`);
    }
    options[key] = value === 'true';
  }
  return options;
}

/**
 * Sends through an SMTP server named by a URL like smtp://user:pass@host:port or smtps://…
 * (see smtpOptionsFromUrl). Each message opens its own connection, so a restarted mail server
 * never leaves a dead pooled connection behind.
 */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = createTransport(smtpOptionsFromUrl(smtpUrl));
  return {
    async send(message) {
      await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
    },
  };
}

function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}
