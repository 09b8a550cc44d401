import { connect } from 'node:net';
import { commandSocketPath, EmbeddedDatabaseInUse, type EmbeddedHolder } from '@schoolgate/db';
import { EXIT } from '../exit-codes';
import { lineReader, type RelayMessage, type RelayRequest } from './protocol';

type Output = (line: string) => void;

/**
 * Runs a command line in the portal that holds the embedded database at `dir`, printing what it
 * prints and returning its exit code. A holder that takes no commands (another command line, or
 * a portal from before this existed) gets the one-line "in use" answer instead.
 */
export function runInPortal(
  dir: string,
  holder: EmbeddedHolder,
  argv: string[],
  out: Output,
  err: Output,
  terminal: { write(text: string): unknown } | null,
): Promise<number> {
  return new Promise((resolve) => {
    let exit: number | null = null;
    let connected = false;
    let failed = false;
    const socket = connect(commandSocketPath(dir));
    socket.setEncoding('utf8');
    const read = lineReader((line) => {
      const message = JSON.parse(line) as RelayMessage;
      if ('out' in message) out(message.out);
      else if ('err' in message) err(message.err);
      else if ('tty' in message) terminal?.write(message.tty);
      else if ('exit' in message) exit = message.exit;
    });
    socket.on('connect', () => {
      connected = true;
      const request: RelayRequest = {
        token: holder.token,
        argv,
        cwd: process.cwd(),
        tty: terminal !== null,
      };
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.on('data', (chunk: string) => read(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      failed = true;
      if (!connected) err(new EmbeddedDatabaseInUse(dir, holder.pid).message);
      else
        err(`The portal at pid ${holder.pid} stopped answering (${error.code ?? error.message}).`);
    });
    socket.on('close', () => {
      if (connected && !failed && exit === null) {
        err(`The portal at pid ${holder.pid} ended the command before it finished.`);
      }
      resolve(exit ?? EXIT.failed);
    });
  });
}
