import { describe, expect, it } from 'vitest';
import { safeNext } from './safe-next';

describe('safeNext', () => {
  it('keeps paths on this site', () => {
    expect(safeNext('/admin/students?q=ok')).toBe('/admin/students?q=ok');
  });

  it('sends everything else home', () => {
    for (const value of [
      null,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'admin',
    ]) {
      expect(safeNext(value)).toBe('/');
    }
  });
});
