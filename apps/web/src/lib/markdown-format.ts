/** The formats the notice editor's buttons add, as plain Markdown the server renders safely. */
export type MarkdownFormat = 'bold' | 'heading' | 'bullets' | 'numbers' | 'link';

export interface Edit {
  text: string;
  /** The selection after the edit: the words to type over, or what was formatted. */
  start: number;
  end: number;
}

const PLACEHOLDER: Record<'bold' | 'link', string> = { bold: 'bold text', link: 'link text' };
const URL_PLACEHOLDER = 'https://';

/** The whole lines the selection touches. */
function lineSpan(text: string, start: number, end: number): [number, number] {
  const from = start === 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  // A selection ending just after a line break ends on the line before it.
  const newline = text.indexOf('\n', end > start ? end - 1 : end);
  return [from, newline === -1 ? text.length : newline];
}

/** Applies `format` to the selection [start, end) of `text`. */
export function applyFormat(
  text: string,
  start: number,
  end: number,
  format: MarkdownFormat,
): Edit {
  const selected = text.slice(start, end);
  const before = text.slice(0, start);
  const after = text.slice(end);
  if (format === 'bold') {
    const words = selected || PLACEHOLDER.bold;
    return {
      text: `${before}**${words}**${after}`,
      start: start + 2,
      end: start + 2 + words.length,
    };
  }
  if (format === 'link') {
    const words = selected || PLACEHOLDER.link;
    const urlAt = start + words.length + 3;
    return {
      text: `${before}[${words}](${URL_PLACEHOLDER})${after}`,
      start: urlAt,
      end: urlAt + URL_PLACEHOLDER.length,
    };
  }
  const [from, to] = lineSpan(text, start, end);
  const lines = text.slice(from, to).split('\n');
  const marked = lines.map((line, i) => {
    const bare = line.replace(/^(#{1,6} |[-*] |\d+\. )/, '');
    if (format === 'heading') return `## ${bare}`;
    if (format === 'bullets') return `- ${bare}`;
    return `${i + 1}. ${bare}`;
  });
  const block = marked.join('\n');
  return {
    text: text.slice(0, from) + block + text.slice(to),
    start: from,
    end: from + block.length,
  };
}
