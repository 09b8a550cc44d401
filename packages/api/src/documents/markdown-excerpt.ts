import MarkdownIt from 'markdown-it';

// Only for reading the words out of Markdown; nothing it parses is ever shown as HTML.
const parser = new MarkdownIt('default', { html: false, linkify: false, typographer: true });
// As for the full text: "(C)" stays "(C)", not ©.
parser.disable('replacements');

/**
 * The words of a Markdown text as plain text, for a list's one-line preview: no markup, links
 * reduced to their text, and cut at a word boundary near `max` characters with an ellipsis.
 * The result is plain text: pages show it escaped like any other text.
 */
export function markdownExcerpt(source: string, max = 200): string {
  const words: string[] = [];
  for (const token of parser.parse(source, {})) {
    if (token.type !== 'inline') continue;
    for (const child of token.children ?? []) {
      if (child.type === 'text' || child.type === 'code_inline') words.push(child.content);
      else if (child.type === 'softbreak' || child.type === 'hardbreak') words.push(' ');
    }
    words.push(' ');
  }
  const text = words.join('').replace(/\s+/g, ' ').trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1);
  const space = cut.lastIndexOf(' ');
  const end = space > max / 2 ? space : max;
  return `${text.slice(0, end).replace(/[\s,;:.–-]+$/, '')}…`;
}
