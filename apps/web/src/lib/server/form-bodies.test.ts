import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { formBodies, UNREADABLE_FORM } from './form-bodies';
import { expectedErrorMessage } from './expected-errors';

/** Runs the hook on a POST with `body` and reads the form as an action would. */
async function readForm(contentType: string, body: string) {
  const event = {
    request: new Request('http://portal.test/signin', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }),
  } as RequestEvent;
  let read: Promise<FormData> | undefined;
  await formBodies({
    event,
    resolve: async (e) => {
      read = e.request.formData();
      await read.catch(() => undefined);
      return new Response('');
    },
  });
  return read!;
}

describe('a form body that cannot be read', () => {
  it('is a 400 with a plain message, for broken multipart and for types that are not forms', async () => {
    for (const [type, body] of [
      ['multipart/form-data; boundary=xyz', '--xyz\r\nbroken'],
      ['multipart/form-data', 'abc'],
      ['text/plain', 'a=b'],
    ]) {
      const error = await readForm(type!, body!).catch((e: unknown) => e);
      expect(isHttpError(error, 400), type).toBe(true);
      expect((error as { body: { message: string } }).body.message).toBe(UNREADABLE_FORM);
    }
  });

  it('leaves a good form as it was', async () => {
    const form = await readForm('application/x-www-form-urlencoded', 'identifier=a%20b');
    expect(form.get('identifier')).toBe('a b');
  });
});

describe('the refusals SvelteKit makes itself', () => {
  it('have a plain message and are not unexpected; a 5xx is', () => {
    expect(expectedErrorMessage(415)).toBe(
      'This page takes forms only. Please use the form on the page.',
    );
    expect(expectedErrorMessage(405)).toBe('That cannot be sent to this page.');
    expect(expectedErrorMessage(404)).toBe('Page not found.');
    expect(expectedErrorMessage(418)).toBe('The request was not understood.');
    expect(expectedErrorMessage(500)).toBeNull();
    expect(expectedErrorMessage(503)).toBeNull();
  });
});
