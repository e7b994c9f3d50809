const pad = (n: number) => String(n).padStart(2, '0');

/** What a `datetime-local` field shows for an instant, in local time. */
export function toLocalDateTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(
    date.getDate(),
  )}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The instant a `datetime-local` value stands for, or undefined while the
 * field is empty or incomplete.
 */
export function fromLocalDateTime(value: string): Date | undefined {
  // A date-time without an offset is read as local time, as the field means.
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The reader's time zone, e.g. "Europe/Berlin", as the browser knows it. */
export function readerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}
