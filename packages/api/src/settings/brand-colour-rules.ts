/**
 * The school's colour (issue 12): the header, buttons and links take it, with white text drawn on
 * it and it drawn on its own pale tint (tokens.css mixes the tint: 10 % of it, 90 % white). Both
 * must meet WCAG 2.2 AA for normal text, 4.5 to 1, whatever colour the school's style guide names.
 */

export const MIN_CONTRAST = 4.5;

/** The portal's own blue, used when the school has chosen none (tokens.css says the same). */
export const DEFAULT_BRAND_COLOUR = '#1d4f91';

const FORMAT_MESSAGE =
  'Enter a colour code like #1d4f91: a # and six digits or letters from a to f.';

type Rgb = [number, number, number];

/** `#rrggbb` in lower case from what a person typed (`1D4F91`, `#1d4f91`, `#abc`), or null. */
export function normaliseColour(typed: string): string | null {
  const hex = typed.trim().replace(/^#/, '').toLowerCase();
  if (/^[0-9a-f]{6}$/.test(hex)) return `#${hex}`;
  if (/^[0-9a-f]{3}$/.test(hex)) return `#${[...hex].map((digit) => digit + digit).join('')}`;
  return null;
}

function rgbOf(colour: string): Rgb {
  const value = Number.parseInt(colour.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

/** WCAG's relative luminance of an sRGB colour (channels 0–255, fractions allowed). */
function luminance([r, g, b]: Rgb): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

function contrast(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colour's contrast with white text on it, and with itself as text on its tint. */
export function brandContrasts(colour: string): { onWhite: number; onTint: number } {
  const rgb = rgbOf(colour);
  const tint = rgb.map((channel) => channel * 0.1 + 255 * 0.9) as Rgb;
  return { onWhite: contrast(rgb, [255, 255, 255]), onTint: contrast(rgb, tint) };
}

const ratio = (value: number) => `${(Math.floor(value * 10) / 10).toFixed(1)} to 1`;

/**
 * The colour to store (null for the portal's own), or the reason it cannot be the school's colour,
 * in words an office manager can act on.
 */
export function checkBrandColour(
  typed: string | null,
): { colour: string | null; problem: null } | { colour: null; problem: string } {
  if (typed === null || typed.trim() === '') return { colour: null, problem: null };
  const colour = normaliseColour(typed);
  if (!colour) return { colour: null, problem: FORMAT_MESSAGE };
  const { onWhite, onTint } = brandContrasts(colour);
  const worst = Math.min(onWhite, onTint);
  if (worst < MIN_CONTRAST) {
    return {
      colour: null,
      problem:
        `Text would be hard to read on ${colour}: its contrast is ${ratio(worst)}, and it needs ` +
        `at least ${MIN_CONTRAST} to 1. Choose a darker colour.`,
    };
  }
  return { colour, problem: null };
}
