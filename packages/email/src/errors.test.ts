import { describe, expect, it } from 'vitest';
import { isPermanentRefusal, safeErrorText } from './errors';

describe('safeErrorText', () => {
  it('removes credentials from URLs', () => {
    const text = safeErrorText(new Error('cannot reach smtp://alice:s3cr/et@mail.example:587 now'));
    expect(text).not.toContain('alice');
    expect(text).not.toContain('s3cr');
    expect(text).toContain('***@mail.example:587');
  });

  it('removes the argument of an SMTP AUTH command', () => {
    expect(safeErrorText(new Error('Invalid login: AUTH PLAIN AGFsaWNlAHMzY3JldA=='))).toBe(
      'Invalid login: AUTH PLAIN ***',
    );
  });

  it('keeps the error code, on one short line', () => {
    const error = Object.assign(new Error('connect refused\n  at somewhere'), { code: 'ESOCKET' });
    expect(safeErrorText(error)).toBe('ESOCKET: connect refused at somewhere');
    expect(safeErrorText(new Error('x'.repeat(1000)))).toHaveLength(300);
    expect(safeErrorText('plain string')).toBe('plain string');
  });
});

describe('isPermanentRefusal', () => {
  const smtpError = (responseCode: number, command: string) =>
    Object.assign(new Error(`${responseCode} refused`), { responseCode, command });

  it('is permanent for a 5xx answer to the recipient or the message', () => {
    expect(isPermanentRefusal(smtpError(550, 'RCPT TO'))).toBe(true);
    expect(isPermanentRefusal(smtpError(554, 'DATA'))).toBe(true);
  });

  it('is temporary for 4xx answers, network failures and setup problems', () => {
    expect(isPermanentRefusal(smtpError(451, 'RCPT TO'))).toBe(false);
    expect(isPermanentRefusal(smtpError(452, 'DATA'))).toBe(false);
    expect(isPermanentRefusal(smtpError(535, 'AUTH PLAIN'))).toBe(false);
    expect(isPermanentRefusal(smtpError(553, 'MAIL FROM'))).toBe(false);
    expect(isPermanentRefusal(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
      false,
    );
    expect(isPermanentRefusal('550 no')).toBe(false);
  });
});
