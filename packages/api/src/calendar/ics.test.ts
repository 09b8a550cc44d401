import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toICalendar } from './ics';

describe('iCalendar text', () => {
  it('escapes what RFC 5545 says a TEXT value must', () => {
    expect(escapeText('Half term; closed, all\\day\r\nBack Monday')).toBe(
      'Half term\\; closed\\, all\\\\day\\nBack Monday',
    );
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const line = `SUMMARY:${'Zając '.repeat(30)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const [index, part] of parts.entries()) {
      expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
      if (index > 0) expect(part.startsWith(' ')).toBe(true);
    }
    expect(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(line);
    expect(foldLine('SUMMARY:short')).toBe('SUMMARY:short');
  });

  it('writes all-day events whose end is the day after their last day, in CRLF lines', () => {
    const text = toICalendar({
      name: 'Northfield Academy',
      domain: 'portal.example',
      now: new Date('2026-12-07T23:54:00.123Z'),
      events: [
        {
          uid: 'closure-1',
          summary: 'School closed: Christmas',
          startsOn: '2026-12-21',
          endsOn: '2027-01-01',
        },
      ],
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(text).toContain('DTSTART;VALUE=DATE:20261221\r\n');
    expect(text).toContain('DTEND;VALUE=DATE:20270102\r\n');
    expect(text).toContain('DTSTAMP:20261207T235400Z\r\n');
    expect(text).toContain('UID:closure-1@portal.example\r\n');
  });
});
