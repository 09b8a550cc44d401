import http from 'node:http';

export interface LoadResult {
  connections: number;
  requests: number;
  /** Answers other than the expected status, and requests that failed outright. */
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The longest any answer took, expected or not (a refusal included). */
  slowestMs: number;
  /** How many answers of each status (0: the request failed outright). */
  statuses: Record<number, number>;
}

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  /** Sent with every request (the session cookie). */
  headers?: Record<string, string>;
  /** Unmeasured requests first, so connections are open and the server is warm. */
  warmupSeconds?: number;
  expectStatus?: number;
  /** A form posted with every request (sign-in), instead of a GET. */
  form?: Record<string, string>;
}

/**
 * Keeps `connections` keep-alive connections busy for `seconds`, one request at a time on each
 * (as a browser or a proxy does), and reports throughput and latency percentiles. A small loop of
 * our own rather than a load-testing package: it needs nothing installed, and it does the little
 * this benchmark asks. It runs in Node beside the server on the same cores, so the ceiling it
 * measures on a static file is partly its own cost.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  try {
    if (options.warmupSeconds) await drive(agent, options, options.warmupSeconds, null);
    const latencies: number[] = [];
    const started = performance.now();
    const seen = { slowestMs: 0, statuses: {} as Record<number, number> };
    const errors = await drive(agent, options, options.seconds, latencies, seen);
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      connections: options.connections,
      requests: latencies.length,
      errors,
      seconds,
      perSecond: latencies.length / seconds,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      ...seen,
    };
  } finally {
    agent.destroy();
  }
}

/** Every worker sends its next request when the last one's answer has been read in full. */
async function drive(
  agent: http.Agent,
  options: LoadOptions,
  seconds: number,
  latencies: number[] | null,
  seen?: { slowestMs: number; statuses: Record<number, number> },
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let errors = 0;
  const worker = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      const status = await send(agent, options).catch(() => 0);
      const took = performance.now() - sent;
      if (seen) {
        seen.statuses[status] = (seen.statuses[status] ?? 0) + 1;
        seen.slowestMs = Math.max(seen.slowestMs, took);
      }
      if (status !== (options.expectStatus ?? 200)) errors += 1;
      else latencies?.push(took);
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  return errors;
}

function send(agent: http.Agent, options: LoadOptions): Promise<number> {
  const body = options.form ? new URLSearchParams(options.form).toString() : null;
  const headers = {
    ...options.headers,
    ...(body
      ? {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        }
      : {}),
  };
  return new Promise((resolve, reject) => {
    const request = http.request(
      options.url,
      { agent, headers, method: body ? 'POST' : 'GET' },
      (response) => {
        response.on('data', () => {});
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}

/** The value at fraction `p` of sorted `values` (nearest rank), in milliseconds. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil(p * values.length) - 1));
  return values[rank]!;
}
