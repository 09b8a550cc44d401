import { recordAudit, type Database } from '@schoolgate/db';
import { actorOf, type SignedInContext } from '../core';
import type { MessageSettings } from './visibility';

/** The school's choices for messages; the migration creates the one row, all off by default. */
export async function loadMessageSettings(db: Database): Promise<MessageSettings> {
  const row = await db
    .selectFrom('message_settings')
    .select(['contacts_without_pr_may_write', 'students_may_message_teachers', 'reply_notice'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    contactsWithoutPrMayWrite: row.contacts_without_pr_may_write,
    studentsMayMessageTeachers: row.students_may_message_teachers,
    replyNotice: row.reply_notice,
  };
}

/** Administrators change the settings; one audit entry with what was before and after. */
export async function updateMessageSettings(ctx: SignedInContext, input: MessageSettings) {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('message_settings')
      .select(['contacts_without_pr_may_write', 'students_may_message_teachers', 'reply_notice'])
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('message_settings')
      .set({
        contacts_without_pr_may_write: input.contactsWithoutPrMayWrite,
        students_may_message_teachers: input.studentsMayMessageTeachers,
        reply_notice: input.replyNotice,
        updated_at: ctx.now(),
        updated_by_user_id: ctx.user.id,
      })
      .where('id', '=', 1)
      .execute();
    await recordAudit(trx, {
      ...actorOf(ctx),
      action: 'message.settings_changed',
      details: {
        before: {
          contacts_without_pr_may_write: before.contacts_without_pr_may_write,
          students_may_message_teachers: before.students_may_message_teachers,
          reply_notice: before.reply_notice,
        },
        after: {
          contacts_without_pr_may_write: input.contactsWithoutPrMayWrite,
          students_may_message_teachers: input.studentsMayMessageTeachers,
          reply_notice: input.replyNotice,
        },
      },
    });
    return { ...input, message: 'The message settings are saved.' };
  });
}
