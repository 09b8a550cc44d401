export const HELP = `schoolgate — run and look after a Schoolgate parent portal

Usage:
  schoolgate <command> [options]

Commands:
  migrate          Apply every pending database migration.
  seed --demo      Fill an empty database with the demo school and print its sign-ins.
  help             Show this text.

Options:
  --database-url URL   The database to use. Defaults to DATABASE_URL, or the embedded
                       database under .data/pglite when that is not set.

Exit codes: 0 success, 1 the command failed, 2 the command line was wrong.
`;
