/** A staff account's state in words: never colour alone. */
export const ACCOUNT_STATUS_LABELS: Record<'none' | 'pending' | 'active' | 'disabled', string> = {
  none: 'No account',
  pending: 'Waiting for them to set a password',
  active: 'Active',
  disabled: 'Deactivated',
};

/** The staff roles an administrator can give, each with what it allows. */
export const STAFF_ROLE_CHOICES = [
  { role: 'teacher', hint: 'Sees the students in the classes they teach, and takes registers.' },
  {
    role: 'office',
    hint: 'Manages students, parents and carers, access, notices, reports and imports.',
  },
  {
    role: 'dsl',
    hint: 'Places and lifts child-protection holds, and sees their reasons.',
  },
  { role: 'governor', hint: 'Reads notices for governors; never sees pupil data.' },
  {
    role: 'admin',
    hint: 'Everything staff can do, plus settings, staff accounts and the audit log.',
  },
] as const;
