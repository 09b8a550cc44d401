import MarkdownIt from 'markdown-it';

/** Link schemes a policy may use; anything else (javascript:, data:, file:, …) stays plain text. */
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const SCHEME = /^([a-z][a-z0-9+.-]*:)/i;

/**
 * Markdown for the texts staff publish (policy versions). The output is safe to put in a page as
 * HTML because:
 * - `html: false` escapes any raw HTML in the source (`<script>`, `<img onerror>`), so the only
 *   tags in the output are the ones markdown-it itself writes for Markdown syntax;
 * - links keep markdown-it's own check (which refuses javascript:, vbscript:, file: and data:) and
 *   must also be http(s), mailto or a path on this site; a refused link is left as text;
 * - images are off: the CSP would block other sites' pictures anyway, and a policy needs none;
 * - `linkify: false`: only links the author wrote become links;
 * - no style attributes (the CSP forbids them).
 */
const markdown = new MarkdownIt('default', { html: false, linkify: false, typographer: true });
markdown.disable('image');
// Smart quotes stay; the symbol replacements go: schools write attendance codes like "(C)" and
// "(R)", which the typographer would print as © and ®.
markdown.disable('replacements');

const markdownItValidateLink = markdown.validateLink.bind(markdown);
markdown.validateLink = (url: string): boolean => {
  if (!markdownItValidateLink(url)) return false;
  const trimmed = url.trim();
  const scheme = SCHEME.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme) return ALLOWED_SCHEMES.has(scheme);
  // No scheme: only a path on this site or a place on the same page, never "//other.host".
  return (trimmed.startsWith('/') && !/^\/[/\\]/.test(trimmed)) || trimmed.startsWith('#');
};

// The page around the text has its own <h1> (the title), so the text's top level of heading
// becomes <h2> and the others keep their place below it: no level is skipped or doubled.
markdown.core.ruler.push('headings_below_title', (state) => {
  const headings = state.tokens.filter(
    (token) => token.type === 'heading_open' || token.type === 'heading_close',
  );
  const levels = headings.map((token) => Number(token.tag.slice(1)));
  const shift = 2 - Math.min(...levels);
  headings.forEach((token, i) => {
    token.tag = `h${Math.min(6, (levels[i] ?? 2) + shift)}`;
  });
});

// Aligned table columns come out as style attributes, which the CSP refuses; drop them.
markdown.core.ruler.push('no_style_attributes', (state) => {
  for (const token of state.tokens) {
    if (token.attrs) token.attrs = token.attrs.filter(([name]) => name !== 'style');
  }
});

/** Renders Markdown written by staff to HTML that is safe to show as it is (see above). */
export function renderMarkdown(source: string): string {
  return markdown.render(source);
}
