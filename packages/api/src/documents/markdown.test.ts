import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('keeps attendance codes such as (C) and (R) as written, not © and ®', () => {
    const html = renderMarkdown('Code (C) is an authorised absence; (R) is religious observance.');
    expect(html).toContain('Code (C) is an authorised absence; (R) is religious observance.');
    expect(html).not.toMatch(/[©®]/);
  });

  it('escapes raw HTML, so a script never runs', () => {
    const html = renderMarkdown('Hello <script>alert(1)</script>');
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('escapes an image tag with an event handler', () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)">');
    expect(html).not.toContain('<img');
    expect(html).toMatch(/^<p>&lt;img src=x onerror=.alert\(1\).&gt;<\/p>\n$/);
  });

  it('leaves javascript:, data: and other schemes as text, not links', () => {
    for (const source of [
      '[x](javascript:alert(1))',
      '[x](JavaScript:alert(1))',
      '[x](&#106;avascript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[x](vbscript:msgbox(1))',
      '[x](ftp://files.example.org/a)',
      '[x](//elsewhere.example.org/)',
      '<javascript:alert(1)>',
    ]) {
      const html = renderMarkdown(source);
      expect(html, source).not.toContain('<a');
      expect(html, source).not.toMatch(/href=/i);
    }
  });

  it('does not turn images into <img> tags', () => {
    const html = renderMarkdown('![logo](https://tracker.example.org/pixel.png)');
    expect(html).not.toContain('<img');
  });

  it('does not make links out of bare addresses', () => {
    expect(renderMarkdown('See www.example.org')).not.toContain('<a');
  });

  it('renders headings, lists, emphasis and safe links', () => {
    const html = renderMarkdown(
      [
        '# Who may use the portal',
        '',
        '## Passwords',
        '',
        'This is *important* and **binding**.',
        '',
        '- one',
        '- two',
        '',
        '1. first',
        '',
        '[Help](/help), [the school](https://school.example.org/) and',
        '[email us](mailto:enquiries@school.example.org).',
      ].join('\n'),
    );
    expect(html).toContain('<h2>Who may use the portal</h2>');
    expect(html).toContain('<h3>Passwords</h3>');
    expect(html).toContain('<em>important</em>');
    expect(html).toContain('<strong>binding</strong>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<ol>\n<li>first</li>\n</ol>');
    expect(html).toContain('<a href="/help">Help</a>');
    expect(html).toContain('<a href="https://school.example.org/">the school</a>');
    expect(html).toContain('<a href="mailto:enquiries@school.example.org">email us</a>');
  });

  it('makes the top level of heading <h2>, below the page title, however the author began', () => {
    expect(renderMarkdown('## Passwords\n\n### Expiry')).toBe(
      '<h2>Passwords</h2>\n<h3>Expiry</h3>\n',
    );
    expect(renderMarkdown('#### Deep\n\n##### Deeper')).toBe('<h2>Deep</h2>\n<h3>Deeper</h3>\n');
  });

  it('renders tables without style attributes, which the CSP would refuse', () => {
    const html = renderMarkdown('| Day | Reminder |\n| :-- | :-: |\n| 80 | first |');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>80</td>');
    expect(html).not.toContain('style=');
  });

  it('escapes quotes in link targets, so an attribute cannot be broken out of', () => {
    const html = renderMarkdown('[x](https://example.org/"onmouseover="alert(1))');
    expect(html).not.toMatch(/"\s*onmouseover=/);
  });
});
