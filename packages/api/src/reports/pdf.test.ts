import { describe, expect, it } from 'vitest';
import { toWinAnsi } from '../documents';
import { effortMeaning, slug } from './student-reports';

describe('toWinAnsi', () => {
  it('keeps Latin-1 letters and the Windows-1252 punctuation the built-in fonts have', () => {
    expect(toWinAnsi('Zoë Brontë – “Très bien” €5')).toBe('Zoë Brontë – “Très bien” €5');
  });

  it('falls back to the plain letter for accents the fonts lack', () => {
    expect(toWinAnsi('Łucja Dvořák Nguyễn')).toBe('Lucja Dvorák Nguyen');
  });

  it('shows "?" for what has no plain letter, and a space for control characters', () => {
    expect(toWinAnsi('Well done 🙂 李')).toBe('Well done ? ?');
    expect(toWinAnsi('a\tb\u0085c\nd')).toBe('a b c\nd');
  });
});

describe('slug', () => {
  it('makes a cycle name safe for a file name', () => {
    expect(slug('Year 8 Autumn')).toBe('year-8-autumn');
    expect(slug('  Année 9: Spring/Summer!  ')).toBe('annee-9-spring-summer');
    expect(slug('***')).toBe('');
  });
});

describe('effortMeaning', () => {
  it('explains the four grades and nothing else', () => {
    expect(['1', '2', '3', ' 4 '].map(effortMeaning)).toEqual([
      'Excellent',
      'Good',
      'Needs to improve',
      'Cause for concern',
    ]);
    expect(effortMeaning('5')).toBeNull();
    expect(effortMeaning(null)).toBeNull();
  });
});
