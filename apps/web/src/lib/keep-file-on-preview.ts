import type { SubmitFunction } from '@sveltejs/kit';
import { SUBMIT_DONE } from './submit-once';

/**
 * `use:enhance={keepFileOnPreview}` on the notice form: sent in the page, so that after a
 * preview (or a refusal) the form is left exactly as it was, the chosen attachment included. A
 * full page load cannot give a file back to a file input, so the attachment was lost after
 * Preview. A save that succeeds follows its redirect as before. Without JavaScript the form
 * posts as an ordinary form, and the hint says to choose the file again.
 */
export const keepFileOnPreview: SubmitFunction = ({ formElement }) => {
  return async ({ update }) => {
    await update({ reset: false, invalidateAll: false });
    formElement.dispatchEvent(new Event(SUBMIT_DONE));
  };
};
