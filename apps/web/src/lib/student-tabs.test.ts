import { describe, expect, it } from 'vitest';
import { currentStudentTab, studentTabs } from './student-tabs';

describe('studentTabs', () => {
  it('lists the five views in a parent’s order, each a plain link', () => {
    expect(studentTabs('abc', '/students/abc/attendance').map((t) => [t.label, t.href])).toEqual([
      ['Overview', '/students/abc'],
      ['Timetable', '/students/abc/timetable'],
      ['Attendance', '/students/abc/attendance'],
      ['Behaviour', '/students/abc/behaviour'],
      ['Reports', '/students/abc/reports'],
    ]);
  });

  it('marks exactly the view shown as current', () => {
    const tabs = studentTabs('abc', '/students/abc/attendance');
    expect(tabs.filter((t) => t.current).map((t) => t.label)).toEqual(['Attendance']);
    expect(studentTabs('abc', '/students/abc').filter((t) => t.current)[0]?.label).toBe('Overview');
  });

  it('keeps a deeper page under its view: one report is still Reports', () => {
    expect(currentStudentTab('abc', '/students/abc/reports/r1')?.label).toBe('Reports');
    expect(currentStudentTab('abc', '/students/abc/behaviour/new')?.label).toBe('Behaviour');
  });

  it('marks nothing for another child’s page or a look-alike path', () => {
    expect(currentStudentTab('abc', '/students/xyz/attendance')).toBeUndefined();
    expect(currentStudentTab('abc', '/students/abc/attendance-extra')).toBeUndefined();
    expect(studentTabs('abc', '/notices').some((t) => t.current)).toBe(false);
  });
});
