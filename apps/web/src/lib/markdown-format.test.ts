import { describe, expect, it } from 'vitest';
import { applyFormat } from './markdown-format';

describe('applyFormat', () => {
  it('makes the selected words bold, or offers words to type over', () => {
    expect(applyFormat('Come on Thursday', 8, 16, 'bold')).toEqual({
      text: 'Come on **Thursday**',
      start: 10,
      end: 18,
    });
    const empty = applyFormat('Hello ', 6, 6, 'bold');
    expect(empty.text).toBe('Hello **bold text**');
    expect(empty.text.slice(empty.start, empty.end)).toBe('bold text');
  });

  it('links the selection and selects the address to type', () => {
    const edit = applyFormat('See the letter', 8, 14, 'link');
    expect(edit.text).toBe('See the [letter](https://)');
    expect(edit.text.slice(edit.start, edit.end)).toBe('https://');
  });

  it('turns every line the selection touches into a heading, bullets or numbers', () => {
    const text = 'Intro\nBring a coat\nBring lunch\nEnd';
    const start = text.indexOf('Bring');
    const end = text.indexOf('\nEnd') + 1; // through the line break
    expect(applyFormat(text, start, end, 'bullets').text).toBe(
      'Intro\n- Bring a coat\n- Bring lunch\nEnd',
    );
    expect(applyFormat(text, start + 2, start + 2, 'heading').text).toBe(
      'Intro\n## Bring a coat\nBring lunch\nEnd',
    );
    expect(applyFormat(text, start, end - 1, 'numbers').text).toBe(
      'Intro\n1. Bring a coat\n2. Bring lunch\nEnd',
    );
    // A line already marked is re-marked, not marked twice.
    expect(applyFormat('- one\n- two', 0, 11, 'numbers').text).toBe('1. one\n2. two');
  });
});
