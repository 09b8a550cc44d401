import type { Role } from '@schoolgate/api';

/**
 * Messages between families and the school (issue 13). Parents and students write (students only
 * where the school allows it, which the procedures check); teachers, the office, DSLs (held
 * children only, to read) and admins hold the school's side; governors never (P9). Only admins
 * change the settings; only the office and admins assign.
 */
export const MESSAGES_ROWS: Record<string, readonly Role[]> = {
  'messages.form': ['parent', 'student'],
  'messages.start': ['parent', 'student'],
  'messages.mine': ['parent', 'student'],
  'messages.thread': ['parent', 'student'],
  'messages.reply': ['parent', 'student'],
  'messages.markRead': ['parent', 'student'],
  'admin.messages.inbox': ['teacher', 'office', 'dsl', 'admin'],
  'admin.messages.unread': ['teacher', 'office', 'dsl', 'admin'],
  'admin.messages.thread': ['teacher', 'office', 'dsl', 'admin'],
  'admin.messages.reply': ['teacher', 'office', 'dsl', 'admin'],
  'admin.messages.markRead': ['teacher', 'office', 'dsl', 'admin'],
  'admin.messages.close': ['teacher', 'office', 'dsl', 'admin'],
  'admin.messages.assign': ['office', 'admin'],
  'admin.messages.settings': ['admin'],
  'admin.messages.updateSettings': ['admin'],
};
