import { describe, expect, it } from 'vitest';
import { safeErrorText } from './errors';

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
