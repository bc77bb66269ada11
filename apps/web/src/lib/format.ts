import { Decimal } from 'decimal.js';

/** Whole days from `now` until `iso`, a part day counting as one (a key created now expires in 90). */
export function daysUntil(iso: string, now: number = Date.now()): number {
  return Math.ceil((new Date(iso).getTime() - now) / 86_400_000);
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
