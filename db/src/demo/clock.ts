// Times of day at the school: a register taken at 08:50 in London is 07:50 UTC in summer and
// 08:50 UTC in winter.
const TIME_ZONE = 'Europe/London';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Minutes the school's clock is ahead of UTC at an instant. */
function offsetMinutes(ms: number): number {
  const p = Object.fromEntries(parts.formatToParts(ms).map((x) => [x.type, x.value]));
  const local = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((local - Math.floor(ms / 1000) * 1000) / 60_000);
}

const instants = new Map<string, number>();

/** The instant it is `time` ('HH:MM') on `date` at the school. */
export function atSchool(date: string, time: string): Date {
  const key = `${date}T${time}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    const asUtc = Date.parse(`${key}:00Z`);
    ms = asUtc - offsetMinutes(asUtc) * 60_000;
    // Near a clock change the first guess can be an hour out: check once more.
    ms = asUtc - offsetMinutes(ms) * 60_000;
    instants.set(key, ms);
  }
  return new Date(ms);
}

/** The school's clock at `now`, as 'HH:MM'. */
export function schoolTime(now: Date): string {
  const p = Object.fromEntries(parts.formatToParts(now).map((x) => [x.type, x.value]));
  return `${p.hour}:${p.minute}`;
}
