import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';
import { fileDownload } from '$lib/server/file-download';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A notice's attachment for the staff who publish notices, draft or not. */
export const GET: RequestHandler = async (event) => {
  if (!UUID.test(event.params.id)) error(404, 'We could not find that attachment.');
  const file = await loadFromRouter(event, () =>
    caller(event).admin.notices.attachment({ noticeId: event.params.id }),
  );
  return fileDownload(file);
};
