import { isDatabaseUnavailable } from './unreachable';

export interface WaitOptions {
  /** How long to keep trying before giving up (default 60 s). */
  maxWaitMs?: number;
  /** Where each "still waiting" line goes. */
  log?: (line: string) => void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

/**
 * Runs `open` (connect and migrate) until the database answers: a server started at the same time
 * as its database (a reboot, `docker compose up`) waits for it instead of exiting at once. Only an
 * unreachable database is waited for, with a doubling pause (0.5 s up to 10 s) and a log line per
 * try; any other failure (a wrong password, a bad migration, the embedded database in use) is
 * thrown at once, and so is the last failure once `maxWaitMs` has passed.
 */
export async function openWhenReachable<T>(
  open: () => Promise<T>,
  options: WaitOptions = {},
): Promise<T> {
  const { maxWaitMs = 60_000, log = console.warn } = options;
  const started = Date.now();
  for (
    let attempt = 1, delay = FIRST_DELAY_MS;
    ;
    attempt++, delay = Math.min(delay * 2, MAX_DELAY_MS)
  ) {
    try {
      return await open();
    } catch (error) {
      const waited = Date.now() - started;
      if (!isDatabaseUnavailable(error) || waited + delay > maxWaitMs) throw error;
      log(
        `Schoolgate: the database is not reachable yet (${describe(error)}); trying again in ${delay / 1000} s (attempt ${attempt}, waiting at most ${maxWaitMs / 1000} s).`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function describe(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    [code, message].filter((part) => typeof part === 'string' && part).join(': ') || 'no answer'
  );
}
