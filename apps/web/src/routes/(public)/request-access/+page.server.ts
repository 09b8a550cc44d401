import { fail } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { publicMessage } from '@schoolgate/api';
import type { Actions, PageServerLoad } from './$types';
import { caller } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';
import { combineDateOfBirth, type DatePart } from '$lib/date-of-birth';
import { maskEmail } from '$lib/mask-email';
import { todayInUk } from '$lib/format-date';
import { childFieldId, MAX_CHILDREN, PERSON_FIELDS, type ChildTyped } from './form';

export const load: PageServerLoad = () => ({ submissionKey: newSubmissionKey() });

/** Where the router's complaint about `path` belongs on the page: a field id, or '' for none. */
function fieldOfIssue(path: readonly PropertyKey[], blockOf: readonly number[]): string {
  const [first, index, field] = path;
  if (first !== 'children') return typeof first === 'string' ? first : '';
  if (typeof index !== 'number') return 'children';
  const block = blockOf[index] ?? 0;
  if (field === 'forename') return childFieldId(block, 'Forename');
  if (field === 'surname') return childFieldId(block, 'Surname');
  return childFieldId(block, 'Dob');
}

/** The router's per-field messages, with each child's kept to that child's own block. */
function issuesOf(cause: TRPCError, blockOf: readonly number[]): Record<string, string> {
  const issues = (cause.cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return {};
  const errors: Record<string, string> = {};
  for (const issue of issues as { path?: PropertyKey[]; message?: string }[]) {
    const field = fieldOfIssue(issue.path ?? [], blockOf);
    if (field && issue.message && !(field in errors)) errors[field] = issue.message;
  }
  return errors;
}

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const intent = text('intent');

    // Every block the page showed, as typed, so nothing is lost whatever happens next.
    const shown = Math.min(Math.max(Number.parseInt(text('childCount'), 10) || 1, 1), MAX_CHILDREN);
    let children: ChildTyped[] = Array.from({ length: shown }, (_, i) => ({
      forename: text(childFieldId(i, 'Forename')),
      surname: text(childFieldId(i, 'Surname')),
      day: text(childFieldId(i, 'DobDay')),
      month: text(childFieldId(i, 'DobMonth')),
      year: text(childFieldId(i, 'DobYear')),
    }));
    const person = Object.fromEntries(PERSON_FIELDS.map((name) => [name, text(name)])) as Record<
      (typeof PERSON_FIELDS)[number],
      string
    >;

    // "Add another child" and "Remove" (without JavaScript): the same page, one block more or less.
    if (intent === 'add-child') {
      if (children.length < MAX_CHILDREN) {
        children = [...children, { forename: '', surname: '', day: '', month: '', year: '' }];
      }
      return { ...person, children, focus: childFieldId(children.length - 1, 'Forename') };
    }
    const removing = /^remove-child-(\d+)$/.exec(intent);
    if (removing) {
      const index = Number(removing[1]);
      if (index > 0) children = children.filter((_, i) => i !== index);
      return { ...person, children, focus: 'add-child' };
    }

    // A block left wholly empty (but the first) is a child not wanted after all.
    const used = children
      .map((child, block) => ({ child, block }))
      .filter(
        ({ child, block }) => block === 0 || Object.values(child).some((value) => value !== ''),
      );
    const dateErrors: Record<string, string> = {};
    const datePartsAtFault: Record<string, DatePart[]> = {};
    const today = todayInUk(event.locals.ctx.now());
    const submitted = used.map(({ child, block }) => {
      const date = combineDateOfBirth(child, today);
      if (!date.ok) {
        dateErrors[childFieldId(block, 'Dob')] = date.message;
        datePartsAtFault[childFieldId(block, 'Dob')] = date.parts;
      }
      // A date found wrong here goes to the router empty, which it always refuses: so the router
      // still reports every other field, and nothing is filed while any date is wrong.
      return {
        forename: child.forename,
        surname: child.surname,
        dateOfBirth: date.ok ? date.iso : '',
      };
    });

    try {
      await caller(event).accessRequests.submit({
        ...person,
        phone: person.phone || undefined,
        children: submitted,
        submissionKey: submissionKeyOf(form),
      });
    } catch (cause) {
      if (!(cause instanceof TRPCError)) throw cause;
      if (cause.code === 'INTERNAL_SERVER_ERROR')
        console.error('Form action failed:', cause.cause ?? cause);
      const fieldErrors = {
        ...issuesOf(
          cause,
          used.map(({ block }) => block),
        ),
        ...dateErrors,
      };
      const status =
        cause.code === 'TOO_MANY_REQUESTS'
          ? 429
          : cause.code === 'INTERNAL_SERVER_ERROR'
            ? 500
            : 400;
      return fail(status, {
        ...person,
        children,
        fieldErrors,
        datePartsAtFault,
        // A message of its own only when no field explains the refusal (too many requests, say).
        message: Object.keys(fieldErrors).length > 0 ? '' : publicMessage(cause),
      });
    }
    return { received: true as const, maskedEmail: maskEmail(person.email) };
  },
};
