import { isCommonPassword } from './common-passwords';

/** The school's password rules (P11); each number is a setting. */
export interface PasswordRules {
  minLength: number;
  rejectCommon: boolean;
  /**
   * The composition rules (a capital, a small letter and a digit). On unless the school turns them
   * off: NCSC and NIST SP 800-63B advise against them, but the school's policy asks for them.
   */
  compositionRules?: boolean;
}

/** Whose password it is: it must not contain their names or username. */
export interface PasswordOwner {
  forename: string;
  surname: string;
  username: string;
}

export type PasswordRule =
  'length' | 'too_long' | 'upper' | 'lower' | 'digit' | 'personal' | 'common';

export interface PasswordProblem {
  rule: PasswordRule;
  message: string;
}

export const MAX_PASSWORD_LENGTH = 256;

export function tooShort(password: string, minLength: number): PasswordProblem | null {
  return [...password].length < minLength
    ? { rule: 'length', message: `Use at least ${minLength} characters.` }
    : null;
}

export function tooLong(password: string): PasswordProblem | null {
  return [...password].length > MAX_PASSWORD_LENGTH
    ? { rule: 'too_long', message: `Use at most ${MAX_PASSWORD_LENGTH} characters.` }
    : null;
}

export function lacksUpperCase(password: string): PasswordProblem | null {
  return /[A-Z]/.test(password)
    ? null
    : { rule: 'upper', message: 'Include at least one capital letter (A to Z).' };
}

export function lacksLowerCase(password: string): PasswordProblem | null {
  return /[a-z]/.test(password)
    ? null
    : { rule: 'lower', message: 'Include at least one small letter (a to z).' };
}

export function lacksDigit(password: string): PasswordProblem | null {
  return /[0-9]/.test(password)
    ? null
    : { rule: 'digit', message: 'Include at least one number (0 to 9).' };
}

/**
 * The parts of a name or username that a password may not contain: split on spaces, hyphens,
 * apostrophes (and the dots and underscores of usernames), ignoring parts under three letters.
 */
export function personalParts(owner: PasswordOwner): string[] {
  const parts = [owner.forename, owner.surname, owner.username].flatMap((value) =>
    value.toLowerCase().split(/[\s\-'’._]+/u),
  );
  const whole = owner.username.toLowerCase();
  return [...new Set([...parts, whole])].filter((part) => [...part].length >= 3);
}

export function containsPersonalDetails(
  password: string,
  owner: PasswordOwner,
): PasswordProblem | null {
  const lower = password.toLowerCase();
  return personalParts(owner).some((part) => lower.includes(part))
    ? { rule: 'personal', message: 'Do not include your name or your username.' }
    : null;
}

export function isCommon(password: string): PasswordProblem | null {
  return isCommonPassword(password)
    ? {
        rule: 'common',
        message: 'This password is too common and easy to guess. Choose a less obvious one.',
      }
    : null;
}

/**
 * Every rule the password breaks, each with its own plain-English message, in the order a person
 * would fix them. Reuse of an earlier password needs the stored hashes: see `isReusedPassword`.
 */
export function passwordProblems(
  password: string,
  owner: PasswordOwner,
  rules: PasswordRules,
): PasswordProblem[] {
  const composition = rules.compositionRules ?? true;
  const problems = [
    tooShort(password, rules.minLength),
    tooLong(password),
    composition ? lacksUpperCase(password) : null,
    composition ? lacksLowerCase(password) : null,
    composition ? lacksDigit(password) : null,
    containsPersonalDetails(password, owner),
    rules.rejectCommon ? isCommon(password) : null,
  ];
  return problems.filter((problem): problem is PasswordProblem => problem !== null);
}

export const REUSED_PASSWORD_MESSAGE =
  'You have used this password before. Choose one you have not used here.';
