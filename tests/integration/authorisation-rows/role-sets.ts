import { ROLES, type Role } from '@schoolgate/api';

export const EVERYONE: readonly Role[] = ROLES;
export const SIGNED_IN: readonly Role[] = ROLES.filter((role) => role !== 'anonymous');
