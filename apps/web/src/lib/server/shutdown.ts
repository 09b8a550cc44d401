type Stop = () => Promise<void>;

const stops: Stop[] = [];
let closeDatabase: (() => Promise<void>) | undefined;

/** Registers background work to stop when the server shuts down, before the database closes. */
export function stopAtShutdown(stop: Stop): void {
  stops.push(stop);
}

/** The database is closed last, once every job has stopped using it. */
export function closeAtShutdown(close: () => Promise<void>): void {
  closeDatabase = close;
}

/**
 * adapter-node emits `sveltekit:shutdown` on SIGTERM or SIGINT once the HTTP server has stopped
 * taking requests and the ones in flight have finished. Then: stop the timers, let the email being
 * sent finish (the rest of its batch is handed back), and close the database, which for the
 * embedded one writes it out and releases its lock. With nothing left, the process exits.
 */
process.once('sveltekit:shutdown', (reason: string) => {
  void (async () => {
    console.info(`Schoolgate: stopping (${reason}).`);
    await Promise.allSettled(stops.map((stop) => stop()));
    try {
      await closeDatabase?.();
    } catch (error) {
      console.error('Schoolgate: closing the database failed:', error);
    }
    console.info('Schoolgate: stopped.');
    // Nothing of ours is left. A socket to a mail server that hangs (it times out after 30 s)
    // must not keep the process past a supervisor's patience: leave after a second regardless.
    setTimeout(() => process.exit(), 1_000).unref();
  })();
});
