// What other capabilities may use from documents/; anything else here is its own business.
export { markdownExcerpt } from './markdown-excerpt';
export { renderMarkdown } from './markdown';
export {
  INK,
  LINE,
  MARGIN,
  MUTED,
  TINT,
  finishWithFooters,
  openHousePdf,
  toWinAnsi,
} from './pdf-house-style';
