import { expect, test } from '@playwright/test';
import { signInOverApi } from './api-session';
import { demoAccount, expectAccessible, signIn, waitForEmail } from './support';

// Issue 10 item 6: refused requests leave a trace, and 20 from one account within 10 minutes tell
// the admins, on the staff home and by email. The demo governor may see no student at all, so
// every student id they ask for is answered "not found", as another family's child is.

const unknownId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

test('20 refused requests put a notice on the admins’ staff home, in their email and in the audit log', async ({
  page,
  request,
}) => {
  const governor = demoAccount('governor');
  await signInOverApi(request, governor);
  for (const round of [0, 1]) {
    const ids = Array.from({ length: 10 }, (_, i) => unknownId(round * 10 + i));
    const paths = ids.map(() => 'attendance.forStudent').join(',');
    const input = encodeURIComponent(
      JSON.stringify(Object.fromEntries(ids.map((studentId, i) => [i, { studentId }]))),
    );
    const answers = (await (
      await request.get(`/api/trpc/${paths}?batch=1&input=${input}`)
    ).json()) as { error?: { data: { code: string } } }[];
    expect(answers.map((a) => a.error?.data.code)).toEqual(ids.map(() => 'NOT_FOUND'));
  }

  const admin = demoAccount('admin');
  await signIn(page, admin.username, admin.password);
  const notice = page
    .getByRole('status')
    .filter({ has: page.getByRole('heading', { name: 'Accounts refused many times' }) });
  const item = notice.getByRole('listitem').filter({ hasText: `(${governor.username}, staff)` });
  await expect(item).toContainText('Peter Langley');
  await expectAccessible(page);

  await item.getByRole('link', { name: 'Peter Langley' }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?user=[0-9a-f-]{36}&action=refused\.$/);
  const table = page.getByRole('table', { name: 'Audit entries, newest first' });
  await expect(table).toContainText('Refused as not found');
  await expect(table).toContainText('procedure: attendance.forStudent');
  await expect(page.getByRole('link', { name: 'Show only refused requests' })).toBeVisible();
  await expectAccessible(page);

  const mail = await waitForEmail(admin.email, /Many refused requests from one portal account/);
  expect(mail.text).toContain(`Peter Langley (${governor.username}, staff)`);
  expect(mail.text).toContain('/admin/audit?user=');
});
