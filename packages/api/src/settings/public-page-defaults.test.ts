import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../documents';
import { PUBLIC_PAGES, defaultPublicPage, escapeMarkdown } from './public-page-defaults';

/** The text of rendered HTML, entities read back. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .trim();

describe('escapeMarkdown', () => {
  it('keeps a name as written, however Markdown would read it', () => {
    for (const name of [
      'St. Mary’s C of E School',
      '*Star* _Academy_ [1]',
      '# One School',
      '1. First School',
      '- Dash School',
      'A & B <School> ~~Trust~~ `code`',
      'Back\\slash School',
    ]) {
      expect(textOf(renderMarkdown(escapeMarkdown(name))), name).toBe(name);
    }
  });

  it('adds no backslashes where Markdown needs none', () => {
    expect(escapeMarkdown('St. Mary’s C-of-E School (Northfield)')).toBe(
      'St. Mary’s C-of-E School (Northfield)',
    );
    expect(escapeMarkdown('office_1@school.example')).toBe('office\\_1@school.example');
  });
});

describe('defaultPublicPage', () => {
  it('fills in the school’s name and a working email link in both pages', () => {
    for (const page of PUBLIC_PAGES) {
      const html = renderMarkdown(
        defaultPublicPage(page, {
          schoolName: 'Northfield Academy',
          enquiriesEmail: 'office_team@northfield.example',
        }),
      );
      expect(html).toContain('Northfield Academy');
      expect(html).toContain(
        '<a href="mailto:office_team@northfield.example">office_team@northfield.example</a>',
      );
      // Headings start at <h2>, below the page's own <h1>.
      expect(html).not.toContain('<h1>');
    }
  });
});
