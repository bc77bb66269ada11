import { Decimal as DecimalJs } from 'decimal.js';

/**
 * Money and quantities are decimals, never JS floats. One configured Decimal constructor for the
 * whole project: 40 significant digits (far beyond any price × quantity we meet), banker's rounding
 * where rounding is unavoidable, and no exponent notation in `toString()`.
 */
export const Decimal = DecimalJs.clone({
  precision: 40,
  rounding: DecimalJs.ROUND_HALF_EVEN,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Decimal = InstanceType<typeof Decimal>;
export type DecimalInput = Decimal | string | number;

/** Strict decimal literal: optional sign, digits, optional fraction. No exponents, no hex, no spaces. */
const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function dec(value: DecimalInput): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

/**
 * Parses what a client sent as a number (a JSON number or a numeric string) into a Decimal, or null
 * when it is not a finite plain decimal. JSON numbers go through their shortest round-trip text so
 * `0.1` stays `0.1`.
 */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
    if (/e/i.test(text)) return new Decimal(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  if (!DECIMAL_TEXT.test(text)) return null;
  return new Decimal(text);
}

/** Wire form: a plain decimal string without exponent and without trailing zeros. */
export function toWire(value: DecimalInput, places?: number): string {
  const d = dec(value);
  const fixed = places === undefined ? d : d.toDecimalPlaces(places, DecimalJs.ROUND_HALF_EVEN);
  const text = fixed.toFixed();
  return text === '-0' ? '0' : text;
}

/** True when `value` is a whole multiple of `step` (for quantity and price steps). */
export function isMultipleOf(value: Decimal, step: DecimalInput): boolean {
  return value.mod(dec(step)).isZero();
}

export const ZERO = new Decimal(0);
