import type { Action } from 'svelte/action';

/** Sent to a form by whatever sent it in the page, once the answer is shown. */
export const SUBMIT_DONE = 'submit-once:done';

/** If no answer comes (the person pressed Stop), the buttons work again after this long. */
const GIVE_UP_MS = 15_000;

/**
 * `use:submitOnce` on a form that creates or sends something: once it is sent, its buttons are
 * disabled until the next page arrives, so a double-click or a second Enter sends nothing more.
 * The form still posts as an ordinary form, with or without JavaScript; the server's submission
 * key is what makes a repeat harmless when this cannot help (no JavaScript, a resent request).
 */
export const submitOnce: Action<HTMLFormElement> = (form) => {
  let disabled: (HTMLButtonElement | HTMLInputElement)[] = [];
  let giveUp: ReturnType<typeof setTimeout> | undefined;

  const release = () => {
    clearTimeout(giveUp);
    for (const button of disabled) button.disabled = false;
    disabled = [];
    delete form.dataset.sending;
    form.removeAttribute('aria-busy');
  };

  const onSubmit = (event: SubmitEvent) => {
    if (event.defaultPrevented) return;
    if (form.dataset.sending !== undefined) {
      event.preventDefault();
      return;
    }
    form.dataset.sending = '';
    form.setAttribute('aria-busy', 'true');
    // Disabled once the browser has read the form, so the pressed button's name and value go too.
    setTimeout(() => {
      disabled = [
        ...form.querySelectorAll<HTMLButtonElement | HTMLInputElement>(
          'button, input[type="submit"]',
        ),
      ].filter((button) => !button.disabled);
      for (const button of disabled) button.disabled = true;
    });
    giveUp = setTimeout(release, GIVE_UP_MS);
  };

  // Back to this page from the browser's cache: it is shown as it was left, so make it usable.
  const onPageShow = (event: PageTransitionEvent) => {
    if (event.persisted) release();
  };

  form.addEventListener('submit', onSubmit);
  // A form sent in the page (SvelteKit's enhance) gets no new page: it says when it is done.
  form.addEventListener(SUBMIT_DONE, release);
  window.addEventListener('pageshow', onPageShow);
  return {
    destroy() {
      clearTimeout(giveUp);
      form.removeEventListener('submit', onSubmit);
      form.removeEventListener(SUBMIT_DONE, release);
      window.removeEventListener('pageshow', onPageShow);
    },
  };
};
