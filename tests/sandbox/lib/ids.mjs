// Belgian identifiers, validated the way PLATFORM.md §6 describes, so the illustrative
// resources can answer `badRequest` with precise issues.

/** Check digits of an SSIN (INSZ/NISS): 97 − (first 9 digits mod 97); for people born from
 * 2000 the computation runs on `2` followed by the 9 digits. BIS numbers add 20 or 40 to the
 * month. Returns null when valid, else a sentence saying what is wrong. */
export function ssinProblem(value) {
  if (typeof value !== 'string') return 'must be a string of 11 digits';
  if (!/^\d{11}$/.test(value)) return 'must be exactly 11 digits on the wire (no dots, dashes or spaces)';
  const base = Number(value.slice(0, 9));
  const check = Number(value.slice(9));
  const before2000 = 97 - (base % 97);
  const from2000 = 97 - ((2_000_000_000 + base) % 97);
  if (check !== before2000 && check !== from2000) {
    return `check digits ${value.slice(9)} do not match (expected ${String(before2000).padStart(2, '0')} for a birth before 2000 or ${String(from2000).padStart(2, '0')} from 2000)`;
  }
  let month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  // BIS numbers: month + 20 (gender unknown) or + 40 (gender known); month 0 = unknown.
  if (month >= 40) month -= 40;
  else if (month >= 20) month -= 20;
  if (month > 12) return `month ${value.slice(2, 4)} is not a month (01–12, +20 or +40 for a BIS number)`;
  if (day > 31) return `day ${value.slice(4, 6)} is not a day of a month`;
  return null;
}

/** Check digits of a CBE/KBO enterprise number: 10 digits, first 0 or 1, last two =
 * 97 − (first eight mod 97). */
export function enterpriseNumberProblem(value) {
  if (typeof value !== 'string') return 'must be a string of 10 digits';
  if (!/^\d{10}$/.test(value)) return 'must be exactly 10 digits on the wire (e.g. 0884303369)';
  if (value[0] !== '0' && value[0] !== '1') return 'must start with 0 or 1';
  const expected = 97 - (Number(value.slice(0, 8)) % 97);
  if (Number(value.slice(8)) !== expected) {
    return `check digits ${value.slice(8)} do not match (expected ${String(expected).padStart(2, '0')})`;
  }
  return null;
}

/** A calendar date `yyyy-MM-dd` (PLATFORM.md §5). */
export function dateProblem(value) {
  if (typeof value !== 'string') return 'must be a date string yyyy-MM-dd';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return 'must be a date in the form yyyy-MM-dd';
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return `${value} is not a calendar date`;
  }
  return null;
}
