import { router, staffProcedure } from '../core';
import { staffHomeQueues } from './queues';

/** The staff home (issue 12): the work waiting, counted only for the queues each role may see. */
export const staffHomeRouter = router({
  /**
   * Any staff member may ask; each queue is counted only for the roles that may open it, and is
   * null for everyone else. Parents and students are refused.
   */
  queues: staffProcedure('teacher', 'office', 'dsl', 'governor').query(({ ctx }) =>
    staffHomeQueues(ctx),
  ),
});
