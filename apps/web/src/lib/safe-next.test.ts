import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { safeNext } from './safe-next';

const PORTAL = 'https://portal.example-school.org.uk';

/** Where a browser on the portal goes when told to redirect to `location`. */
const destination = (location: string) => new URL(location, PORTAL);

describe('safeNext', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/admin/students?q=ok')).toBe('/admin/students?q=ok');
    expect(safeNext('/notices/42#top')).toBe('/notices/42#top');
  });

  it('sends everything else home', () => {
    for (const value of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'admin',
      // Browsers drop tabs and line breaks inside a URL: these are "//evil.example" to them.
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/./\t/evil.example',
      // Dot segments that leave "//evil.example" as the path.
      '/.//evil.example',
      '/a/..//evil.example',
    ]) {
      expect(safeNext(value), JSON.stringify(value)).toBe('/');
    }
  });

  it('writes non-ASCII and control characters so the answer is a valid Location header', () => {
    expect(safeNext('/information/café')).toBe('/information/caf%C3%A9');
    expect(safeNext('/search?q=Zoë Łukasz')).toBe('/search?q=Zo%C3%AB%20%C5%81ukasz');
  });

  it('never leaves the site and never gives an invalid header, whatever the value', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 80 }),
          fc.string({
            unit: fc.constantFrom(
              '/',
              '\\',
              '.',
              '\t',
              '\n',
              '\r',
              ' ',
              'e',
              ':',
              '@',
              '%',
              '?',
              '#',
            ),
            maxLength: 20,
          }),
          fc.webUrl(),
          fc.webPath(),
        ),
        (value) => {
          const out = safeNext(value);
          expect(out.startsWith('/')).toBe(true);
          expect(out).toMatch(/^[\x21-\x7e]*$/);
          expect(destination(out).origin).toBe(PORTAL);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('sends a path whose dot segments leave "//" home, found by the property below', () => {
    expect(safeNext('/.//')).toBe('/');
    expect(safeNext('/.//evil.example/x')).toBe('/');
  });

  it('keeps every ordinary path as it is', () => {
    fc.assert(
      fc.property(fc.webPath(), (path) => {
        const value = `/${path.replace(/^\/+/, '')}`;
        // Not ordinary: dot segments that leave "//host" (as "/.//" does) go home, below.
        fc.pre(!destination(value).pathname.startsWith('//'));
        const out = safeNext(value);
        expect(destination(out).href).toBe(destination(value).href);
      }),
    );
  });
});
