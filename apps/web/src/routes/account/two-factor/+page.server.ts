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
      {
        step: 'confirm' as const,
        manualKey: String(form.get('manualKey') ?? ''),
        keyUri: otpauthOnly(String(form.get('keyUri') ?? '')),
        qrSvg: '',
      },
    );
    if (!result.ok) return result.failure;
    return { step: 'done' as const, recoveryCodes: result.value.recoveryCodes };
  },
  renew: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () => caller(event).twoFactor.renewRecoveryCodes({ code: String(form.get('code') ?? '') }),
      { step: 'manage' as const, action: 'renew' as const },
    );
    if (!result.ok) return result.failure;
    return { step: 'renewed' as const, recoveryCodes: result.value.recoveryCodes };
  },
  turnOff: async (event) => {
    const form = await event.request.formData();
    const result = await act(
      () => caller(event).twoFactor.turnOff({ code: String(form.get('code') ?? '') }),
      { step: 'manage' as const, action: 'turnOff' as const },
    );
    if (!result.ok) return result.failure;
    return { step: 'turnedOff' as const };
  },
};

/** Only an otpauth address goes back into the page's link; anything else sent is dropped. */
function otpauthOnly(value: string): string {
  return value.startsWith('otpauth://totp/') ? value : '';
}
