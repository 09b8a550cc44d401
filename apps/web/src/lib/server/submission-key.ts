// Each page whose form creates or sends something renders a fresh key in a hidden field; the
// router does the work once per key and content (see docs/decisions/0006-idempotent-forms.md).
export { newSubmissionKey } from '@schoolgate/api';

/** The key the posted form was rendered with (its `submissionKey` field), if it carries one. */
export function submissionKeyOf(form: FormData): string | undefined {
  const key = form.get('submissionKey');
  return typeof key === 'string' && key !== '' ? key : undefined;
}
