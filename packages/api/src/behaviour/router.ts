import { z } from 'zod';
import { BEHAVIOUR_ACTIONS, BEHAVIOUR_KINDS, DESCRIPTION_MAX, MAX_BEHAVIOUR_POINTS } from './rules';
import { behaviourRecordForm, behaviourView, recordBehaviour } from './events';
import { roleProcedure, router, studentDataProcedure, submissionKey } from '../core';

const studentId = z.uuid('That is not a valid student reference.');
const date = (message: string) => z.iso.date(message);
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => value || undefined);

const newEvent = z.object({
  studentId,
  kind: z.enum(BEHAVIOUR_KINDS, 'Choose whether the event is positive or negative.'),
  category: z
    .string('Choose a category.')
    .trim()
    .min(1, 'Choose a category.')
    .max(100, 'Choose a category.'),
  points: z
    .number('Enter the points as a whole number.')
    .int('Enter the points as a whole number.')
    .min(
      -MAX_BEHAVIOUR_POINTS,
      `Points go from −${MAX_BEHAVIOUR_POINTS} to ${MAX_BEHAVIOUR_POINTS}.`,
    )
    .max(
      MAX_BEHAVIOUR_POINTS,
      `Points go from −${MAX_BEHAVIOUR_POINTS} to ${MAX_BEHAVIOUR_POINTS}.`,
    ),
  description: z
    .string('Describe what happened.')
    .trim()
    .min(1, 'Describe what happened.')
    .max(DESCRIPTION_MAX, `Keep the description to ${DESCRIPTION_MAX} characters or fewer.`),
  occurredOn: date('Enter the date it happened, for example 17/11/2026.'),
  place: optionalText(100, 'Keep the place to 100 characters or fewer.'),
  lessonId: z.uuid('That is not a valid lesson.').optional(),
  action: z.enum(BEHAVIOUR_ACTIONS, 'Choose an action from the list.').optional(),
  actionDate: date('Enter the date of the action, for example 19/11/2026.').optional(),
  submissionKey,
});

/** The same people may see behaviour as attendance; recording is for teachers, office and admin. */
const readers = studentDataProcedure;
const recorders = roleProcedure('teacher', 'office', 'admin');

export const behaviourRouter = router({
  /** Events newest first, with totals for this term and this academic year. */
  forStudent: readers
    .input(z.object({ studentId }))
    .query(({ ctx, input }) => behaviourView(ctx, input.studentId)),

  /** The student's heading and the choices for the "record an event" form. */
  recordForm: recorders
    .input(z.object({ studentId }))
    .query(({ ctx, input }) => behaviourRecordForm(ctx, input.studentId)),

  /** Records a positive or negative event, audited; "not found" for a student not taught. */
  record: recorders.input(newEvent).mutation(({ ctx, input }) => recordBehaviour(ctx, input)),
});
