import { describe, expect, it } from 'vitest';
import { holdsAny, isStaffRole } from './roles';

describe('roles', () => {
  it('a staff member with several roles may do what any of them allows', () => {
    expect(holdsAny(['teacher', 'dsl'], ['dsl', 'admin'])).toBe(true);
    expect(holdsAny(['teacher', 'governor'], ['office', 'admin'])).toBe(false);
    expect(holdsAny([], ['parent'])).toBe(false);
  });

  it('recognises only the five staff roles', () => {
    expect(['admin', 'office', 'teacher', 'dsl', 'governor'].every(isStaffRole)).toBe(true);
    expect(isStaffRole('parent')).toBe(false);
    expect(isStaffRole('superuser')).toBe(false);
  });
});
