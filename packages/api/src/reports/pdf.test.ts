import { describe, expect, it } from 'vitest';
import { openHousePdf } from '../documents';
import { effortMeaning, slug } from './student-reports';

describe('printable (the house style’s embedded Noto Sans)', () => {
  const { printable } = openHousePdf({ Title: 'A test' });

  it('keeps every Latin, Greek and Cyrillic letter and the punctuation of Western text', () => {
    for (const text of [
      'Zoë Brontë – “Très bien” €5 £3',
      'Zając Łukasz Øyvind Ζωή Жанна',
      'Dvořák Nguyễn Şükrü İğdır Ærøskøbing Straße',
    ]) {
      expect(printable(text)).toBe(text);
    }
  });

  it('composes letters written as a letter and an accent', () => {
    expect(printable('Zaja\u0328c')).toBe('Zając');
  });

  it('shows "?" for what the font has not, and a space for control characters', () => {
    expect(printable('Well done 🙂 李')).toBe('Well done ? ?');
    expect(printable('a\tb\u0085c\nd')).toBe('a b c\nd');
    expect(printable(null)).toBe('');
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
