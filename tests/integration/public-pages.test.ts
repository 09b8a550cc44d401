import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import {
  anonymousCaller,
  callerFor,
  newParent,
  newStaff,
  type TestUser,
} from './support/factories';
import { refusalOf } from './support/refusal';

// Issue 12: the accessibility statement and the privacy notice, readable by anyone, edited by
// administrators in settings, with built-in texts that use the school's name and address.

let db: Database;
let admin: TestUser;
let office: TestUser;
let parent: TestUser;
beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
  parent = await newParent(db);
  await db
    .updateTable('school_settings')
    .set({ school_name: 'St. Anne’s [C of E] School', enquiries_email: 'office@st-annes.example' })
    .where('id', '=', 1)
    .execute();
});
afterEach(async () => {
  await db.deleteFrom('public_pages').execute();
});

const pageUpdates = () =>
  db
    .selectFrom('audit_log')
    .select(['actor_user_id', 'details'])
    .where('action', '=', 'settings.page_updated')
    .orderBy('id')
    .execute();

describe('school.publicPage', () => {
  it('shows the built-in texts to anyone, with the school’s name and address', async () => {
    const anyone = await anonymousCaller(db);
    const statement = await anyone.school.publicPage({ page: 'accessibility' });
    expect(statement).toMatchObject({ title: 'Accessibility statement', custom: false });
    expect(statement.updatedAt).toBeNull();
    // The name is shown as written, not read as Markdown.
    expect(statement.html).toContain('St. Anne’s [C of E] School');
    expect(statement.html).toContain('<a href="mailto:office@st-annes.example">');
    expect(statement.html).toContain('Web Content Accessibility Guidelines version 2.2');
    expect(statement.html).toContain('Equality and Human Rights Commission');
    expect(statement.html).toContain('Equality Commission for Northern Ireland');
    expect(statement.html).toContain('This statement was prepared on 7 December 2026');
    expect(statement.html).toMatch(/<h2>Enforcement procedure<\/h2>/);

    const notice = await anyone.school.publicPage({ page: 'privacy' });
    expect(notice.title).toBe('Privacy notice');
    expect(notice.html).toContain('St. Anne’s [C of E] School is the data controller');
    expect(notice.html).toContain('UK GDPR Article 6(1)(e)');
    expect(notice.html).toContain('subject access request');
    expect(notice.html).toContain('Information Commissioner’s Office (ICO)');

    const refused = await refusalOf(anyone.school.publicPage({ page: 'cookies' as 'privacy' }));
    expect(refused.code).toBe('BAD_REQUEST');
  });
});

describe('admin.settings.updatePublicPage', () => {
  it('saves an administrator’s text as safe Markdown, shows it to everyone and audits it', async () => {
    const saved = await (
      await callerFor(db, admin)
    ).admin.settings.updatePublicPage({
      page: 'privacy',
      markdown:
        '\r\n## Our privacy notice\r\n\r\nAsk **Mrs Patel**.\r\n<script>alert(1)</script>\r\n[x](javascript:alert(1))\r\n',
    });
    expect(saved).toEqual({ changed: true, custom: true });

    const page = await (await anonymousCaller(db)).school.publicPage({ page: 'privacy' });
    expect(page.custom).toBe(true);
    expect(page.updatedAt).toBeInstanceOf(Date);
    expect(page.html).toContain('<h2>Our privacy notice</h2>');
    expect(page.html).toContain('<strong>Mrs Patel</strong>');
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&lt;script&gt;');
    expect(page.html).not.toContain('href="javascript');
    // The other page keeps its built-in text.
    expect(
      (await (await callerFor(db, parent)).school.publicPage({ page: 'accessibility' })).custom,
    ).toBe(false);

    const stored =
      '## Our privacy notice\n\nAsk **Mrs Patel**.\n<script>alert(1)</script>\n[x](javascript:alert(1))';
    const [entry] = (await pageUpdates()).slice(-1);
    expect(entry?.actor_user_id).toBe(admin.userId);
    expect(entry?.details).toEqual({ page: 'privacy', from: null, to: stored });

    const editing = await (await callerFor(db, admin)).admin.settings.publicPages();
    const privacy = editing.find((p) => p.page === 'privacy');
    expect(privacy).toMatchObject({ custom: true, markdown: stored, maxCharacters: 20_000 });
    expect(privacy?.updatedBy).toBeTruthy();
    expect(editing.find((p) => p.page === 'accessibility')?.markdown).toContain(
      'St. Anne’s \\[C of E\\] School',
    );
  });

  it('goes back to the built-in text when emptied or saved unchanged, and audits only changes', async () => {
    const caller = await callerFor(db, admin);
    await caller.admin.settings.updatePublicPage({ page: 'accessibility', markdown: 'Ours.' });
    const before = (await pageUpdates()).length;
    expect(
      await caller.admin.settings.updatePublicPage({ page: 'accessibility', markdown: ' Ours. ' }),
    ).toEqual({ changed: false, custom: true });
    expect(await pageUpdates()).toHaveLength(before);

    expect(
      await caller.admin.settings.updatePublicPage({ page: 'accessibility', markdown: '  \r\n ' }),
    ).toEqual({ changed: true, custom: false });
    const page = await caller.school.publicPage({ page: 'accessibility' });
    expect(page.custom).toBe(false);
    expect(page.html).toContain('Compliance status');
    expect((await pageUpdates()).at(-1)?.details).toEqual({
      page: 'accessibility',
      from: 'Ours.',
      to: null,
    });

    // The built-in text sent back as it is stays the built-in text (and follows the school's name).
    const builtIn = (await caller.admin.settings.publicPages()).find(
      (p) => p.page === 'accessibility',
    )!.markdown;
    const count = (await pageUpdates()).length;
    expect(
      await caller.admin.settings.updatePublicPage({
        page: 'accessibility',
        markdown: builtIn.replace(/\n/g, '\r\n'),
      }),
    ).toEqual({ changed: false, custom: false });
    expect(await pageUpdates()).toHaveLength(count);
  });

  it('refuses text over 20,000 characters with a message that says by how much', async () => {
    const refused = await refusalOf(
      (await callerFor(db, admin)).admin.settings.updatePublicPage({
        page: 'privacy',
        markdown: 'a'.repeat(20_001),
      }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toBe(
      'The privacy notice can be at most 20,000 characters. It has 20,001: shorten it by 1 and save again.',
    );
    expect(refused.fieldErrors).toEqual({ markdown: [refused.message] });
    expect(await db.selectFrom('public_pages').selectAll().execute()).toEqual([]);
    // Exactly the limit is fine.
    await (
      await callerFor(db, admin)
    ).admin.settings.updatePublicPage({
      page: 'privacy',
      markdown: 'a'.repeat(20_000),
    });
  });

  it('is for administrators only', async () => {
    const before = (await pageUpdates()).length;
    for (const user of [office, parent]) {
      const refused = await refusalOf(
        (await callerFor(db, user)).admin.settings.updatePublicPage({
          page: 'privacy',
          markdown: 'Ours.',
        }),
      );
      expect(refused.code).toBe('FORBIDDEN');
      expect((await refusalOf((await callerFor(db, user)).admin.settings.publicPages())).code).toBe(
        'FORBIDDEN',
      );
    }
    const anonymous = await refusalOf(
      (await anonymousCaller(db)).admin.settings.updatePublicPage({
        page: 'privacy',
        markdown: 'Ours.',
      }),
    );
    expect(anonymous.code).toBe('UNAUTHORIZED');
    expect(await pageUpdates()).toHaveLength(before);
    expect(await db.selectFrom('public_pages').selectAll().execute()).toEqual([]);
  });
});
