export const HELP = `schoolgate — run and look after a Schoolgate parent portal

Usage:
  schoolgate <command> [options]

Commands:
  migrate          Apply every pending database migration.
  seed --demo      Fill an empty database with the demo school and print its sign-ins.
  jobs run         Queue today's password reminders and emails to parents about notices
                   that have gone live, then deliver due emails when SMTP_URL is set.
                   Safe to run from cron as often as you like.
  sessions end-all Sign everyone out and void unused password-reset links: run it after
                   restoring a backup (docs/operations.md).
  backup <file>    Copy the embedded database to a file (a .tar.gz), also while the
                   portal runs. For a PostgreSQL server use pg_dump.
  restore <file>   Replace the embedded database with a backup, with the portal stopped;
                   the database it replaces is kept beside it, and everyone is signed out.
  import <kind> <file|folder|zip>... [--apply] [--full | --partial] [--json]
                   Import data from the school's systems: kind is oneroster (the roster),
                   attendance, behaviour, timetable or reports. Shows a dry run of what
                   would change and every bad row (file:line: reason); --apply imports,
                   all or nothing. A OneRoster roster is full unless --partial: students
                   missing from it are proposed as leavers. --json prints the result,
                   every record that changes included, as JSON for tools (nothing else
                   on stdout). See docs/imports/.
  help             Show this text.

Against a running portal, with an API token (docs/internal-tools.md):
  --portal URL --token-file FILE whoami [--json]
                   Check the token: its name, scopes and expiry.
  --portal URL --token-file FILE accounts list --not-accepted-policy [--json]
                   Accounts that have not accepted the policy in force (scope accounts:read).
  --portal URL --token-file FILE import oneroster <file|folder|zip>... [--apply]
                   [--full | --partial] [--json]
                   The roster import, on the portal, as above (scope roster:import).
  --portal URL --token-file FILE export attendance --from YYYY-MM-DD --to YYYY-MM-DD
                   [--unexplained] [--format csv|json] [--json]
                   Attendance marks (at most 31 days), with each child's contacts to tell,
                   as CSV for an SMS provider (scope attendance:read); --unexplained gives
                   only absences with no reason yet. Children under a child-protection hold
                   are never included.
  --portal URL --token-file FILE audit list --from YYYY-MM-DD --to YYYY-MM-DD
                   [--action ACTION] [--json]
                   The audit log for those days (at most 31), newest first (scope
                   audit:read); --action view.attendance for one action, view. for a kind.
                   The token file must be readable by its owner only (chmod 600). A running
                   portal runs its own jobs, so "jobs run" is for the server only.

Options:
  --database-url URL   The database to use. Defaults to DATABASE_URL, or the embedded
                       database under .data/pglite when that is not set.
  --portal-url URL     The portal's address, for links in emails. Defaults to ORIGIN.

Environment:
  DATABASE_URL   as --database-url
  SMTP_URL       smtp://user:password@host:587 or smtps://…:465; unset keeps mail in the outbox
  SMTP_FROM      the From address; defaults to the school's enquiries address

While a portal runs on the embedded database, every command but restore is run by that
portal (it holds the database) and prints here as usual.

Exit codes: 0 success, 1 the command failed (or an import found problems), 2 the command
line was wrong.
`;
