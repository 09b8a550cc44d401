import { describe, expect, it } from 'vitest';
import { ADMIN_NAV, currentNavItem, navFor } from './admin-nav';

describe('navFor', () => {
  it('lists only the pages a role may use', () => {
    const teacher = navFor(['teacher']).map((item) => item.href);
    expect(teacher).toContain('/admin/registers');
    expect(teacher).not.toContain('/admin/students');
    expect(navFor(['parent'])).toEqual([]);
    expect(navFor(['admin'])).toHaveLength(ADMIN_NAV.length - 1); // "My classes" is for teachers
  });
});

describe('currentNavItem', () => {
  const nav = navFor(['admin']);

  it('marks a page and the pages below it', () => {
    expect(currentNavItem(nav, '/admin/students')?.href).toBe('/admin/students');
    expect(currentNavItem(nav, '/admin/students/5d1c/edit')?.href).toBe('/admin/students');
    expect(currentNavItem(nav, '/admin/registers/take')?.href).toBe('/admin/registers');
  });

  it('does not mistake one page for another that starts with the same letters', () => {
    expect(currentNavItem(nav, '/admin/access-stopped')?.href).toBe('/admin/access-stopped');
    expect(currentNavItem(nav, '/admin/access')?.href).toBe('/admin/access');
  });

  it('marks nothing on the staff home', () => {
    expect(currentNavItem(nav, '/admin')).toBeUndefined();
  });
});
