/**
 * The conversation on a running portal's command socket, one JSON object per line. The command
 * line sends one request; the portal answers with the command's output as it comes, then the
 * exit code, and closes.
 */
export interface RelayRequest {
  /** The token in the embedded database's lock file: only its owner can read it. */
  token: string;
  argv: string[];
  /** The caller's working folder: file names on the command line are relative to it. */
  cwd: string;
  /** Whether the caller's stderr is a terminal (a progress bar is drawn, not printed). */
  tty: boolean;
}

export type RelayMessage = { out: string } | { err: string } | { tty: string } | { exit: number };

/** The largest request line the portal reads: a command line, never a file's contents. */
export const MAX_REQUEST_BYTES = 64 * 1024;

/** Splits a stream of text into lines, calling `onLine` for each complete one. */
export function lineReader(onLine: (line: string) => void): (chunk: string) => number {
  let pending = '';
  return (chunk) => {
    pending += chunk;
    for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      if (line) onLine(line);
    }
    return pending.length;
  };
}
