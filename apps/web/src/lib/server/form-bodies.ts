import { error, type Handle } from '@sveltejs/kit';

/** What a person (or a program) is told when a form's body cannot be read as a form. */
export const UNREADABLE_FORM = 'The form could not be read. Please go back and send it again.';

/**
 * A form action reads its body with `request.formData()`, which throws a TypeError for a broken
 * multipart body, a multipart type without a boundary, or a type that is not a form (`text/plain`
 * passes SvelteKit's own check): until now a 500 logged as unexpected. The request's own
 * `formData` is wrapped so that such a body is a 400 with a plain message wherever it is read,
 * and SvelteKit, which treats an `error()` as expected, logs nothing. Runs after the body limit,
 * which may replace the request.
 */
export const formBodies: Handle = async ({ event, resolve }) => {
  const request = event.request;
  const read = request.formData.bind(request);
  request.formData = async () => {
    try {
      return await read();
    } catch {
      error(400, UNREADABLE_FORM);
    }
  };
  return resolve(event);
};
