import { TRPCError } from '@trpc/server';
import { fieldErrorsOf, publicMessage } from '@schoolgate/api';

/** What a refused call says: its code, the message a person sees and the per-field messages. */
export async function refusalOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw error;
  return { code: error.code, message: publicMessage(error), fieldErrors: fieldErrorsOf(error) };
}
