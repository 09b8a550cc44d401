// What other capabilities may use from documents/; anything else here is its own business.
export { markdownExcerpt } from './markdown-excerpt';
export { renderMarkdown } from './markdown';
export {
  BOLD,
  INK,
  LINE,
  MARGIN,
  MUTED,
  REGULAR,
  TINT,
  finishWithFooters,
  openHousePdf,
} from './pdf-house-style';
export type { HousePdf, Struct } from './pdf-house-style';
