import { describe, expect, it } from 'vitest';
import { markdownExcerpt } from './markdown-excerpt';

describe('markdownExcerpt', () => {
  it('keeps (C) as written, not ©', () => {
    expect(markdownExcerpt('Marked (C) for the trip.', 100)).toBe('Marked (C) for the trip.');
  });

  it('keeps the words and drops the markup', () => {
    expect(
      markdownExcerpt(
        '# Trip\n\nPlease **bring** a [packed lunch](https://example.org).\n\n- Coat\n- `Pen`',
      ),
    ).toBe('Trip Please bring a packed lunch. Coat Pen');
  });

  it('leaves raw HTML as harmless text, never as markup', () => {
    expect(markdownExcerpt('Hello <script>alert(1)</script>')).toBe(
      'Hello <script>alert(1)</script>',
    );
  });

  it('cuts a long text at a word boundary with an ellipsis', () => {
    const text = 'word '.repeat(100);
    const excerpt = markdownExcerpt(text, 42);
    expect(excerpt.length).toBeLessThanOrEqual(43);
    expect(excerpt).toMatch(/^(word )+word…$/);
  });

  it('leaves a short text whole', () => {
    expect(markdownExcerpt('Short notice.', 200)).toBe('Short notice.');
  });
});
