import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

/** The register chosen in the picker: "form:10N" or "group:<id>". */
function registerOf(url: URL): { form: string } | { groupId: string } | null {
  const value = url.searchParams.get('register') ?? '';
  if (value.startsWith('form:')) return { form: value.slice('form:'.length) };
  if (value.startsWith('group:')) return { groupId: value.slice('group:'.length) };
  return null;
}

function chosen(url: URL) {
  const register = registerOf(url);
  if (!register) redirect(303, '/admin/registers');
  return {
    register,
    date: url.searchParams.get('date') ?? '',
    // Anything else reaches the router, which says what is wrong with it.
    session: (url.searchParams.get('session') ?? '') as 'AM' | 'PM',
  };
}

export const load: PageServerLoad = async (event) => {
  const { register, date, session } = chosen(event.url);
  const view = await loadFromRouter(event, () =>
    caller(event).admin.registers.get({ ...register, date, session }),
  );
  // The address to post back to: the register's own choices, without any earlier action's name.
  const query = new URLSearchParams({
    register: event.url.searchParams.get('register') ?? '',
    date,
    session,
  }).toString();
  return { view, query };
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const actions: Actions = {
  save: async (event) => {
    const { register, date, session } = chosen(event.url);
    const form = await event.request.formData();
    const markUnmarked = form.get('markUnmarkedPresent') === 'yes';
    const presentCode = session === 'PM' ? '\\' : '/';
    // Sent back after a refusal, so every choice stays as it was.
    const codes: Record<string, string> = {};
    const choices: Record<string, string> = {};
    const others: Record<string, string> = {};
    const late: Record<string, string> = {};
    const problems: Record<string, string[]> = {};
    const marks: { studentId: string; code: string; minutesLate?: number }[] = [];
    // Every student has a full code list ("code-<id>"); the buttons ("mark-<id>") are a radio
    // group that sends nothing until one is pressed.
    for (const [name, raw] of form) {
      if (!name.startsWith('code-')) continue;
      const studentId = name.slice('code-'.length);
      const other = String(raw).trim();
      const button = String(form.get(`mark-${studentId}`) ?? '').trim();
      const minutes = String(form.get(`late-${studentId}`) ?? '').trim();
      // The pressed button decides; "Other" means the full list's code. With no button pressed
      // (a browser without JavaScript, choosing from the list alone) the list decides.
      const code = button === 'other' || button === '' ? other : button;
      codes[studentId] = code;
      choices[studentId] = button;
      others[studentId] = other;
      late[studentId] = minutes;
      if (button === 'other' && other === '') {
        problems[`code-${studentId}`] = [
          'Choose a code from the full list, or press another mark.',
        ];
        continue;
      }
      const mark = code || (markUnmarked ? presentCode : '');
      if (!mark) continue;
      marks.push({
        studentId,
        code: mark,
        // A non-number reaches the router as NaN and gets its plain message.
        ...(minutes ? { minutesLate: Number(minutes) } : {}),
      });
    }
    if (Object.keys(problems).length > 0) {
      return fail(400, {
        message:
          'Nothing was saved. Choose a code from the full list for each student marked Other.',
        fieldErrors: problems,
        codes,
        choices,
        others,
        late,
        markUnmarked,
      });
    }
    const result = await act(
      () => caller(event).admin.registers.save({ ...register, date, session, marks }),
      { codes, choices, others, late, markUnmarked },
    );
    if (!result.ok) return result.failure;
    const { counts, unmarked, keptReported } = result.value;
    const parts = [`${counts.present} present`, `${counts.late} late`, `${counts.absent} absent`];
    if (counts.approvedActivity > 0) {
      parts.push(`${counts.approvedActivity} on an approved educational activity`);
    }
    if (counts.notPossible > 0) parts.push(`${counts.notPossible} not expected in`);
    return {
      saved: `Register saved: ${parts.join(', ')}`,
      keptReported,
      stillUnmarked:
        unmarked > 0
          ? `${plural(unmarked, 'student is', 'students are')} still not marked for this session.`
          : null,
    };
  },
};
