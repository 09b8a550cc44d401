import type { LayoutServerLoad } from './$types';
import { caller } from '$lib/server/router';

export const load: LayoutServerLoad = async (event) => {
  const school = await caller(event).school.info();
  const user = event.locals.ctx.user;
  return {
    school,
    user: user ? { displayName: user.displayName, kind: user.kind, roles: user.roles } : null,
  };
};
