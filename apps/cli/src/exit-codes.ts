/** Exit codes, for cron jobs and scripts that call the CLI. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
} as const;
