/** A demo sign-in: published with the demo, so these passwords must never guard real data. */
export interface DemoAccount {
  role: 'parent' | 'student' | 'teacher' | 'office' | 'dsl' | 'governor' | 'admin';
  username: string;
  email: string;
  password: string;
  /** The full name of the person behind the account. */
  name: string;
}

export type DemoRole = DemoAccount['role'];

/** The people behind the demo accounts; the school builder gives them exactly these names. */
export const DEMO_PEOPLE = {
  parent: { title: 'Mrs', forename: 'Nadia', surname: 'Okafor' },
  student: { title: null, forename: 'Daniel', surname: 'Okafor' },
  teacher: { title: 'Ms', forename: 'Hannah', surname: 'Reeves' },
  office: { title: 'Mrs', forename: 'Joanne', surname: 'Pritchard' },
  dsl: { title: 'Dr', forename: 'Aisha', surname: 'Rahman' },
  governor: { title: 'Mr', forename: 'Peter', surname: 'Langley' },
  admin: { title: 'Mr', forename: 'Ian', surname: 'Whitfield' },
} as const satisfies Record<DemoRole, { title: string | null; forename: string; surname: string }>;

const account = (role: DemoRole, password: string): DemoAccount => {
  const username = `demo.${role}`;
  const person = DEMO_PEOPLE[role];
  return {
    role,
    username,
    email: `${username}@demo.schoolgate.org.uk`,
    password,
    name: `${person.forename} ${person.surname}`,
  };
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = Object.freeze([
  account('parent', 'Harbour-Lantern-27'),
  account('student', 'Copper-Kettle-58'),
  account('teacher', 'Maple-Compass-31'),
  account('office', 'Granite-Orchard-64'),
  account('dsl', 'Willow-Beacon-49'),
  account('governor', 'Saffron-Bridge-72'),
  account('admin', 'Cobalt-Thistle-85'),
]);

/**
 * The name parts (3+ letters) of an account's person that appear in its password: P11 forbids
 * them, so a demo password must pass the portal's own rules. Empty when all is well.
 */
export function namesInPassword(account: DemoAccount): string[] {
  const person = DEMO_PEOPLE[account.role];
  const password = account.password.toLowerCase();
  return [
    ...person.forename.split(/[\s-]+/),
    ...person.surname.split(/[\s-]+/),
    account.username,
  ].filter((part) => part.length >= 3 && password.includes(part.toLowerCase()));
}
