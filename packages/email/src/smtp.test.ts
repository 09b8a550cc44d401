import { describe, expect, it } from 'vitest';
import { smtpOptionsFromUrl } from './smtp';

describe('smtpOptionsFromUrl', () => {
  it('uses TLS from the start for smtps, with decoded credentials', () => {
    expect(
      smtpOptionsFromUrl('smtps://no-reply%40school.example:p%40ss@mail.example'),
    ).toMatchObject({
      host: 'mail.example',
      port: 465,
      secure: true,
      ignoreTLS: false,
      auth: { user: 'no-reply@school.example', pass: 'p@ss' },
    });
  });

  it('uses STARTTLS for smtp to another host, and can require it', () => {
    expect(smtpOptionsFromUrl('smtp://mail.example')).toMatchObject({
      port: 587,
      secure: false,
      ignoreTLS: false,
    });
    expect(smtpOptionsFromUrl('smtp://mail.example:25?requireTLS=true')).toMatchObject({
      port: 25,
      requireTLS: true,
    });
  });

  it('ignores TLS for plain smtp on a loopback address unless told otherwise', () => {
    expect(smtpOptionsFromUrl('smtp://127.0.0.1:2525')).toMatchObject({
      host: '127.0.0.1',
      port: 2525,
      ignoreTLS: true,
    });
    expect(smtpOptionsFromUrl('smtp://[::1]:2525').host).toBe('::1');
    expect(smtpOptionsFromUrl('smtp://localhost:25?ignoreTLS=false').ignoreTLS).toBe(false);
    expect(smtpOptionsFromUrl('smtp://mail.example?ignoreTLS=true').ignoreTLS).toBe(true);
  });

  it('refuses other schemes and unknown options', () => {
    expect(() => smtpOptionsFromUrl('http://mail.example')).toThrow(/smtp:\/\//);
    expect(() => smtpOptionsFromUrl('not a url')).toThrow(/not a URL/);
    expect(() => smtpOptionsFromUrl('smtp://mail.example?ignoreTSL=true')).toThrow(/ignoreTSL/);
  });

  it('never puts the password in an error', () => {
    expect(() => smtpOptionsFromUrl('smtp://u:hunter2@mail.example?x=1')).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });
});
