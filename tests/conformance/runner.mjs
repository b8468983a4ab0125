// The conformance runner for JavaScript engines (napi, WASM full and slim): replays every case
// of tests/conformance/*.json through an engine `{ call, Handle }` (the bridge exports of
// bindings-node and bindings-wasm) and checks the answers by the rules of README.md, the whole
// contract. One `node:test` test per case, named `file:case`; a per-file `N passed, N failed`.
//
// With `reference` (another engine), every answer is also compared with the reference engine's
// raw envelope text for the same call: identical text, except where the reference itself is
// not deterministic (its two runs of the case differ: a random jti, trace id, jitter or
// signature), where the values must agree in everything the two reference runs agree on.
import nodeTest, { after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CASES_DIR = path.join(ROOT, 'tests/conformance');
/** 2026-01-01T00:00:00Z: the host clock of every call. */
export const NOW_MS = 1767225600000;

// --- JSON that keeps numbers as written (expected and actual values are compared as JSON
// numbers: exactly, also past 2^53) -------------------------------------------------------------

export class JsonNumber {
  constructor(text) { this.text = text; }
  equals(other) {
    const int = /^-?\d+$/;
    if (int.test(this.text) && int.test(other.text)) return BigInt(this.text) === BigInt(other.text);
    return Number(this.text) === Number(other.text);
  }
  toString() { return this.text; }
}

/** Parses JSON text (already known to be valid) keeping every number's text. */
export function parseExact(text) {
  let i = 0;
  const sticky = (re) => new RegExp(re.source, 'y');
  const NUM = sticky(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/);
  const STR = sticky(/"(?:[^"\\]|\\.)*"/);
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
  const token = (re) => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new SyntaxError(`JSON: unexpected input at ${i}`);
    i = re.lastIndex;
    return m[0];
  };
  const expect = (c) => { ws(); if (text[i] !== c) throw new SyntaxError(`JSON: expected ${c} at ${i}`); i++; };
  function value() {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o = {};
      ws();
      if (text[i] === '}') { i++; return o; }
      for (;;) {
        ws();
        const key = JSON.parse(token(STR));
        expect(':');
        Object.defineProperty(o, key, { value: value(), enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') { i++; continue; }
        expect('}');
        return o;
      }
    }
    if (c === '[') {
      i++;
      const a = [];
      ws();
      if (text[i] === ']') { i++; return a; }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') { i++; continue; }
        expect(']');
        return a;
      }
    }
    if (c === '"') return JSON.parse(token(STR));
    for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    return new JsonNumber(token(NUM));
  }
  const v = value();
  ws();
  if (i !== text.length) throw new SyntaxError(`JSON: trailing input at ${i}`);
  return v;
}

// --- the matching rules of README.md ----------------------------------------------------------

const ABSENT = '<absent>';
const CONTAINS = '<contains>';
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);
const show = (v) => (v instanceof JsonNumber ? v.text : JSON.stringify(v, (_, x) => (x instanceof JsonNumber ? Number(x.text) : x)));

/** The mismatches of `actual` against `expected` (README rules), as `path: why` lines. */
export function mismatches(expected, actual, where = '$', out = []) {
  if (typeof expected === 'string' && expected.startsWith(CONTAINS)) {
    const part = expected.slice(CONTAINS.length);
    if (typeof actual !== 'string' || !actual.includes(part)) out.push(`${where}: expected a string containing ${JSON.stringify(part)}, got ${show(actual)}`);
  } else if (expected === ABSENT) {
    if (actual !== undefined) out.push(`${where}: expected absent, got ${show(actual)}`);
  } else if (actual === undefined) {
    out.push(`${where}: missing, expected ${show(expected)}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${where}: expected an array, got ${show(actual)}`);
    } else if (actual.length !== expected.length) {
      out.push(`${where}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`);
    } else {
      expected.forEach((e, k) => mismatches(e, actual[k], `${where}[${k}]`, out));
    }
  } else if (isObject(expected)) {
    if (!isObject(actual)) {
      out.push(`${where}: expected an object, got ${show(actual)}`);
    } else {
      for (const [key, e] of Object.entries(expected)) {
        mismatches(e, Object.hasOwn(actual, key) ? actual[key] : undefined, `${where}.${key}`, out);
      }
    }
  } else if (expected instanceof JsonNumber) {
    if (!(actual instanceof JsonNumber) || !expected.equals(actual)) out.push(`${where}: expected ${expected.text}, got ${show(actual)}`);
  } else if (expected !== actual) {
    out.push(`${where}: expected ${show(expected)}, got ${show(actual)}`);
  }
  return out;
}

/** Checks an envelope (JSON text) against `expect` (`{ok: …}` or `{error: …}`, exact numbers). */
export function checkEnvelope(expect, text, what) {
  let envelope;
  try {
    envelope = parseExact(text);
  } catch (err) {
    assert.fail(`${what}: the answer is not JSON (${err.message}): ${text}`);
  }
  const [want] = Object.keys(expect);
  const keys = isObject(envelope) ? Object.keys(envelope) : [];
  if (keys.length !== 1 || keys[0] !== want) {
    assert.fail(`${what}: expected {"${want}": …}, got ${text}`);
  }
  const found = mismatches(expect[want], envelope[want], `$.${want}`);
  if (found.length) assert.fail(`${what}:\n  ${found.join('\n  ')}\n  answer: ${text}`);
}

// --- the inputs -------------------------------------------------------------------------------

/** `input` as sent: a string raw, anything else through `JSON.stringify` (absent: empty text,
 * as the core's runner sends it). */
export const inputText = (input) => (input === undefined ? '' : typeof input === 'string' ? input : JSON.stringify(input));

/** The binary argument of a case or step (absent: empty). */
export function bytesOf(spec) {
  if (spec === undefined || spec === null) return new Uint8Array(0);
  if (typeof spec.text === 'string') return new Uint8Array(Buffer.from(spec.text, 'utf8'));
  if (typeof spec.base64 === 'string') return new Uint8Array(Buffer.from(spec.base64, 'base64'));
  if (typeof spec.file === 'string') return new Uint8Array(readFileSync(path.join(ROOT, spec.file)));
  throw new Error(`bytes must be {text}, {base64} or {file}: ${JSON.stringify(spec)}`);
}

/** Every case file: `{file, description, cases: [{name, plain, exact}]}` (`exact`: numbers kept). */
export function loadCases(dir = CASES_DIR) {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const plain = JSON.parse(text);
      const exact = parseExact(text);
      if (!Array.isArray(plain.cases)) throw new Error(`${file}: no "cases" array`);
      return {
        file,
        description: plain.description,
        cases: plain.cases.map((c, k) => ({ name: c.name ?? `#${k}`, plain: c, exact: exact.cases[k] })),
      };
    });
}

// --- running ----------------------------------------------------------------------------------

/**
 * Every answer of a case on `engine`, in order: `{what, text}` for the open (the error
 * envelope, or `{"ok":true}`) and each call. Stops after a failed open.
 */
export function answers(engine, c, now = NOW_MS) {
  const out = [];
  if (c.open) {
    let handle;
    try {
      handle = new engine.Handle(c.open.kind, inputText(c.open.input), bytesOf(c.open.bytes), now);
    } catch (err) {
      if (typeof err?.message !== 'string' || !err.message.startsWith('{')) throw err;
      out.push({ what: `open ${c.open.kind}`, text: err.message });
      return out;
    }
    out.push({ what: `open ${c.open.kind}`, text: '{"ok":true}' });
    if (handle.kind !== c.open.kind) throw new Error(`handle.kind is ${handle.kind}, not ${c.open.kind}`);
    for (const [k, step] of (c.steps ?? []).entries()) {
      out.push({ what: `step ${k} (${step.op})`, text: handle.call(step.op, inputText(step.input), bytesOf(step.bytes), now) });
    }
    handle.free?.();
  } else {
    out.push({ what: c.op, text: engine.call(c.op, inputText(c.input), bytesOf(c.bytes), now) });
  }
  return out;
}

/** What a build without the core's `keys` feature answers to the first call of a `needs: "keys"` case. */
const NOT_IN_THIS_BUILD = { error: { code: 'invalid_argument', message: `${CONTAINS}not in this build` } };

/** The expectations of a case, in the order of `answers` (exact numbers); `keys`: whether the
 * engine was built with the core's `keys` feature (README: `needs`). */
function expectations(exact, keys = true) {
  if (!keys && exact.needs === 'keys') return [NOT_IN_THIS_BUILD];
  if (!exact.open) return [exact.expect];
  return [exact.expect_open ?? { ok: true }, ...(exact.steps ?? []).map((s) => s.expect)];
}

/**
 * `actual` agrees with the reference: the same text when the reference is deterministic (its
 * two runs `ref1`, `ref2` agree); else equal wherever the two reference runs are equal.
 */
export function sameAsReference(actual, ref1, ref2, what) {
  if (ref1 === ref2) {
    assert.equal(actual, ref1, `${what}: the envelope differs from the reference engine's`);
    return 'exact';
  }
  const diffs = [];
  const walk = (a, r1, r2, where) => {
    if (isObject(r1) && isObject(r2)) {
      const keys = new Set([...Object.keys(r1), ...Object.keys(r2)]);
      if (!isObject(a)) { diffs.push(`${where}: not an object`); return; }
      for (const key of new Set([...keys, ...Object.keys(a)])) {
        const [x, y, z] = [a[key], r1[key], r2[key]];
        if (y === undefined && z === undefined) { diffs.push(`${where}.${key}: not in the reference`); continue; }
        if (y === undefined || z === undefined) continue; // present in one reference run only
        if (x === undefined) { diffs.push(`${where}.${key}: missing`); continue; }
        walk(x, y, z, `${where}.${key}`);
      }
    } else if (Array.isArray(r1) && Array.isArray(r2) && r1.length === r2.length) {
      if (!Array.isArray(a) || a.length !== r1.length) { diffs.push(`${where}: not an array of ${r1.length}`); return; }
      r1.forEach((y, k) => walk(a[k], y, r2[k], `${where}[${k}]`));
    } else if (show(r1) === show(r2)) {
      if (show(a) !== show(r1)) diffs.push(`${where}: ${show(a)} vs reference ${show(r1)}`);
    } else if (typeof a !== typeof r1 && !(a instanceof JsonNumber && r1 instanceof JsonNumber)) {
      diffs.push(`${where}: a ${typeof a} where the reference has a ${typeof r1}`);
    }
  };
  walk(parseExact(actual), parseExact(ref1), parseExact(ref2), '$');
  if (diffs.length) assert.fail(`${what}: differs from the reference engine:\n  ${diffs.join('\n  ')}\n  answer:    ${actual}\n  reference: ${ref1}`);
  return 'masked';
}

/**
 * Registers one test per case (`label file:case`) running on `engine` (`{call, Handle}`).
 * Options: `test` (node:test's by default), `label`, `dir`, `now`, `reference` (an engine
 * whose raw envelopes must agree, see above), `keys` (false for a build without the core's
 * `keys` feature: `needs: "keys"` cases then expect `not in this build`, never a skip). Returns the per-file tallies, filled as tests run.
 */
export function runConformance(engine, options = {}) {
  const { test = nodeTest, label = '', dir = CASES_DIR, now = NOW_MS, reference, keys = true } = options;
  const files = loadCases(dir);
  const tallies = new Map();
  const prefix = label ? `${label} ` : '';
  if (files.length === 0) {
    test(`${prefix}conformance: case files present in ${path.relative(ROOT, dir)}`, () => {
      assert.fail(`no *.json case file in ${dir}`);
    });
  }
  for (const { file, cases } of files) {
    const tally = { passed: 0, failed: 0, exact: 0, masked: 0 };
    tallies.set(file, tally);
    for (const c of cases) {
      test(`${prefix}${file}:${c.name}`, () => {
        try {
          const got = answers(engine, c.plain, now);
          const want = expectations(c.exact, keys);
          if (got.length > want.length) {
            // A build without keys: the first call must fail and stop the case.
            checkEnvelope(want[0], got[0].text, got[0].what);
            assert.fail(`expected the case to stop after ${want.length} answer(s), got ${got.length}`);
          }
          got.forEach(({ what, text }, k) => checkEnvelope(want[k], text, what));
          if (got.length !== want.length) {
            // Only a failed open stops early, and then it must have been expected.
            assert.fail(`the open failed, but ${want.length - got.length} step(s) were to follow: ${got.at(-1).text}`);
          }
          if (reference) {
            const ref1 = answers(reference, c.plain, now);
            const ref2 = answers(reference, c.plain, now);
            assert.equal(got.length, ref1.length, 'the reference engine answered a different number of times');
            got.forEach(({ what, text }, k) => {
              tally[sameAsReference(text, ref1[k].text, ref2[k].text, what)]++;
            });
          }
          tally.passed++;
        } catch (err) {
          tally.failed++;
          throw err;
        }
      });
    }
  }
  after(() => {
    for (const [file, t] of tallies) {
      const compared = reference ? ` (vs reference: ${t.exact} envelopes identical, ${t.masked} compared outside random parts)` : '';
      console.log(`${prefix}conformance ${file}: ${t.passed} passed, ${t.failed} failed${compared}`);
    }
  });
  return tallies;
}
