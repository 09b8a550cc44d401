import { timingSafeEqual } from 'node:crypto';
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { commandSocketPath, ownTokenFor, type Database } from '@schoolgate/db';
import { EXIT } from '../exit-codes';
import { main } from '../main';
import { lineReader, MAX_REQUEST_BYTES, type RelayMessage, type RelayRequest } from './protocol';

export interface CommandRelay {
  /** Where it listens. */
  path: string;
  /** Stops taking commands and waits for those running, up to `graceMs` (default 5 s). */
  close(graceMs?: number): Promise<void>;
}

/**
 * Lets `schoolgate` commands run inside the process that holds the embedded database at `dir`
 * (the portal), on a Unix socket beside it: PGlite belongs to one process, so a second one must
 * ask, not open. Only a caller that read the lock file's token (its owner: the same operating
 * system user) is served; the socket itself is readable by its owner alone as well.
 */
export async function serveCommands(db: Database, dir: string): Promise<CommandRelay> {
  const token = ownTokenFor(dir);
  if (!token) throw new Error(`This process does not hold the embedded database at ${dir}.`);
  const path = commandSocketPath(dir);
  // We hold the lock, so a socket file left here is a crashed holder's.
  rmSync(path, { force: true });
  const running = new Set<Promise<void>>();
  const server = createServer((socket) => serve(socket, db, token, running));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return { path, close: (graceMs = 5_000) => closeServer(server, path, running, graceMs) };
}

/**
 * A shutdown must not wait on a long import: after the grace period the database closes under
 * it, and its transaction is rolled back whole (the caller is told the command did not finish).
 */
async function closeServer(
  server: Server,
  path: string,
  running: Set<Promise<void>>,
  graceMs: number,
): Promise<void> {
  server.close();
  rmSync(path, { force: true });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...running]),
    new Promise((resolve) => (timer = setTimeout(resolve, graceMs))),
  ]);
  clearTimeout(timer);
}

function serve(socket: Socket, db: Database, token: string, running: Set<Promise<void>>): void {
  socket.setEncoding('utf8');
  let started = false;
  const send = (message: RelayMessage) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
  };
  const read = lineReader((line) => {
    if (started) return;
    started = true;
    const request = parseRequest(line, token);
    if (!request) {
      send({ err: 'The portal refused the command: it did not come from its own user.' });
      send({ exit: EXIT.failed });
      socket.end();
      return;
    }
    const done = run(request, db, send).finally(() => {
      running.delete(done);
      socket.end();
    });
    running.add(done);
  });
  socket.on('data', (chunk: string) => {
    if (read(chunk) > MAX_REQUEST_BYTES) socket.destroy();
  });
  // A caller that goes away (Ctrl-C) leaves its command to finish: imports are all or nothing.
  socket.on('error', () => undefined);
}

function parseRequest(line: string, token: string): RelayRequest | null {
  try {
    const request = JSON.parse(line) as Partial<RelayRequest>;
    const given = Buffer.from(typeof request.token === 'string' ? request.token : '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    if (!Array.isArray(request.argv) || !request.argv.every((a) => typeof a === 'string')) {
      return null;
    }
    return {
      token: '',
      argv: request.argv,
      cwd: typeof request.cwd === 'string' ? request.cwd : '/',
      tty: request.tty === true,
    };
  } catch {
    return null;
  }
}

async function run(
  request: RelayRequest,
  db: Database,
  send: (message: RelayMessage) => void,
): Promise<void> {
  const [first = '', second = ''] = request.argv.filter((a) => !a.startsWith('-'));
  const name = ['jobs', 'sessions', 'import'].includes(first) ? `${first} ${second}` : first;
  let code: number = EXIT.failed;
  try {
    code = await main(
      request.argv,
      (line) => send({ out: line }),
      (line) => send({ err: line }),
      {
        database: db,
        cwd: request.cwd,
        terminal: request.tty ? { write: (text: string) => send({ tty: text }) } : null,
      },
    );
  } catch (error) {
    send({ err: `The command failed in the portal: ${(error as Error).message}` });
  }
  // The command's name only: its arguments may name people's files.
  console.info(`Schoolgate: ran "schoolgate ${name}" for the command line (exit ${code}).`);
  send({ exit: code });
}
