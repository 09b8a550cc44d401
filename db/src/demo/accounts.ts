/** A demo sign-in: published with the demo, so these passwords must never guard real data. */
export interface DemoAccount {
  /**
   * Which demo sign-in this is, and the end of its username: the role for the first seven;
   * `parent9` and `parent7` for the parents whose only child is in Year 9 or Year 7.
   */
  key: DemoKey;
  role: 'parent' | 'student' | 'teacher' | 'office' | 'dsl' | 'governor' | 'admin';
  username: string;
  email: string;
  password: string;
  /** The full name of the person behind the account. */
  name: string;
}

export type DemoRole = DemoAccount['role'];
/** The two extra parents, beside the demo parent of Daniel and Amara. */
export type DemoKey = DemoRole | 'parent9' | 'parent7';

/** The people behind the demo accounts; the school builder gives them exactly these names. */
export const DEMO_PEOPLE = {
  parent: { title: 'Mrs', forename: 'Nadia', surname: 'Okafor' },
  student: { title: null, forename: 'Daniel', surname: 'Okafor' },
  teacher: { title: 'Ms', forename: 'Hannah', surname: 'Reeves' },
  office: { title: 'Mrs', forename: 'Joanne', surname: 'Pritchard' },
  dsl: { title: 'Dr', forename: 'Aisha', surname: 'Rahman' },
  governor: { title: 'Mr', forename: 'Peter', surname: 'Langley' },
  admin: { title: 'Mr', forename: 'Ian', surname: 'Whitfield' },
  // A mother whose only child is in Year 9, and a father whose only child is in Year 7.
  parent9: { title: 'Ms', forename: 'Rachel', surname: 'Whitcombe' },
  parent7: { title: 'Mr', forename: 'Callum', surname: 'Fenwick' },
} as const satisfies Record<DemoKey, { title: string | null; forename: string; surname: string }>;

const account = (key: DemoKey, role: DemoRole, password: string): DemoAccount => {
  const username = `demo.${key}`;
  const person = DEMO_PEOPLE[key];
  return {
    key,
    role,
    username,
    email: `${username}@demo.schoolgate.org.uk`,
    password,
    name: `${person.forename} ${person.surname}`,
  };
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  account('parent', 'parent', 'Harbour-Lantern-27'),
  account('student', 'student', 'Copper-Kettle-58'),
  account('teacher', 'teacher', 'Maple-Compass-31'),
  account('office', 'office', 'Granite-Orchard-64'),
  account('dsl', 'dsl', 'Willow-Beacon-49'),
  account('governor', 'governor', 'Saffron-Bridge-72'),
  account('admin', 'admin', 'Cobalt-Thistle-85'),
  account('parent9', 'parent', 'Hazel-Meadow-19'),
  account('parent7', 'parent', 'Ember-Valley-26'),
]);

/**
 * The name parts (3+ letters) of an account's person that appear in its password: P11 forbids
 * them, so a demo password must pass the portal's own rules. Empty when all is well.
 */
export function namesInPassword(account: DemoAccount): string[] {
  const person = DEMO_PEOPLE[account.key];
  const password = account.password.toLowerCase();
  return [
    ...person.forename.split(/[\s-]+/),
    ...person.surname.split(/[\s-]+/),
    account.username,
  ].filter((part) => part.length >= 3 && password.includes(part.toLowerCase()));
}
