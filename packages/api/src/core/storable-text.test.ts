import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hasUnstorableText } from './storable-text';

describe('hasUnstorableText', () => {
  it('finds a NUL or a lone surrogate anywhere in a request', () => {
    expect(hasUnstorableText('Ann\u0000e')).toBe(true);
    expect(hasUnstorableText({ children: [{ forename: 'Sam\uD800' }] })).toBe(true);
    expect(hasUnstorableText({ ['\uDC00key']: 'value' })).toBe(true);
    expect(hasUnstorableText([1, null, { deep: ['\u0000'] }])).toBe(true);
  });

  it('lets every other text through, emoji and accents included', () => {
    expect(hasUnstorableText({ name: 'Zoë Łukasz 李 😀', note: 'tab\tand\nline' })).toBe(false);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(hasUnstorableText(text.replaceAll('\u0000', ''))).toBe(false);
      }),
    );
  });

  it('agrees with the platform on which strings are well formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const wellFormed = !/[\uD800-\uDFFF]/.test(
          text.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''),
        );
        expect(hasUnstorableText(text)).toBe(text.includes('\u0000') || !wellFormed);
      }),
      { numRuns: 2000 },
    );
  });
});
