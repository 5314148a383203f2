/**
 * `<input type="datetime-local">` values ("2030-01-31T19:00", seconds optional) are wall-clock times without a zone:
 * the operator's own. The API wants instants with an offset; these convert between the two in a named IANA zone, the
 * browser's by default.
 */

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;
const MINUTE = 60_000;

/** The browser's zone, e.g. "Asia/Seoul". */
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of `instant` in `zone`. */
function wallClock(instant: number, zone: string) {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, format);
  }
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return {
    year: fields.year!,
    month: fields.month!,
    day: fields.day!,
    hour: fields.hour!,
    minute: fields.minute!,
    second: fields.second!,
  };
}

/** Minutes `zone` is ahead of UTC at `instant` (540 in Seoul, -300 in New York in winter). */
export function offsetMinutes(instant: number, zone: string = browserZone()): number {
  const wall = wallClock(instant, zone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / MINUTE);
}

const pad = (value: number, length = 2) => String(value).padStart(length, "0");

/** "+09:00", "-05:00", "+05:30", "+00:00". */
const offsetText = (minutes: number) =>
  `${minutes < 0 ? "-" : "+"}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;

/** The offset of `zone` at `date`, written as ISO 8601 writes it: "+09:00". */
export function offsetOf(date: Date, zone: string = browserZone()): string {
  return offsetText(offsetMinutes(date.getTime(), zone));
}

/** `date` as an ISO 8601 instant in `zone`, with its offset: "2030-01-31T19:00:00+09:00". */
export function toOffsetIso(date: Date, zone: string = browserZone()): string {
  const wall = wallClock(date.getTime(), zone);
  const day = `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
  return `${day}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}${offsetOf(date, zone)}`;
}

/**
 * A datetime-local value as the instant it names in `zone`, or null when it is not a real date and time (empty,
 * malformed, 31 February, 24:00). A time skipped by a daylight-saving change (02:30 on the night clocks jump from 02:00
 * to 03:00) is moved on by the jump, as browsers do; a time that happens twice is given one of its two instants.
 */
export function localInputToIso(value: string, zone: string = browserZone()): string | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const calendar = new Date(0);
  calendar.setUTCFullYear(year, month - 1, day);
  calendar.setUTCHours(hour, minute, second, 0);
  if (calendar.getUTCDate() !== day || calendar.getUTCMonth() !== month - 1) return null;
  // the wall-clock time read as if it were UTC, less the zone's offset; the offset is read at the instant it gives,
  // which differs from the first guess only near a change of offset
  const wall = calendar.getTime();
  const guessed = offsetMinutes(wall, zone);
  const read = offsetMinutes(wall - guessed * MINUTE, zone);
  let offset = guessed;
  if (read !== guessed) {
    const check = offsetMinutes(wall - read * MINUTE, zone);
    // consistent with the second reading: an ordinary time; with neither: a skipped time, moved on by the jump
    offset = check === read ? read : Math.min(guessed, read);
  }
  return toOffsetIso(new Date(wall - offset * MINUTE), zone);
}

/** An instant as a datetime-local value ("2030-01-31T19:00") in `zone`. */
export function isoToLocalInput(iso: string, zone: string = browserZone()): string {
  return toOffsetIso(new Date(iso), zone).slice(0, 16);
}
