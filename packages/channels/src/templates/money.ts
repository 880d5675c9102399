import Decimal from 'decimal.js';
import type { FilterImplOptions, Liquid } from 'liquidjs';

/**
 * Liquid arithmetic in decimal, because messages about money must read like money: with JavaScript numbers
 * `{{ 50 | minus: cart_total }}` for a cart of 49.99 renders 0.00999999999999801. Every arithmetic filter
 * LiquidJS ships is replaced by one with the same arguments and semantics (LiquidJS's, e.g. `modulo` is
 * never negative, `round` goes half away from zero, `divided_by: n, true` floors) computed on decimals; the
 * result goes back to a JS number, which prints the shortest exact form (0.01).
 */
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
type Money = InstanceType<typeof Money>;

/** Liquid's reading of a number: a numeric string or number; anything else counts as 0. */
function decimal(value: unknown): Money {
  // Drops and boxed values carry their value in valueOf().
  const raw: unknown = value !== null && typeof value === 'object' ? value.valueOf() : value;
  if (typeof raw === 'number') return Number.isFinite(raw) ? new Money(raw) : new Money(raw || 0);
  if (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) {
    return new Money(raw.trim());
  }
  if (typeof raw === 'boolean') return new Money(raw ? 1 : 0);
  return new Money(0);
}

const number = (value: Money): number => value.toNumber();

function round(value: Money, places: number): Money {
  if (places >= 0) return value.toDecimalPlaces(Math.trunc(places), Money.ROUND_HALF_UP);
  const scale = new Money(10).pow(-Math.trunc(places));
  return value.div(scale).toDecimalPlaces(0, Money.ROUND_HALF_UP).times(scale);
}

export const ARITHMETIC_FILTERS = {
  plus: (a: unknown, b: unknown) => number(decimal(a).plus(decimal(b))),
  minus: (a: unknown, b: unknown) => number(decimal(a).minus(decimal(b))),
  times: (a: unknown, b: unknown) => number(decimal(a).times(decimal(b))),
  divided_by: (a: unknown, b: unknown, integerArithmetic: unknown = false) => {
    const quotient = decimal(a).div(decimal(b));
    return number(integerArithmetic ? quotient.floor() : quotient);
  },
  modulo: (a: unknown, b: unknown) => {
    const divisor = decimal(b);
    return number(decimal(a).mod(divisor).plus(divisor).mod(divisor));
  },
  round: (a: unknown, places: unknown = 0) => number(round(decimal(a), decimal(places).toNumber())),
  ceil: (a: unknown) => number(decimal(a).ceil()),
  floor: (a: unknown) => number(decimal(a).floor()),
  abs: (a: unknown) => number(decimal(a).abs()),
  at_least: (a: unknown, b: unknown) => number(Money.max(decimal(a), decimal(b))),
  at_most: (a: unknown, b: unknown) => number(Money.min(decimal(a), decimal(b))),
} as const;

/**
 * `{{ amount | money }}` formats by the customer's locale (customer.locale) and currency (customer.currency,
 * a trait, else the event's `currency`, else `product.currency`); `{{ amount | money: "EUR" }}` and
 * `{{ amount | money: product.currency, "de-DE" }}` name them.
 * Without a currency the amount is formatted as a number with two decimals, never with a guessed symbol.
 * A missing amount renders nothing, so `{{ product.price | money }}` leaves no stray text behind.
 */
const money: FilterImplOptions = function (value: unknown, currency?: unknown, locale?: unknown) {
  if (value === null || value === undefined || value === '') return '';
  const amount = decimal(value);
  // The shop's currency as the message knows it: the customer's, else the event's (Segment's ecommerce
  // events carry `currency`), else the product's (the catalog's).
  const code =
    stringOr(currency) ??
    stringOr(lookup(this.context, ['customer', 'currency'])) ??
    stringOr(lookup(this.context, ['currency'])) ??
    stringOr(lookup(this.context, ['product', 'currency']));
  const tag = stringOr(locale) ?? stringOr(lookup(this.context, ['customer', 'locale'])) ?? 'en';
  const options: Intl.NumberFormatOptions = code
    ? { style: 'currency', currency: code.toUpperCase() }
    : { minimumFractionDigits: 2, maximumFractionDigits: 2 };
  // A string keeps the amount exact: Intl formats decimal strings without going through a float.
  const exact = amount.toFixed() as unknown as number;
  for (const candidate of [tag.replace(/_/g, '-'), 'en']) {
    try {
      return new Intl.NumberFormat(candidate, options).format(exact);
    } catch {
      // An unknown locale tries English; an unknown currency code falls through to the plain number.
    }
  }
  return new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(exact);
};

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function lookup(context: { getSync(paths: string[]): unknown }, path: string[]): unknown {
  try {
    return context.getSync(path);
  } catch {
    // Strict preview throws for an undefined variable; an absent trait only means "not known".
    return undefined;
  }
}

export function registerMoneyFilters(engine: Liquid): void {
  for (const [name, filter] of Object.entries(ARITHMETIC_FILTERS)) {
    engine.registerFilter(name, filter as (...args: unknown[]) => unknown);
  }
  engine.registerFilter('money', money);
}
