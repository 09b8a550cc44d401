import { describe, expect, it } from 'vitest';
import { composeEmail, type ComposeInput } from './compose';

const school = { name: 'Northfield Academy', enquiriesEmail: 'enquiries@northfield.example' };
const activation: ComposeInput = {
  school,
  subject: 'Set up your Northfield Academy parent portal account',
  greeting: 'Dear Nadia Okafor,',
  paragraphs: ['The school has confirmed you can use the parent portal.'],
  action: { label: 'Set your password', url: 'https://portal.northfield.example/activate/abc123' },
};

describe('composeEmail', () => {
  it('escapes HTML in paragraphs, and leaves the text part as written', () => {
    const email = composeEmail({
      ...activation,
      paragraphs: ['<script>alert("hi")</script> & more'],
    });
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt; &amp; more');
    expect(email.text).toContain('<script>alert("hi")</script> & more');
  });

  it('names the school and its enquiries address in both parts (P12)', () => {
    const email = composeEmail({ ...activation, action: undefined });
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Northfield Academy');
      expect(part).toContain('enquiries@northfield.example');
    }
    expect(email.html).toContain('href="mailto:enquiries@northfield.example"');
  });

  it('shows the action as a link in HTML and as a bare URL in the text part', () => {
    const email = composeEmail(activation);
    expect(email.text).toContain(
      'Set your password:\nhttps://portal.northfield.example/activate/abc123\n',
    );
    expect(email.html).toContain('<a href="https://portal.northfield.example/activate/abc123"');
    expect(email.html).toContain('>Set your password</a>');
  });

  it('is plain, accessible HTML: British English, a title, no images', () => {
    const email = composeEmail({ ...activation, subject: 'Fees & trips' });
    expect(email.subject).toBe('Fees & trips');
    expect(email.html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(email.html).toContain('<title>Fees &amp; trips</title>');
    expect(email.html).not.toMatch(/<img|background-image|<script/i);
  });

  it('greets with "Hello," unless told otherwise', () => {
    const email = composeEmail({ ...activation, greeting: undefined });
    expect(email.text.startsWith('Hello,\n\n')).toBe(true);
    expect(composeEmail(activation).text.startsWith('Dear Nadia Okafor,\n\n')).toBe(true);
  });

  it('keeps the subject on one line', () => {
    expect(composeEmail({ ...activation, subject: ' Password\r\nBcc: x@y ' }).subject).toBe(
      'Password Bcc: x@y',
    );
  });

  it('refuses an action that is not a web link, and an email without the school', () => {
    expect(() =>
      composeEmail({ ...activation, action: { label: 'Go', url: 'javascript:alert(1)' } }),
    ).toThrow(/http/);
    expect(() =>
      composeEmail({ ...activation, school: { ...school, enquiriesEmail: ' ' } }),
    ).toThrow(/P12/);
  });
});
