import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BRAND_COLOUR,
  brandContrasts,
  checkBrandColour,
  normaliseColour,
} from './brand-colour-rules';

describe('the school colour', () => {
  it('reads the ways a style guide writes a colour', () => {
    expect(normaliseColour('#1D4F91')).toBe('#1d4f91');
    expect(normaliseColour(' 1d4f91 ')).toBe('#1d4f91');
    expect(normaliseColour('#0a3')).toBe('#00aa33');
    for (const typed of [
      '',
      '#',
      'navy',
      '#1d4f9',
      '#1d4f911',
      'rgb(0,0,0)',
      '#1d4f9g',
      '##1d4f91',
    ])
      expect(normaliseColour(typed)).toBeNull();
  });

  it('works out contrast as WCAG does: black on white is 21 to 1, white on white 1 to 1', () => {
    expect(brandContrasts('#000000').onWhite).toBeCloseTo(21, 5);
    expect(brandContrasts('#ffffff').onWhite).toBeCloseTo(1, 5);
    // The portal's own blue, as tokens.css notes: 8.1 on white, 6.9 on its tint.
    const own = brandContrasts(DEFAULT_BRAND_COLOUR);
    expect(own.onWhite).toBeGreaterThan(8.1);
    expect(own.onTint).toBeGreaterThan(6.8);
  });

  it('keeps a dark colour and stores it in one spelling', () => {
    expect(checkBrandColour('#7A1F3D')).toEqual({ colour: '#7a1f3d', problem: null });
    expect(checkBrandColour('004225')).toEqual({ colour: '#004225', problem: null });
  });

  it('goes back to the portal’s own colour when the field is emptied', () => {
    expect(checkBrandColour('')).toEqual({ colour: null, problem: null });
    expect(checkBrandColour('   ')).toEqual({ colour: null, problem: null });
    expect(checkBrandColour(null)).toEqual({ colour: null, problem: null });
  });

  it('refuses a colour white text cannot be read on, saying by how much', () => {
    const yellow = checkBrandColour('#f0c419');
    expect(yellow.colour).toBeNull();
    expect(yellow.problem).toMatch(
      /^Text would be hard to read on #f0c419: its contrast is 1\.\d to 1, and it needs at least 4\.5 to 1\. Choose a darker colour\.$/,
    );
    // Just either side of the line: #767676 is the lightest grey with 4.5:1 on white...
    expect(brandContrasts('#767676').onWhite).toBeGreaterThanOrEqual(4.5);
    expect(brandContrasts('#777777').onWhite).toBeLessThan(4.5);
    // ...but on its own tint it falls short, and the tint is where links and notices sit.
    expect(checkBrandColour('#767676').problem).toMatch(/needs at least 4\.5 to 1/);
  });

  it('never passes a colour that is not a colour code', () => {
    expect(checkBrandColour('red')).toEqual({
      colour: null,
      problem: 'Enter a colour code like #1d4f91: a # and six digits or letters from a to f.',
    });
    expect(checkBrandColour('#1d4f91; background: url(x)').colour).toBeNull();
  });
});
