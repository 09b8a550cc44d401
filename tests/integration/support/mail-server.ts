import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 that keeps every message it receives, parsed with
 * mailparser. It offers no STARTTLS; a plain smtp:// URL to a loopback host does not ask for it.
 */
export interface MailServer {
  port: number;
  received: ParsedMail[];
  /** The users that signed in with AUTH. */
  logins: string[];
  /** While set, every recipient is refused with this SMTP answer (e.g. 451 for an outage). */
  refuseWith: { code: number; message: string } | null;
  /** While set, the server waits this long before accepting each message. */
  acceptDelayMs: number;
  close(): Promise<void>;
}

export async function startMailServer(
  options: { port?: number; login?: { user: string; pass: string } } = {},
): Promise<MailServer> {
  const received: ParsedMail[] = [];
  const logins: string[] = [];
  const { login } = options;
  const control = { refuseWith: null as MailServer['refuseWith'], acceptDelayMs: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Offer AUTH without TLS only when a test checks that the URL's credentials are used.
    ...(login && {
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        if (auth.username === login.user && auth.password === login.pass) {
          logins.push(auth.username ?? '');
          callback(null, { user: auth.username });
        } else {
          callback(new Error('Invalid username or password'));
        }
      },
    }),
    onRcptTo(_address, _session, callback) {
      const refusal = control.refuseWith;
      if (!refusal) return callback();
      callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          setTimeout(() => {
            received.push(mail);
            callback();
          }, control.acceptDelayMs);
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    logins,
    get refuseWith() {
      return control.refuseWith;
    },
    set refuseWith(value) {
      control.refuseWith = value;
    },
    get acceptDelayMs() {
      return control.acceptDelayMs;
    },
    set acceptDelayMs(value) {
      control.acceptDelayMs = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
