import { describe, expect, it } from 'vitest';
import {
  describeMark,
  describeWeek,
  groupByWeek,
  isAbsence,
  isLate,
  marksThatMatter,
  mattersToParent,
  mondayOf,
  type DayOfMarks,
  type MarkFacts,
} from './marks';
import { formatSchoolDay } from './dates';

let next = 0;
const CATEGORY: Record<string, string | null> = {
  '/': 'present',
  '\\': 'present',
  L: 'present',
  V: 'approved_activity',
  I: 'authorised',
  M: 'authorised',
  N: 'unauthorised',
  O: 'unauthorised',
  U: 'unauthorised',
  '#': 'not_possible',
};
const mark = (code: string, minutesLate: number | null = null): MarkFacts => ({
  id: `mark-${++next}`,
  code,
  meaning: `meaning of ${code}`,
  category: code in CATEGORY ? CATEGORY[code]! : null,
  unexplained: code === 'N',
  minutesLate,
});
const day = (date: string, am: string | null, pm: string | null): DayOfMarks => ({
  date,
  am: am === null ? null : mark(am),
  pm: pm === null ? null : mark(pm),
});

describe('which marks matter to a parent', () => {
  it('shows absences, lates, marks needing a reason and unknown codes', () => {
    for (const code of ['I', 'M', 'N', 'O', 'L', 'U', 'ZZ']) {
      expect(mattersToParent(mark(code)), code).toBe(true);
    }
  });

  it('leaves out present, approved activities and sessions that do not count', () => {
    for (const code of ['/', '\\', 'V', '#']) {
      expect(mattersToParent(mark(code)), code).toBe(false);
    }
  });

  it('counts arriving after the register closed as late, not as an absence', () => {
    expect(isLate(mark('U'))).toBe(true);
    expect(isAbsence(mark('U'))).toBe(false);
    expect(isAbsence(mark('N'))).toBe(true);
    expect(isLate(mark('/', 5))).toBe(true);
  });

  it('keeps the order of the days, morning before afternoon', () => {
    const days = [
      day('2026-11-18', '/', 'I'),
      day('2026-11-17', 'N', 'N'),
      day('2026-11-16', '/', '\\'),
    ];
    const found = marksThatMatter(days).map((m) => `${m.date} ${m.session} ${m.mark.code}`);
    expect(found).toEqual([
      '2026-11-18 afternoon I',
      '2026-11-17 morning N',
      '2026-11-17 afternoon N',
    ]);
  });
});

describe('mondayOf', () => {
  it('gives the Monday of the week, across month and year ends', () => {
    expect(mondayOf('2026-11-16')).toBe('2026-11-16');
    expect(mondayOf('2026-11-20')).toBe('2026-11-16');
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
    expect(mondayOf('2026-12-01')).toBe('2026-11-30');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });
});

describe('groupByWeek', () => {
  it('groups newest-first days into newest-first weeks with their counts', () => {
    const days = [
      day('2026-11-24', 'L', '\\'),
      day('2026-11-23', '/', '\\'),
      day('2026-11-20', 'N', 'N'),
      day('2026-11-19', '/', null),
      day('2026-11-16', 'M', '\\'),
    ];
    const weeks = groupByWeek(days);
    expect(weeks.map((w) => w.weekStarting)).toEqual(['2026-11-23', '2026-11-16']);
    expect(weeks[0]!.days.map((d) => d.date)).toEqual(['2026-11-24', '2026-11-23']);
    expect(weeks[0]).toMatchObject({ absences: 0, lates: 1, needReason: 0 });
    expect(weeks[1]!.days.map((d) => d.date)).toEqual(['2026-11-20', '2026-11-19', '2026-11-16']);
    expect(weeks[1]).toMatchObject({ absences: 3, lates: 0, needReason: 2 });
  });

  it('gives no weeks for no days', () => {
    expect(groupByWeek([])).toEqual([]);
  });
});

describe('words for a week and a mark', () => {
  it('names what happened in the week, or says nothing did', () => {
    expect(describeWeek({ absences: 0, lates: 0, needReason: 0 })).toBe('No absences or lates');
    expect(describeWeek({ absences: 1, lates: 1, needReason: 1 })).toBe(
      '1 absence, 1 late, 1 needs a reason',
    );
    expect(describeWeek({ absences: 3, lates: 2, needReason: 2 })).toBe(
      '3 absences, 2 lates, 2 need a reason',
    );
  });

  it('describes a mark with its day, session, code and meaning', () => {
    const m = mark('N');
    expect(describeMark({ date: '2026-11-17', session: 'morning', mark: m })).toBe(
      `${formatSchoolDay('2026-11-17')}, morning: N, meaning of N`,
    );
  });
});
