import { describe, expect, it } from 'vitest';
import {
  FAMILY_CUT_OFF,
  HELD_READ_ONLY,
  addresseeLabel,
  normaliseText,
  piecesOf,
  schoolRecipient,
  staffMayReply,
  unreadLabel,
} from './rules';

describe('normaliseText', () => {
  it('makes line endings \\n and trims blank lines and trailing spaces, keeping the rest', () => {
    expect(normaliseText('\r\n\r\nHello  \r\n\r\n  indented\rend\n\n')).toBe(
      'Hello\n\n  indented\nend',
    );
  });
  it('leaves markup as typed: it is text, never HTML', () => {
    expect(normaliseText('<b>bold</b> & <script>x</script>')).toBe(
      '<b>bold</b> & <script>x</script>',
    );
  });
});

describe('piecesOf', () => {
  it('marks web addresses apart from the words, without the full stop that ends a sentence', () => {
    expect(piecesOf('See https://example.org/a?b=1. Thanks')).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'address', text: 'https://example.org/a?b=1' },
      { kind: 'text', text: '. Thanks' },
    ]);
  });
  it('finds www. addresses and several in one message, and plain text alone', () => {
    expect(piecesOf('www.a.uk and http://b.uk')).toEqual([
      { kind: 'address', text: 'www.a.uk' },
      { kind: 'text', text: ' and ' },
      { kind: 'address', text: 'http://b.uk' },
    ]);
    expect(piecesOf('no address here')).toEqual([{ kind: 'text', text: 'no address here' }]);
    expect(piecesOf('javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'javascript:alert(1)' },
    ]);
  });
  it('joins back to exactly the text', () => {
    const text = 'a https://x.y/(z) b www.q.r, c';
    expect(
      piecesOf(text)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });
});

describe('labels', () => {
  it('names the addressee and counts unread messages', () => {
    expect(addresseeLabel('office', null)).toBe('School office');
    expect(addresseeLabel('teacher', 'Ms Reeves')).toBe('Ms Reeves');
    expect(unreadLabel(1)).toBe('1 unread message');
    expect(unreadLabel(0)).toBe('0 unread messages');
    expect(unreadLabel(3)).toBe('3 unread messages');
  });
});

describe('staffMayReply', () => {
  const open = { held: false, onRoll: true, familyCanSee: true, status: 'open' as const };
  it('allows a reply to an open thread the family can still see', () => {
    expect(staffMayReply(open)).toEqual({ ok: true });
  });
  it('refuses under a hold, after leaving, when the family is cut off, or when closed', () => {
    expect(staffMayReply({ ...open, held: true })).toEqual({ ok: false, reason: HELD_READ_ONLY });
    expect(staffMayReply({ ...open, onRoll: false })).toEqual({
      ok: false,
      reason: FAMILY_CUT_OFF,
    });
    expect(staffMayReply({ ...open, familyCanSee: false })).toEqual({
      ok: false,
      reason: FAMILY_CUT_OFF,
    });
    expect(staffMayReply({ ...open, status: 'closed' }).ok).toBe(false);
    // The hold is the reason given even when the thread is also closed.
    expect(staffMayReply({ ...open, held: true, status: 'closed' })).toEqual({
      ok: false,
      reason: HELD_READ_ONLY,
    });
  });
});

describe('schoolRecipient', () => {
  const base = { teacherEmail: 't@s', assigneeEmail: null, officeEmail: 'office@s' };
  it('tells the colleague the thread is assigned to, else the teacher, else the office', () => {
    expect(schoolRecipient({ ...base, addressedTo: 'teacher' })).toBe('t@s');
    expect(schoolRecipient({ ...base, addressedTo: 'office', teacherEmail: null })).toBe(
      'office@s',
    );
    expect(schoolRecipient({ ...base, addressedTo: 'office', assigneeEmail: 'a@s' })).toBe('a@s');
    expect(
      schoolRecipient({
        addressedTo: 'office',
        teacherEmail: null,
        assigneeEmail: null,
        officeEmail: null,
      }),
    ).toBeNull();
  });
});
