import { describe, expect, it } from 'vitest';
import { escapeHtml } from '@schoolgate/email';
import {
  expiresWhen,
  passwordExpiredEmail,
  passwordNoticeTemplates,
  passwordReminderEmail,
} from './password-emails';

const schools = [
  { name: 'Northfield Academy', enquiriesEmail: 'office@northfield.example.org' },
  { name: 'St Mary’s & St John’s <C of E> "Primary"', enquiriesEmail: 'o@st-marys.example.org' },
];
const names = ['Nadia Okafor', 'Zoë Brontë', "Seán O'Connor", '<script>x</script> & "Co"', ''];
const portals = ['https://portal.example.org', null];

/** What the sweep does in SQL: the stand-ins replaced, the name escaped in the HTML part. */
function filled(
  template: { subject: string; text: string; html: string },
  placeholders: { name: string; when: string },
  name: string,
  when: string,
) {
  const fill = (text: string, value: string) =>
    text.replaceAll(placeholders.when, when).replaceAll(placeholders.name, value);
  return {
    subject: fill(template.subject, name),
    text: fill(template.text, name),
    html: fill(template.html, escapeHtml(name)),
  };
}

describe('password notice templates', () => {
  it('filled in, are the very emails composed one by one', () => {
    for (const school of schools) {
      for (const portal of portals) {
        const { placeholders, reminder, expired } = passwordNoticeTemplates(school, portal);
        for (const name of names) {
          for (let daysLeft = 1; daysLeft <= 12; daysLeft++) {
            expect(filled(reminder, placeholders, name, expiresWhen(daysLeft))).toEqual(
              passwordReminderEmail(school, name, daysLeft, portal),
            );
          }
          expect(filled(expired, placeholders, name, '')).toEqual(
            passwordExpiredEmail(school, name, portal),
          );
        }
      }
    }
  });

  it('use stand-ins no school could have in its name by chance', () => {
    const a = passwordNoticeTemplates(schools[0]!, null).placeholders;
    const b = passwordNoticeTemplates(schools[0]!, null).placeholders;
    expect(a.name).not.toBe(b.name);
    expect(a.name).toMatch(/^\{name-[0-9a-f-]{36}\}$/);
  });

  it('say when in words', () => {
    expect(expiresWhen(1)).toBe('tomorrow');
    expect(expiresWhen(10)).toBe('in 10 days');
  });
});
