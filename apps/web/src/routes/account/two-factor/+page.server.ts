import type { Actions, PageServerLoad } from './$types';
import { act, caller, load as loadFromRouter } from '$lib/server/router';

export const load: PageServerLoad = async (event) => {
  const me = await loadFromRouter(event, () => caller(event).auth.me());
  return { state: me.twoFactor, isStaff: me.kind === 'staff' };
};

export const actions: Actions = {
  begin: async (event) => {
    const result = await act(() => caller(event).twoFactor.beginEnrolment(), {});
    if (!result.ok) return result.failure;
    return { step: 'confirm' as const, ...result.value };
  },
  confirm: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () => caller(event).twoFactor.confirmEnrolment({ code: String(form.get('code') ?? '') }),
      { step: 'confirm' as const, manualKey: String(form.get('manualKey') ?? ''), qrSvg: '' },
    );
    if (!result.ok) return result.failure;
    return { step: 'done' as const, recoveryCodes: result.value.recoveryCodes };
  },
};
