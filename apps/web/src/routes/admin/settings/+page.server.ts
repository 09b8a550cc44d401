import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';
import { newSubmissionKey, submissionKeyOf } from '$lib/server/submission-key';

export const load: PageServerLoad = async (event) => {
  const settings = await loadFromRouter(event, () => caller(event).admin.settings.get());
  return { settings, submissionKey: newSubmissionKey() };
};

const text = (form: FormData, name: string) => String(form.get(name) ?? '').trim();
/** A number typed in a box; anything else (even nothing) is NaN, which the router explains. */
const number = (form: FormData, name: string) => {
  const value = text(form, name);
  return value === '' ? Number.NaN : Number(value);
};

const NUMBER_FIELDS = [
  'passwordMinLength',
  'passwordExpiryDays',
  'passwordFirstReminderDay',
  'passwordDailyRemindersFromDay',
  'sessionIdleMinutes',
  'sessionAbsoluteMinutes',
  'sharedSessionIdleMinutes',
  'sharedSessionAbsoluteMinutes',
  'signinMaxFailures',
  'signinFailureWindowMinutes',
  'signinLockoutMinutes',
] as const;

const SWITCHES = [
  'passwordExpiryEnabled',
  'passwordCompositionRules',
  'commonPasswordCheck',
  'studentAccountsEnabled',
  'rosterGradesAreUs',
] as const;

const TEXT_FIELDS = [
  'schoolName',
  'enquiriesEmail',
  'timeZone',
  'timetableCycleAnchor',
  'rosterSchoolIdentifier',
  'absenceCutoffTime',
  'absenceChaserTime',
  'absenceLinePhone',
] as const;

/** What the administrator typed, to put back in the form if anything is refused. */
function typed(form: FormData) {
  const values: Record<string, string | boolean> = {};
  for (const name of [
    ...TEXT_FIELDS,
    ...NUMBER_FIELDS,
    'passwordHistoryLimit',
    'timetableCycleWeeks',
    'attendanceRecord',
  ])
    values[name] = text(form, name);
  for (const name of SWITCHES) values[name] = form.get(name) === 'on';
  return values;
}

const rangeFields = (form: FormData) => ({
  startsOn: text(form, 'startsOn'),
  endsOn: text(form, 'endsOn'),
});

export const actions: Actions = {
  update: async (event) => {
    const form = await event.request.formData();
    const history = text(form, 'passwordHistoryLimit').toLowerCase();
    const numbers = Object.fromEntries(NUMBER_FIELDS.map((name) => [name, number(form, name)]));
    const switches = Object.fromEntries(SWITCHES.map((name) => [name, form.get(name) === 'on']));
    const result = await act(
      () =>
        caller(event).admin.settings.update({
          schoolName: text(form, 'schoolName'),
          enquiriesEmail: text(form, 'enquiriesEmail'),
          timeZone: text(form, 'timeZone'),
          timetableCycleWeeks: Number(text(form, 'timetableCycleWeeks')) as 1 | 2,
          timetableCycleAnchor: text(form, 'timetableCycleAnchor'),
          rosterSchoolIdentifier: text(form, 'rosterSchoolIdentifier'),
          absenceCutoffTime: text(form, 'absenceCutoffTime'),
          absenceChaserTime: text(form, 'absenceChaserTime'),
          absenceLinePhone: text(form, 'absenceLinePhone'),
          attendanceRecord: text(form, 'attendanceRecord') as 'portal' | 'mis',
          passwordHistoryLimit: history === '' || history === 'all' ? null : Number(history),
          ...numbers,
          ...switches,
        }),
      { action: 'update' as const, values: typed(form) },
    );
    if (!result.ok) return result.failure;
    const count = result.value.changed.length;
    return {
      action: 'update' as const,
      done:
        count === 0
          ? 'Nothing had changed, so nothing was saved.'
          : `Settings saved: ${count} ${count === 1 ? 'change' : 'changes'}.`,
    };
  },

  setLogo: async (event) => {
    const form = await event.request.formData();
    const file = form.get('logo');
    if (!(file instanceof File) || file.size === 0) {
      const message = 'Choose a PNG or JPEG file for the logo.';
      return fail(400, { action: 'logo' as const, message, fieldErrors: { logo: [message] } });
    }
    const data = Buffer.from(await file.arrayBuffer()).toString('base64');
    const result = await act(() => caller(event).admin.settings.setLogo({ data }), {
      action: 'logo' as const,
    });
    if (!result.ok) return result.failure;
    return { action: 'logo' as const, done: 'The new logo is saved.' };
  },

  removeLogo: async (event) => {
    const result = await act(() => caller(event).admin.settings.removeLogo(), {
      action: 'logo' as const,
    });
    if (!result.ok) return result.failure;
    return { action: 'logo' as const, done: 'The logo has been removed.' };
  },

  setBrandColour: async (event) => {
    const form = await event.request.formData();
    const brandColour = text(form, 'brandColour');
    const result = await act(
      () => caller(event).admin.settings.setBrandColour({ colour: brandColour || null }),
      { action: 'colour' as const, values: { brandColour } },
    );
    if (!result.ok) return result.failure;
    return {
      action: 'colour' as const,
      done: result.value.colour
        ? `The school’s colour is now ${result.value.colour}.`
        : 'The portal’s own blue is back.',
    };
  },

  addTerm: async (event) => {
    const form = await event.request.formData();
    const fields = { name: text(form, 'name'), ...rangeFields(form) };
    const submissionKey = submissionKeyOf(form);
    const result = await act(
      () => caller(event).admin.settings.addTerm({ ...fields, submissionKey }),
      {
        action: 'addTerm' as const,
        ...fields,
      },
    );
    if (!result.ok) return result.failure;
    return { action: 'addTerm' as const, done: `${result.value.name} added.` };
  },

  updateTerm: async (event) => {
    const form = await event.request.formData();
    const fields = { id: text(form, 'id'), name: text(form, 'name'), ...rangeFields(form) };
    const result = await act(() => caller(event).admin.settings.updateTerm(fields), {
      action: 'updateTerm' as const,
      ...fields,
    });
    if (!result.ok) return result.failure;
    return { action: 'updateTerm' as const, done: `${result.value.name} saved.` };
  },

  removeTerm: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'id');
    const result = await act(() => caller(event).admin.settings.removeTerm({ id }), {
      action: 'removeTerm' as const,
      id,
    });
    if (!result.ok) return result.failure;
    return { action: 'removeTerm' as const, done: `${result.value.name} removed.` };
  },

  addClosure: async (event) => {
    const form = await event.request.formData();
    const fields = { reason: text(form, 'reason'), ...rangeFields(form) };
    const submissionKey = submissionKeyOf(form);
    const result = await act(
      () => caller(event).admin.settings.addClosure({ ...fields, submissionKey }),
      {
        action: 'addClosure' as const,
        ...fields,
      },
    );
    if (!result.ok) return result.failure;
    return { action: 'addClosure' as const, done: `Closure “${result.value.reason}” added.` };
  },

  updateClosure: async (event) => {
    const form = await event.request.formData();
    const fields = { id: text(form, 'id'), reason: text(form, 'reason'), ...rangeFields(form) };
    const result = await act(() => caller(event).admin.settings.updateClosure(fields), {
      action: 'updateClosure' as const,
      ...fields,
    });
    if (!result.ok) return result.failure;
    return { action: 'updateClosure' as const, done: `Closure “${result.value.reason}” saved.` };
  },

  removeClosure: async (event) => {
    const form = await event.request.formData();
    const id = text(form, 'id');
    const result = await act(() => caller(event).admin.settings.removeClosure({ id }), {
      action: 'removeClosure' as const,
      id,
    });
    if (!result.ok) return result.failure;
    return { action: 'removeClosure' as const, done: `Closure “${result.value.reason}” removed.` };
  },
};
