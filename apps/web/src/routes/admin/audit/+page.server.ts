import type { PageServerLoad } from './$types';
import { caller, load as loadFromRouter } from '$lib/server/router';
import { auditQueryString, readAuditQuery, routerFilters } from './filters';

const MIN_SEARCH = 2;

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const { query, problems } = readAuditQuery(params);
  const studentSearch = params.get('studentSearch')?.trim().slice(0, 100) ?? '';
  const userSearch = params.get('userSearch')?.trim().slice(0, 100) ?? '';
  const page = Math.max(1, Math.min(100_000, Math.trunc(Number(params.get('page'))) || 1));

  // A name typed in a search box replaces the chosen student or user: one match is chosen at
  // once, several are offered as links, none is said plainly.
  let studentChoices: { id: string; name: string; detail: string }[] | null = null;
  if (studentSearch.length >= MIN_SEARCH) {
    const found = await loadFromRouter(event, () =>
      caller(event).admin.audit.findStudents({ search: studentSearch }),
    );
    if (found.length === 1) query.student = found[0]!.id;
    else {
      delete query.student;
      studentChoices = found.map((s) => ({
        id: s.id,
        name: s.name,
        detail: s.leavingDate
          ? `Year ${s.yearGroup}, ${s.form}; left ${s.leavingDate}`
          : `Year ${s.yearGroup}, ${s.form}`,
      }));
    }
  } else if (studentSearch) {
    problems.push(`Type at least ${MIN_SEARCH} letters of the student’s name.`);
  }

  let userChoices: { id: string; name: string; detail: string }[] | null = null;
  if (userSearch.length >= MIN_SEARCH) {
    const found = await loadFromRouter(event, () =>
      caller(event).admin.audit.findUsers({ search: userSearch }),
    );
    if (found.length === 1) query.user = found[0]!.userId;
    else {
      delete query.user;
      userChoices = found.map((u) => ({
        id: u.userId,
        name: u.name ?? u.username,
        detail: `${u.kindLabel}, ${u.username}`,
      }));
    }
  } else if (userSearch) {
    problems.push(`Type at least ${MIN_SEARCH} letters of the username, email or name.`);
  }

  const choosing = (studentChoices?.length ?? 0) > 0 || (userChoices?.length ?? 0) > 0;
  const results = choosing
    ? null
    : await loadFromRouter(event, () =>
        caller(event).admin.audit.search({ ...routerFilters(query), page }),
      );
  // Links that keep every other filter while choosing one.
  const chooseHref = (key: 'student' | 'user', id: string) =>
    `/admin/audit${auditQueryString({ ...query, [key]: id })}`;
  return {
    query,
    problems,
    studentSearch,
    userSearch,
    studentChoices:
      studentChoices?.map((c) => ({ ...c, href: chooseHref('student', c.id) })) ?? null,
    userChoices: userChoices?.map((c) => ({ ...c, href: chooseHref('user', c.id) })) ?? null,
    results,
    exportHref: `/admin/audit/export.csv${auditQueryString(query)}`,
    // Refused requests (issue 10 item 6), keeping the other filters.
    refusalsHref: `/admin/audit${auditQueryString({ ...query, action: 'refused.' })}`,
    clearStudentHref: `/admin/audit${auditQueryString({ ...query, student: undefined })}`,
    clearUserHref: `/admin/audit${auditQueryString({ ...query, user: undefined })}`,
    pageHrefs: results
      ? {
          previous:
            results.page > 1
              ? `/admin/audit${auditQueryString(query, { page: String(results.page - 1) })}`
              : null,
          next:
            results.page < results.pages
              ? `/admin/audit${auditQueryString(query, { page: String(results.page + 1) })}`
              : null,
        }
      : null,
  };
};
