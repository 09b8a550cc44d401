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
  close(): Promise<void>;
}

export async function startMailServer(
  options: { port?: number; login?: { user: string; pass: string } } = {},
): Promise<MailServer> {
  const received: ParsedMail[] = [];
  const logins: string[] = [];
  const { login } = options;
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
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
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
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
