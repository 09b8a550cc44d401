import { describe, expect, it } from 'vitest';
import { JS_WHITE_SPACE } from './sql-text';

describe('SQL twins of JavaScript text functions', () => {
  it('trim the very characters String.prototype.trim removes', () => {
    const trimmed: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (c.trim() === '') trimmed.push(c);
    }
    expect([...JS_WHITE_SPACE].sort()).toEqual(trimmed.sort());
  });
});
