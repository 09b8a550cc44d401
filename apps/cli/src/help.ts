export const HELP = `schoolgate — run and look after a Schoolgate parent portal

Usage:
  schoolgate <command> [options]

Commands:
  migrate          Apply every pending database migration.
  seed --demo      Fill an empty database with the demo school and print its sign-ins.
  jobs run         Queue today's password reminders, then deliver due emails when SMTP_URL
                   is set. Safe to run from cron as often as you like.
  help             Show this text.

Options:
  --database-url URL   The database to use. Defaults to DATABASE_URL, or the embedded
                       database under .data/pglite when that is not set.
  --portal-url URL     The portal's address, for links in emails. Defaults to ORIGIN.

Environment:
  DATABASE_URL   as --database-url
  SMTP_URL       smtp://user:password@host:587 or smtps://…:465; unset keeps mail in the outbox
  SMTP_FROM      the From address; defaults to the school's enquiries address

Exit codes: 0 success, 1 the command failed, 2 the command line was wrong.
`;
