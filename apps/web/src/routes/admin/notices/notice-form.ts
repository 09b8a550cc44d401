// The notice form as the browser posts it, turned into what the router takes. Used by the "new"
// and "edit" pages' actions; the router does every check.

export type When = 'draft' | 'now' | 'schedule' | 'keep';

/** What the person typed and chose, echoed back into the form after a preview or a refusal. */
export interface NoticeFormValues {
  title: string;
  bodyMarkdown: string;
  forParents: boolean;
  forStudents: boolean;
  forStaff: boolean;
  forGovernors: boolean;
  yearGroups: string[];
  forms: string[];
  groupIds: string[];
  when: When;
  publishAt: string;
  expiresAt: string;
  emailParents: boolean;
  removeAttachment: boolean;
}

const WHEN: readonly When[] = ['draft', 'now', 'schedule', 'keep'];

export function readNoticeForm(form: FormData): NoticeFormValues {
  const text = (name: string) => String(form.get(name) ?? '');
  const ticked = (name: string) => form.get(name) !== null;
  const all = (name: string) => form.getAll(name).map(String);
  const when = text('when') as When;
  return {
    title: text('title'),
    bodyMarkdown: text('bodyMarkdown'),
    forParents: ticked('forParents'),
    forStudents: ticked('forStudents'),
    forStaff: ticked('forStaff'),
    forGovernors: ticked('forGovernors'),
    yearGroups: all('yearGroups'),
    forms: all('forms'),
    groupIds: all('groupIds'),
    when: WHEN.includes(when) ? when : 'draft',
    publishAt: text('publishAt').trim(),
    expiresAt: text('expiresAt').trim(),
    emailParents: ticked('emailParents'),
    removeAttachment: ticked('removeAttachment'),
  };
}

/** The wording and audience, for a preview or a save. */
export function draftInput(values: NoticeFormValues, noticeId?: string) {
  return {
    ...(noticeId ? { noticeId } : {}),
    title: values.title,
    bodyMarkdown: values.bodyMarkdown,
    forParents: values.forParents,
    forStudents: values.forStudents,
    forStaff: values.forStaff,
    forGovernors: values.forGovernors,
    scopes: {
      yearGroups: values.yearGroups.map(Number),
      forms: values.forms,
      groupIds: values.groupIds,
    },
    emailParents: values.emailParents,
    expiresAt: values.expiresAt || null,
  };
}

/** Everything a save sends: the draft, when it is shown, and the attached file if one was chosen. */
export async function saveInput(values: NoticeFormValues, form: FormData, noticeId?: string) {
  const file = form.get('attachment');
  const attachment =
    file instanceof File && file.size > 0
      ? {
          name: file.name,
          contentType: file.type,
          base64: Buffer.from(await file.arrayBuffer()).toString('base64'),
        }
      : undefined;
  const publishAt =
    values.when === 'draft'
      ? null
      : values.when === 'now'
        ? ('now' as const)
        : values.when === 'schedule'
          ? values.publishAt
          : undefined;
  return {
    ...draftInput(values, noticeId),
    publishAt,
    ...(attachment ? { attachment } : {}),
    removeAttachment: values.removeAttachment,
  };
}

/** The message shown after a save, by what happened. */
export const SAVED_MESSAGES = {
  draft: 'The notice has been saved as a draft. Nobody can see it yet.',
  scheduled: 'The notice has been saved and is scheduled.',
  live: 'The notice has been saved and is published.',
  expired: 'The notice has been saved. It has expired, so nobody sees it now.',
} as const;

export function emailedMessage(count: number | null): string {
  if (count === null) return '';
  return count === 1
    ? ' 1 parent is being emailed about it.'
    : ` ${count} parents are being emailed about it.`;
}
