import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const search = params.get('q')?.trim() ?? '';
  const yearText = params.get('year') ?? '';
  const year = /^(7|8|9|10|11|12|13)$/.test(yearText) ? Number(yearText) : undefined;
  const form = params.get('form')?.trim().slice(0, 10) ?? '';
  const pageNumber = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const includeLeavers = params.get('leavers') === 'on';
  const result = await loadFromRouter(event, () =>
    caller(event).admin.students.list({
      search: search || undefined,
      yearGroup: year,
      form: form || undefined,
      includeLeavers,
      page: pageNumber,
      pageSize: PAGE_SIZE,
    }),
  );
  return { result, filter: { search, year: yearText, form, includeLeavers } };
};
