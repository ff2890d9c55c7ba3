/**
 * The canonical form of an amount pair (`x` integer, `x_decimal` string): exactly one is set when there is an
 * amount. Whole values are integers (`"1000"` → `1000`); fractional ones are decimal strings without trailing
 * zeros (`"123.450"` → `"123.45"`). Stripe answers with both (`unit_amount: 1000, unit_amount_decimal: "1000"`)
 * and a person writes one of them, so both shapes must compare equal.
 */
import { MigrateError } from '../util/errors.js';

export interface AmountPair {
  int: number | null;
  decimal: string | null;
}

const PLAIN_DECIMAL = /^(-?)(\d*)(?:\.(\d*))?$/;
const EXPONENT_DECIMAL = /^(-?)(\d*)(?:\.(\d*))?[eE]([+-]?\d+)$/;

/**
 * Canonicalises one amount pair. The decimal string wins when both are given, because it is the exact value
 * (the integer is Stripe's rounded echo of it). `where` names the field in error messages.
 */
export function canonicalAmount(int: number | null, decimal: string | null, where: string): AmountPair {
  if (decimal !== null) {
    const plain = plainDecimal(decimal, where);
    const dot = plain.indexOf('.');
    if (dot === -1) {
      const whole = Number(plain);
      // Beyond 2^53 an integer would lose digits; such an amount stays a decimal string.
      if (Number.isSafeInteger(whole)) return { int: whole === 0 ? 0 : whole, decimal: null };
    }
    return { int: null, decimal: plain };
  }
  if (int !== null) {
    if (!Number.isFinite(int)) throw invalidAmount(String(int), where);
    return Number.isInteger(int) ? { int, decimal: null } : { int: null, decimal: plainDecimal(String(int), where) };
  }
  return { int: null, decimal: null };
}

/**
 * A decimal in plain notation without redundant zeros: `"0123.4500"` → `"123.45"`, `"1e3"` → `"1000"`,
 * `"-0.0"` → `"0"`.
 */
export function plainDecimal(text: string, where: string): string {
  const trimmed = text.trim();
  const exp = EXPONENT_DECIMAL.exec(trimmed);
  const parts = PLAIN_DECIMAL.exec(trimmed) ?? exp;
  const intPart = parts?.[2] ?? '';
  const fracPart = parts?.[3] ?? '';
  if (!parts || (intPart === '' && fracPart === '')) throw invalidAmount(text, where);
  // The value is `digits × 10^-scale`; an exponent only moves the point.
  let digits = intPart + fracPart;
  let scale = fracPart.length - (exp ? Number(exp[4]) : 0);
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale -= 1;
  }
  digits = digits.padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale).replace(/^0+(?=\d)/, '');
  const frac = digits.slice(digits.length - scale);
  const sign = parts[1] === '-' && !(whole === '0' && frac === '') ? '-' : '';
  return `${sign}${whole}${frac === '' ? '' : `.${frac}`}`;
}

function invalidAmount(text: string, where: string): MigrateError {
  return new MigrateError('amount_invalid', `${where}: ${JSON.stringify(text)} is not a decimal amount.`);
}
