/**
 * An iCalendar document (RFC 5545) of all-day events, as calendar apps subscribe to one: Google
 * Calendar, Apple Calendar and Outlook all read this shape. Pure: the tests parse its output with
 * an independent iCalendar library.
 */

export interface AllDayEvent {
  /** Stable across fetches, so a calendar app updates the event rather than adding another. */
  uid: string;
  summary: string;
  /** The first and last day, inclusive, as `YYYY-MM-DD` in the school's calendar. */
  startsOn: string;
  endsOn: string;
  description?: string;
}

export interface CalendarDocument {
  name: string;
  /** A domain of the portal's, for the events' UIDs (`uid@domain`). */
  domain: string;
  events: readonly AllDayEvent[];
  now: Date;
}

/** TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\n/g, '\\n');
}

/**
 * Lines longer than 75 octets are folded: CRLF then one space (RFC 5545 3.1), never inside a
 * UTF-8 character.
 */
export function foldLine(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74; // a continuation line's leading space counts
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const compactDate = (isoDate: string) => isoDate.replaceAll('-', '');

/** The day after `isoDate`: DTEND of an all-day event is the first day it does not cover. */
function dayAfter(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** `20261207T235400Z`: a UTC date-time. */
function utcStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

export function toICalendar(doc: CalendarDocument): string {
  const stamp = utcStamp(doc.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Schoolgate//Parent portal calendar//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(doc.name)}`,
    // How often apps should fetch it again: Apple and Outlook read these; Google decides itself.
    'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
    'X-PUBLISHED-TTL:PT6H',
  ];
  for (const event of doc.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(event.uid)}@${doc.domain}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compactDate(event.startsOn)}`,
      `DTEND;VALUE=DATE:${compactDate(dayAfter(event.endsOn))}`,
      `SUMMARY:${escapeText(event.summary)}`,
      ...(event.description ? [`DESCRIPTION:${escapeText(event.description)}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
