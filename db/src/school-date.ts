// One formatter per time zone, made once: building an Intl.DateTimeFormat costs about 0.2 ms
// (it loads the zone's rules), formatting with one a few microseconds, and this runs on every
// request (issue 17). A school has one time zone, so the cache holds one or two entries.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // An unknown zone throws here, as before, and is not cached.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The calendar date ('YYYY-MM-DD') at instant `now` in the school's time zone. */
export function schoolDate(now: Date, timeZone: string): string {
  return formatterFor(timeZone).format(now);
}
