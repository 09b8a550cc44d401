import { z } from 'zod';
import { getInfoPage, infoDocument, listInfoPages } from './pages';
import { roleProcedure, router } from '../core';

/** Everyone signed in reads the school's information; each page's audience decides who sees it. */
const reader = roleProcedure('parent', 'student', 'teacher', 'office', 'dsl', 'governor', 'admin');

export const informationRouter = router({
  /** The pages for this user's audience, with their summaries and documents. */
  list: reader.query(({ ctx }) => listInfoPages(ctx)),

  /** One page by its address, with its body rendered safely and its documents. */
  page: reader
    .input(
      z.object({
        slug: z
          .string('That is not a valid page address.')
          .max(100, 'That is not a valid page address.')
          .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'That is not a valid page address.'),
      }),
    )
    .query(({ ctx, input }) => getInfoPage(ctx, input.slug)),

  /** A document on a page this user sees. */
  document: reader
    .input(z.object({ documentId: z.uuid('That is not a valid document reference.') }))
    .query(({ ctx, input }) => infoDocument(ctx, input.documentId)),
});
