import { Decimal } from 'decimal.js';

/** Whole days from `now` until `iso`, a part day counting as one (a key created now expires in 90). */
export function daysUntil(iso: string, now: number = Date.now()): number {
  return Math.ceil((new Date(iso).getTime() - now) / 86_400_000);
}

const UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
] as const;

/** A span of seconds in its largest whole unit, rounded down: "80 days", "1 hour", "45 seconds". */
export function span(seconds: number): string {
  const [unit, size] = UNITS.find(([, size]) => seconds >= size) ?? ['second', 1];
  const n = Math.floor(seconds / size);
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return (
    new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }) +
    ' UTC'
  );
}

/** A wire decimal shown with a fixed number of places, without passing through a float. */
export function amount(value: string | null | undefined, places = 2): string {
  if (value === null || value === undefined || value === '') return '—';
  try {
    return new Decimal(value).toFixed(places);
  } catch {
    return value;
  }
}

export function signed(value: string | null | undefined, places = 2): string {
  if (!value) return '—';
  const d = new Decimal(value);
  return `${d.isPositive() && !d.isZero() ? '+' : ''}${d.toFixed(places)}`;
}
