import { describe, expect, it } from 'vitest';
import { behaviourEventProblems, type BehaviourEventDraft } from './rules';

const context = { today: '2026-11-17', admissionDate: '2022-09-01' };
const good: BehaviourEventDraft = {
  kind: 'positive',
  category: 'Effort',
  points: 2,
  occurredOn: '2026-11-17',
};
const check = (changes: Partial<BehaviourEventDraft>) =>
  behaviourEventProblems({ ...good, ...changes }, context);

describe('behaviour event rules', () => {
  it('accepts a well-formed event of either kind', () => {
    expect(check({})).toEqual({});
    expect(
      check({
        kind: 'negative',
        category: 'Late to lesson',
        points: -1,
        action: 'Detention',
        actionDate: '2026-11-19',
      }),
    ).toEqual({});
  });

  it('wants points with the sign of the kind, within range', () => {
    expect(check({ points: -2 }).points?.[0]).toMatch(/positive event has between 1 and 10/);
    expect(check({ points: 0 }).points).toHaveLength(1);
    expect(check({ points: 11 }).points).toHaveLength(1);
    expect(check({ points: 1.5 }).points).toHaveLength(1);
    expect(check({ kind: 'negative', category: 'Uniform', points: 3 }).points?.[0]).toMatch(
      /minus number/,
    );
    expect(check({ kind: 'negative', category: 'Uniform', points: -10 })).toEqual({});
  });

  it('wants a category of the event’s kind', () => {
    expect(check({ category: 'Late to lesson' }).category).toEqual([
      'Choose a category for a positive event.',
    ]);
    expect(check({ category: 'Made up' }).category).toHaveLength(1);
  });

  it('refuses a date in the future or before the student joined', () => {
    expect(check({ occurredOn: '2026-11-18' }).occurredOn).toEqual([
      'The date cannot be in the future.',
    ]);
    expect(check({ occurredOn: '2022-08-31' }).occurredOn).toEqual([
      'The date is before the student joined the school.',
    ]);
    expect(check({ occurredOn: '2022-09-01' })).toEqual({});
  });

  it('wants a detention’s date, an action for a date, and no action before the event', () => {
    expect(check({ action: 'Detention' }).actionDate).toEqual(['Give the date of the detention.']);
    expect(check({ actionDate: '2026-11-18' }).action).toHaveLength(1);
    expect(
      check({ occurredOn: '2026-11-16', action: 'Letter home', actionDate: '2026-11-15' })
        .actionDate,
    ).toEqual(['The action cannot be before the event.']);
    expect(check({ action: 'Phone call home' })).toEqual({});
  });
});
