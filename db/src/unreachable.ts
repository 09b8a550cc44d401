// The database cannot be reached or is restarting: SQLSTATE classes 08 (connection) and 57P
// (shut down), and the socket errors of a server that is not there (yet). Nobody's request is at
// fault, and trying again later can succeed.
const UNREACHABLE = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

// What node-postgres says, without a code, of a connection that went away under it.
const LOST_CONNECTION = /^(Connection terminated|Client has encountered a connection error)/;

/**
 * True when `error` says the database is out of reach, rather than that a query was wrong. The
 * error may be wrapped (a failed migration carries the connection error as its cause).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && UNREACHABLE.has(code)) return true;
    if (typeof message === 'string' && LOST_CONNECTION.test(message)) return true;
    current = cause;
  }
  return false;
}
