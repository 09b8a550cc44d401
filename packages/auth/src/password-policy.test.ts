import { describe, expect, it } from 'vitest';
import { commonPasswordCount } from './common-passwords';
import { isReusedPassword } from './password-history';
import { hashPassword } from './password-hash';
import { passwordProblems, personalParts, type PasswordOwner } from './password-policy';

const owner: PasswordOwner = { forename: 'Mary-Jane', surname: "O'Neill", username: 'mj.oneill' };
const rules = { minLength: 8, rejectCommon: true };
const rulesBroken = (password: string, who: PasswordOwner = owner) =>
  passwordProblems(password, who, rules).map((p) => p.rule);

describe('the P11 password rules, each on its own', () => {
  it('accepts a password that keeps every rule', () => {
    expect(rulesBroken('Lantern-Harbour-27')).toEqual([]);
  });

  it('needs at least 8 characters (or the school’s number)', () => {
    expect(rulesBroken('Abcde12')).toEqual(['length']);
    expect(rulesBroken('Kmvr-t92')).toEqual([]);
    expect(passwordProblems('Kmvr-t92', owner, { ...rules, minLength: 12 })[0]?.message).toBe(
      'Use at least 12 characters.',
    );
  });

  it('needs a capital letter', () => {
    expect(rulesBroken('lantern-harbour-27')).toEqual(['upper']);
  });

  it('needs a small letter', () => {
    expect(rulesBroken('LANTERN-HARBOUR-27')).toEqual(['lower']);
  });

  it('needs a digit', () => {
    expect(rulesBroken('Lantern-Harbour-xx')).toEqual(['digit']);
  });

  it('refuses very long passwords', () => {
    expect(rulesBroken(`Aa1${'x'.repeat(300)}`)).toEqual(['too_long']);
  });

  it('gives a plain-English message for each broken rule, all at once', () => {
    expect(passwordProblems('abc', owner, rules).map((p) => p.message)).toEqual([
      'Use at least 8 characters.',
      'Include at least one capital letter (A to Z).',
      'Include at least one number (0 to 9).',
    ]);
  });
});

describe('names and username', () => {
  it('refuses a password containing the forename, surname or username, in any case', () => {
    expect(rulesBroken('MARYlight-2026')).toEqual(['personal']);
    expect(rulesBroken('Jane-Street-2026')).toEqual(['personal']);
    expect(rulesBroken('Big-ONEILL-2026')).toEqual(['personal']);
    expect(rulesBroken('Xx-mj.oneill-77')).toEqual(['personal']);
  });

  it('splits names on spaces, hyphens and apostrophes, and ignores parts under 3 letters', () => {
    expect(personalParts(owner)).toEqual(['mary', 'jane', 'neill', 'oneill', 'mj.oneill']);
    const shortNames = { forename: 'Al', surname: 'Li', username: 'al.li' };
    expect(rulesBroken('Al-Li-Sunrise-9', shortNames)).toEqual([]);
  });
});

describe('with the composition rules turned off by the school', () => {
  const relaxed = { ...rules, compositionRules: false };
  const broken = (password: string) =>
    passwordProblems(password, owner, relaxed).map((p) => p.rule);

  it('no longer asks for a capital, a small letter or a digit', () => {
    expect(broken('lantern harbour meadow')).toEqual([]);
    expect(broken('LANTERN HARBOUR MEADOW')).toEqual([]);
    expect(rulesBroken('lantern harbour meadow')).toEqual(['upper', 'digit']);
  });

  it('still needs the length, refuses names and the common list', () => {
    expect(broken('qzvkwrt')).toEqual(['length']);
    expect(broken('mary lantern harbour')).toEqual(['personal']);
    expect(broken('password')).toEqual(['common']);
    expect(broken(`${'x'.repeat(300)}`)).toEqual(['too_long']);
  });
});

describe('common passwords', () => {
  it('uses an offline list of at least 10,000', () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it('refuses a common password however it is capitalised, unless the school turns the check off', () => {
    expect(rulesBroken('Password1')).toEqual(['common']);
    expect(rulesBroken('pASSWORD1')).toEqual(['common']);
    expect(passwordProblems('Password1', owner, { ...rules, rejectCommon: false })).toEqual([]);
  });
});

describe('history', () => {
  it('matches any earlier password by its hash', async () => {
    const hashes = await Promise.all(['First-Pass-11', 'Second-Pass-22'].map(hashPassword));
    expect(await isReusedPassword('First-Pass-11', hashes)).toBe(true);
    expect(await isReusedPassword('Third-Pass-33', hashes)).toBe(false);
    expect(await isReusedPassword('Anything-1', [])).toBe(false);
  });
});
