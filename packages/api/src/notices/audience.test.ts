import { describe, expect, it } from 'vitest';
import { describeAudience, englishList, type NoticeScope } from './audience';

const none = { forParents: false, forStudents: false, forStaff: false, forGovernors: false };
const year = (yearGroup: number): NoticeScope => ({ yearGroup, form: null, group: null });
const form = (name: string): NoticeScope => ({ yearGroup: null, form: name, group: null });

describe('describeAudience', () => {
  it('names the whole school when a notice has no scopes', () => {
    expect(describeAudience({ ...none, forParents: true }, [])).toBe('All parents');
    expect(describeAudience({ ...none, forParents: true, forStudents: true }, [])).toBe(
      'All parents and students',
    );
  });

  it('names the year groups, forms and teaching groups a notice is scoped to', () => {
    expect(describeAudience({ ...none, forParents: true }, [year(10)])).toBe('Parents of Year 10');
    expect(describeAudience({ ...none, forStudents: true }, [year(10)])).toBe(
      'Students in Year 10',
    );
    expect(
      describeAudience({ ...none, forParents: true, forStudents: true }, [
        form('8N'),
        year(11),
        year(9),
      ]),
    ).toBe('Parents and students of Year 9, Year 11 and form 8N');
    expect(
      describeAudience({ ...none, forParents: true }, [
        { yearGroup: null, form: null, group: { code: '10Ma1', subject: 'Mathematics' } },
      ]),
    ).toBe('Parents of the Mathematics group 10Ma1');
  });

  it('names staff and governors, who are never narrowed by scopes', () => {
    expect(describeAudience({ ...none, forStaff: true }, [])).toBe('All staff');
    expect(describeAudience({ ...none, forGovernors: true }, [])).toBe('Governors');
    expect(
      describeAudience({ ...none, forParents: true, forStaff: true, forGovernors: true }, [
        year(7),
      ]),
    ).toBe('Parents of Year 7, all staff and governors');
  });

  it('says so when a notice reaches nobody', () => {
    expect(describeAudience(none, [])).toBe('Nobody yet');
  });
});

describe('englishList', () => {
  it('joins with commas and a final "and"', () => {
    expect(englishList([])).toBe('');
    expect(englishList(['a'])).toBe('a');
    expect(englishList(['a', 'b'])).toBe('a and b');
    expect(englishList(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
