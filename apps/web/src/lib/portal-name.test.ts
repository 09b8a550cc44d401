import { describe, expect, it } from 'vitest';
import { portalName } from './portal-name';

describe('portalName', () => {
  it('names the portal for who is looking: a student is not told it is the parents’ portal', () => {
    expect(portalName('student')).toBe('Student Portal');
    expect(portalName('staff')).toBe('Staff Portal');
    expect(portalName('parent')).toBe('Parent Portal');
    expect(portalName(null)).toBe('Parent Portal');
  });
});
