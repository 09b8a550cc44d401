import { z } from 'zod';
import { groupStudents, myGroups } from './classes';
import { roleProcedure, router } from '../core';

export const teachingRouter = router({
  /** The classes the signed-in teacher teaches. */
  myGroups: roleProcedure('teacher').query(({ ctx }) => myGroups(ctx)),

  /** One class's students: its teacher's, or any class for office and admin. */
  group: roleProcedure('teacher', 'office', 'admin')
    .input(z.object({ groupId: z.uuid('That is not a valid class reference.') }))
    .query(({ ctx, input }) => groupStudents(ctx, input.groupId)),
});
