/*
 * Work a procedure starts for after it has answered (issue 10 item 9). Some answers must take the
 * same time whatever they are about: a forgotten-password request for a real account must not be
 * slower than one for nobody, or the delay says which accounts exist. Such a procedure does the
 * same uniform work for every request, answers, and leaves the rest (finding the account, making
 * the link, queuing the email) to run here, in this process, once the answer is on its way.
 *
 * Not durable: work in flight when the process is killed is lost. That is only ever something a
 * person can ask for again (another reset link); anything that must not be lost belongs in the
 * database's own queues (the email outbox). Graceful shutdown waits for it (settleAfterResponse).
 */

const pending = new Set<Promise<void>>();

/**
 * Runs `task` after the current request's answer, never inside it: on a later turn of the event
 * loop, so the caller's own remaining work (the answer) goes first. A failure is logged by its
 * error code alone and never reaches the person, who has had their answer.
 */
export function afterResponse(name: string, task: () => Promise<void>): void {
  const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(task)
    .catch((error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code;
      console.error(
        `Schoolgate: ${name} failed after answering (${typeof code === 'string' ? code : 'error'}).`,
      );
    })
    .finally(() => pending.delete(run));
  pending.add(run);
}

/** Waits until all such work, including any it starts in turn, has finished: for shutdown and tests. */
export async function settleAfterResponse(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
