/**
 * A bounded queue in front of the request handlers. The embedded database runs every statement on
 * the portal's one thread, so fifty pages at once all share it and every one of them gets slow
 * (issue 17 measured waits over 10 s). Here at most `concurrency` requests are handled at once; up
 * to `maxQueue` more wait their turn, each for at most `maxWaitMs`; anything beyond is refused at
 * once, and the person gets the "busy, try again" page instead of a long wait.
 */
export interface AdmissionLimits {
  concurrency: number;
  maxQueue: number;
  maxWaitMs: number;
}

export interface Admission {
  /** Resolves to a function that hands the place back, or null when the request is refused. */
  enter(): Promise<(() => void) | null>;
  /** Requests being handled and waiting, for tests and logs. */
  readonly load: { running: number; waiting: number };
}

export function createAdmission(limits: AdmissionLimits): Admission {
  let running = 0;
  const waiting: Array<(admitted: boolean) => void> = [];

  const leave = () => {
    running--;
    const next = waiting.shift();
    if (next) {
      running++;
      next(true);
    }
  };
  const place = () => {
    let left = false;
    return () => {
      if (left) return; // handed back once, whatever calls it twice
      left = true;
      leave();
    };
  };

  return {
    async enter() {
      if (running < limits.concurrency) {
        running++;
        return place();
      }
      if (waiting.length >= limits.maxQueue) return null;
      const admitted = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(turn), 1);
          resolve(false);
        }, limits.maxWaitMs);
        const turn = (ok: boolean) => {
          clearTimeout(timer);
          resolve(ok);
        };
        waiting.push(turn);
      });
      return admitted ? place() : null;
    },
    get load() {
      return { running, waiting: waiting.length };
    },
  };
}

/**
 * The limits for a database: the embedded one is queued (a few at once: there is one thread to
 * share), a PostgreSQL server is not (its connection pool already bounds the work in flight).
 * SCHOOLGATE_MAX_REQUESTS and SCHOOLGATE_REQUEST_QUEUE change the embedded database's limits.
 */
export function admissionLimitsFor(
  env: Record<string, string | undefined>,
): AdmissionLimits | null {
  if (/^postgres(ql)?:\/\//.test(env.DATABASE_URL?.trim() ?? '')) return null;
  return {
    concurrency: positive(env.SCHOOLGATE_MAX_REQUESTS, 4),
    maxQueue: positive(env.SCHOOLGATE_REQUEST_QUEUE, 64, true),
    maxWaitMs: 4_000,
  };
}

function positive(value: string | undefined, fallback: number, zeroAllowed = false): number {
  const number = Number(value);
  if (value === undefined || value.trim() === '' || !Number.isInteger(number)) return fallback;
  return number > 0 || (zeroAllowed && number === 0) ? number : fallback;
}
