import { describe, expect, it } from 'vitest';
import { usernameBase } from './usernames';

describe('usernameBase', () => {
  it('makes a readable, safe username from a name', () => {
    expect(usernameBase('Siân', "O'Brien-Hughes")).toBe('sian.obrien-hughes');
    expect(usernameBase('Mary Jane', 'Smith')).toBe('mary-jane.smith');
  });

  it('always gives at least three characters that start with a letter or digit', () => {
    expect(usernameBase('Al', '')).toBe('user.al');
    expect(usernameBase('Ng', 'O')).toBe('ng.o');
  });
});
