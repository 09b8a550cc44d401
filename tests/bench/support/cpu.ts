import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '@schoolgate/db';

// Linux counts CPU time in clock ticks of 10 ms (CLK_TCK 100).
const TICK_MS = 10;

/** CPU time (user + system) a process has used so far, in milliseconds; 0 once it has gone. */
export function processCpuMs(pid: number): number {
  try {
    // The command name in brackets may hold spaces: the fields after it are counted from its end.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * CPU time of the PostgreSQL server processes serving this database, other than our own
 * connection, by process id: the portal's pool keeps its connections while it is busy, so the
 * difference of two readings is what the server spent on the portal meanwhile. Only on the same
 * machine as the server. Throughput depends on what else the machine runs; CPU per request much
 * less, which is why the benchmark prints both.
 */
export async function databaseCpuMs(db: Database): Promise<Map<number, number>> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity
    where datname = current_database() and pid <> pg_backend_pid()
  `.execute(db);
  return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
}

/** What the server processes spent between two readings (a process that ended counts as 0). */
export function cpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
