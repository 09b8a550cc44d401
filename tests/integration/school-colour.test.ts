import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '@schoolgate/db';
import { freshDatabase } from './support/database';
import { anonymousCaller, callerFor, newStaff, type TestUser } from './support/factories';
import { refusalOf } from './support/refusal';

let db: Database;
let admin: TestUser;
let office: TestUser;
beforeAll(async () => {
  db = await freshDatabase();
  admin = await newStaff(db, ['admin']);
  office = await newStaff(db, ['office']);
});
/** Audit entries before this id belong to earlier tests. */
let firstEntry = 0;
beforeEach(async () => {
  await db.updateTable('school_settings').set({ brand_colour: null }).where('id', '=', 1).execute();
  const last = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirstOrThrow();
  firstEntry = Number(last.id ?? 0) + 1;
});

const adminCaller = () => callerFor(db, admin);
const shownColour = async () => (await (await anonymousCaller(db)).school.info()).brandColour;
const stored = async () =>
  (
    await db
      .selectFrom('school_settings')
      .select('brand_colour')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow()
  ).brand_colour;
const colourAudit = () =>
  db
    .selectFrom('audit_log')
    .select(['details', 'actor_user_id'])
    .where('action', '=', 'settings.colour_changed')
    .where('id', '>=', firstEntry)
    .orderBy('id')
    .execute();

describe('the school’s colour (issue 12)', () => {
  it('is the portal’s own until an administrator sets one; every page’s layout then has it', async () => {
    expect(await shownColour()).toBeNull();
    const caller = await adminCaller();
    expect(await caller.admin.settings.setBrandColour({ colour: ' #7A1F3D ' })).toEqual({
      colour: '#7a1f3d',
      changed: true,
    });
    expect(await shownColour()).toBe('#7a1f3d');
    expect((await caller.admin.settings.get()).brandColour).toBe('#7a1f3d');
    expect(await colourAudit()).toEqual([
      { details: { from: null, to: '#7a1f3d' }, actor_user_id: admin.userId },
    ]);
  });

  it('goes back to the portal’s own blue when emptied, and saving the same colour records nothing', async () => {
    const caller = await adminCaller();
    await caller.admin.settings.setBrandColour({ colour: '004225' });
    expect(await caller.admin.settings.setBrandColour({ colour: '#004225' })).toEqual({
      colour: '#004225',
      changed: false,
    });
    expect(await caller.admin.settings.setBrandColour({ colour: '' })).toEqual({
      colour: null,
      changed: true,
    });
    expect(await shownColour()).toBeNull();
    expect((await colourAudit()).map((entry) => entry.details)).toEqual([
      { from: null, to: '#004225' },
      { from: '#004225', to: null },
    ]);
  });

  it.each([
    ['a colour white text cannot be read on', '#f0c419', /^Text would be hard to read on #f0c419/],
    ['a colour name', 'navy', /^Enter a colour code like #1d4f91/],
    ['CSS smuggled after a colour', '#000000;}body{display:none', /^Enter a colour code/],
  ])('refuses %s beside the field, and changes nothing', async (_, colour, message) => {
    const caller = await adminCaller();
    await caller.admin.settings.setBrandColour({ colour: '#7a1f3d' });
    const refused = await refusalOf(caller.admin.settings.setBrandColour({ colour }));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fieldErrors?.brandColour?.[0]).toMatch(message);
    expect(await stored()).toBe('#7a1f3d');
    expect(await colourAudit()).toHaveLength(1);
  });

  it('is the administrators’ alone: the office cannot change it', async () => {
    const refused = await refusalOf(
      (await callerFor(db, office)).admin.settings.setBrandColour({ colour: '#7a1f3d' }),
    );
    expect(refused.code).toBe('FORBIDDEN');
    expect(await stored()).toBeNull();
  });

  it('holds one value when two administrators save at once', async () => {
    const [a, b] = [await adminCaller(), await adminCaller()];
    const results = await Promise.allSettled([
      a.admin.settings.setBrandColour({ colour: '#7a1f3d' }),
      b.admin.settings.setBrandColour({ colour: '#004225' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const final = await stored();
    expect(['#7a1f3d', '#004225']).toContain(final);
    // Each change is recorded from the value it replaced, so the log replays to the final one.
    const entries = (await colourAudit()).map((e) => e.details as { from: string; to: string });
    expect(entries).toHaveLength(2);
    expect(entries[0]!.from).toBeNull();
    expect(entries[1]!.from).toBe(entries[0]!.to);
    expect(entries[1]!.to).toBe(final);
  });
});
