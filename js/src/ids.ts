/**
 * Belgian identifiers and calendar dates, parsed and checked by the core: the forms people
 * type in, check digits, the wire form. Each class holds the core's answer as plain fields.
 */

import { call } from './engine.js';

/** A national register number (INSZ/NISS/SSIN), bis numbers included. */
export class Ssin {
  /** The 11 digits. */
  readonly value: string;
  /** `85.07.30-033.28`. */
  readonly formatted: string;
  readonly isBis: boolean;
  readonly birthYear: number;
  /** The birth date when the number tells it (unknown day or month: `undefined`). */
  readonly birthDate?: CalendarDate;

  constructor(text: string) {
    const o = call('parse_ssin', { text });
    this.value = o.value;
    this.formatted = o.formatted;
    this.isBis = o.isBis;
    this.birthYear = o.birthYear;
    if (o.birthDate !== undefined) this.birthDate = new CalendarDate(o.birthDate);
  }

  toString(): string { return this.value; }
  toJSON(): string { return this.value; }
}

/** A KBO/BCE enterprise number. */
export class EnterpriseNumber {
  /** The 10 digits. */
  readonly value: string;
  /** `0884.303.369`. */
  readonly formatted: string;

  constructor(text: string) {
    const o = call('parse_enterprise_number', { text });
    this.value = o.value;
    this.formatted = o.formatted;
  }

  toString(): string { return this.value; }
  toJSON(): string { return this.value; }
}

/** An NSSO (RSZ/ONSS) employer number: as typed (a string) or as the API exchanges it (a number). */
export class NssoNumber {
  readonly value: number;
  /** The digits, as text. */
  readonly text: string;
  readonly isProvisional: boolean;

  constructor(number: string | number) {
    const o = call('parse_nsso_number', typeof number === 'number' ? { value: number } : { text: number });
    this.value = o.value;
    this.text = o.text;
    this.isProvisional = o.isProvisional;
  }

  toString(): string { return this.text; }
  toJSON(): number { return this.value; }
}

/** A calendar date (`yyyy-MM-dd`, proleptic Gregorian), as the FLA API exchanges dates. */
export class CalendarDate {
  /** `yyyy-MM-dd`. */
  readonly value: string;
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly daysSinceEpoch: number;
  readonly isLeapYear: boolean;

  /** From `yyyy-MM-dd`. */
  constructor(text: string);
  /** @internal */
  constructor(text: string, parsed: Record<string, unknown>);
  constructor(text: string, parsed?: Record<string, unknown>) {
    const o = parsed ?? call('parse_date', { text });
    this.value = o['value'] as string;
    this.year = o['year'] as number;
    this.month = o['month'] as number;
    this.day = o['day'] as number;
    this.daysSinceEpoch = o['daysSinceEpoch'] as number;
    this.isLeapYear = o['isLeapYear'] as boolean;
  }

  /** From its parts. */
  static fromYmd(year: number, month: number, day: number): CalendarDate {
    const o = call('parse_date', { year, month, day });
    return new CalendarDate(o.value, o);
  }

  /** The UTC day of a Unix instant in milliseconds (`Date.now()`). */
  static fromUnixMs(unixMs: number): CalendarDate {
    const o = call('parse_date', { unixMs });
    return new CalendarDate(o.value, o);
  }

  toString(): string { return this.value; }
  toJSON(): string { return this.value; }
}
