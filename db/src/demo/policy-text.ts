import { ENQUIRIES_EMAIL, SCHOOL_NAME } from './school';

/** The demo school's first published policy version (P2): every demo user must accept it. */
export const DEMO_POLICY_TITLE = 'Parent Portal Acceptable Usage Policy';

export const DEMO_POLICY_MARKDOWN = `These are the rules for using the ${SCHOOL_NAME} Parent Portal, on any device. You must accept them before you can use the portal, and again whenever we publish a new version. Using the portal also means keeping to the Data Protection Act 2018 and the Computer Misuse Act 1990.

## Who may use the portal

- Parents and carers of students currently on roll at the school. Before we make an account, a member of staff checks that you have parental responsibility for each child.
- Students, when the school has turned student accounts on.
- School staff and governors, for their work.

When a child leaves the school, the portal stops showing their information.

## One account, one person

- Your account is for you alone. We do not make shared or family accounts: each parent or carer has their own.
- Never tell anyone your username or password, and never sign in as someone else.
- If you think someone else knows your password, change it straight away and tell us.

## Keep information private

- What you see in the portal is confidential. Share it only with the student it is about, or with another adult who has parental responsibility for them.
- Do not copy, publish or post it anywhere, including on social media.
- We record every sign-in and every time a student's information is viewed: who, when and from where.

## Public and shared computers

Do not use the portal on a public computer, such as one in an internet café or a library. If you must use a computer that others share, tick **This is a public or shared computer** when you sign in, so you are signed out quickly and nothing is remembered.

## Tell us about mistakes

If anything in the portal is wrong, or your circumstances change (a new address, phone number or email address), please tell us so we can put it right.

## Passwords

- At least 8 characters, with at least one capital letter, one small letter and one number.
- Not a password you have used here before, and not one that contains your name or username.
- A password lasts 90 days. We email you a reminder after 80 days, and every day from day 85 until you change it. After 90 days you must choose a new one before you can carry on.

## When we can refuse or remove access

We can refuse an account, or remove access to the whole portal or to one child's information, and we record why, when:

- someone's parental responsibility is in doubt;
- a court order limits contact with a child or with other members of the family;
- someone has broken this policy.

## Child-protection concerns

If a child-protection concern is raised, or there is a dispute, we may suspend portal access for everyone connected with that child while we look into it. You will see a message asking you to contact the school. While the portal is not available to you, we will still give you the information that the law entitles you to.

## Questions, complaints and appeals

Email us at [${ENQUIRIES_EMAIL}](mailto:${ENQUIRIES_EMAIL}) with any question about this policy, or to complain about or appeal a decision about your access.
`;
