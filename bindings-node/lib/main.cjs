'use strict';
/**
 * careerpro-fla for Node.js: the Rust core (native addon, `../index.js`) plus the JS pieces
 * (typed errors, the fetch-based `Client`).
 *
 * Everything the addon exports is re-exported here, guarded so that whatever a caller passes
 * (a number for a string, a missing argument) ends as a typed `ValidationError`, never as a
 * bare napi error whose message could echo the value (a password, a token).
 */

const util = require('node:util');
const native = require('../index.js');
const errors = require('./errors.cjs');

native.setErrorFactory(errors.fromPayload);

/** A non-typed error from the addon (napi's argument conversion) as a `ValidationError`. */
function typed(err) {
  if (err instanceof errors.CareerProError) return err;
  const text = String(err?.message ?? '');
  // napi: "Failed to convert JavaScript value `Number 5 ` into rust type `String` on X.y".
  // The value is left out: it may be a secret passed in the wrong place.
  const m = /into rust type `([^`]+)`(?: on ([\w.]+))?/.exec(text);
  let message;
  if (m) {
    message = `an argument has the wrong type: expected ${m[1]}${m[2] ? ` for ${m[2]}` : ''}`;
  } else if (/^Value is none of these types/.test(text)) {
    message = `an argument has the wrong type: ${text.replace(/^Value is none of these types/, 'expected one of').replace(/,\s*$/, '')}`;
  } else {
    message = 'an argument has the wrong type or is missing (see the type declarations)';
  }
  // No `cause`: napi's own message (with the value) would show in util.inspect.
  return new errors.ValidationError(message, { code: 'invalid_argument' });
}

function guard(fn) {
  const guarded = function (...args) {
    let result;
    try {
      result = new.target ? Reflect.construct(fn, args, new.target) : fn.apply(this, args);
    } catch (err) {
      throw typed(err);
    }
    if (result && typeof result.then === 'function') {
      return result.then(undefined, (err) => { throw typed(err); });
    }
    return result;
  };
  Object.defineProperty(guarded, 'name', { value: fn.name });
  return guarded;
}

const INSPECT = util.inspect.custom;

/**
 * Guards a native class: its methods in place, its constructor and statics through a thin
 * constructor function sharing the prototype (so `instanceof` holds for every instance, also
 * those the addon returns), and gives it a redacted `util.inspect`.
 */
function guardClass(Class) {
  for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(Class.prototype))) {
    if (name === 'constructor' || typeof d.value !== 'function' || !d.configurable) continue;
    Object.defineProperty(Class.prototype, name, { ...d, value: guard(d.value) });
  }
  if (Object.hasOwn(Class.prototype, 'toString')) {
    Object.defineProperty(Class.prototype, INSPECT, {
      value: function inspect() { return `${Class.name} ${this.toString()}`; },
    });
  }
  function Guarded(...args) {
    if (!new.target) {
      throw new errors.ValidationError(`${Class.name} is a class: use new ${Class.name}(…)`, { code: 'invalid_argument' });
    }
    try {
      return Reflect.construct(Class, args, Class);
    } catch (err) {
      throw typed(err);
    }
  }
  Object.defineProperty(Guarded, 'name', { value: Class.name });
  Guarded.prototype = Class.prototype;
  for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(Class))) {
    if (typeof d.value !== 'function' || ['length', 'name', 'prototype'].includes(name)) continue;
    const method = guard(d.value.bind(Class));
    Object.defineProperty(method, 'name', { value: name });
    Guarded[name] = method;
  }
  return Guarded;
}

// The core's bridge (`call`, `Handle`: operations by name, JSON text in, the envelope
// `{"ok": …}` / `{"error": …}` out, errors as data rather than typed exceptions) is the engine
// interface the JS layer and the conformance suite drive, not part of the package's API.
const BRIDGE = new Set(['call', 'Handle']);

const api = {};
for (const [name, value] of Object.entries(native)) {
  if (name === 'setErrorFactory' || name.startsWith('__') || BRIDGE.has(name)) continue;
  if (typeof value !== 'function') {
    api[name] = value;
  } else if (/^[A-Z]/.test(name)) {
    api[name] = guardClass(value);
  } else {
    api[name] = guard(value);
  }
}

// `json` bodies are serialised with JS semantics (`toJSON`, `Date`, cycles refused) rather
// than converted value by value in the addon.
function withJsonText(spec) {
  if (!spec || typeof spec !== 'object' || spec.json === undefined) return spec;
  if (spec.body !== undefined && spec.body !== null) {
    throw new errors.ValidationError('give the body as json or as body text, not both', { code: 'invalid_argument' });
  }
  let body;
  try {
    body = JSON.stringify(spec.json);
  } catch (err) {
    throw new errors.ValidationError(`the JSON body cannot be serialised: ${err.message}`, { code: 'json_invalid', cause: err });
  }
  const { json, ...rest } = spec;
  return { ...rest, body };
}
for (const name of ['apiRequest', 'isIdempotent']) {
  const inner = api[name];
  api[name] = function (spec, ...rest) { return inner(withJsonText(spec), ...rest); };
  Object.defineProperty(api[name], 'name', { value: name });
}

/**
 * Signs an assertion with a key the host holds (WebCrypto, a KMS, an HSM): the core prepares
 * the signing input, `sign(signingInput: Buffer) => Promise<Buffer>` signs it, and the core
 * checks (and, with a known public key, verifies) the signature.
 */
async function signAssertionExternal(externalKey, sign, options, signOptions) {
  if (typeof sign !== 'function') {
    throw new errors.ValidationError('the external signer must be a function (signingInput: Buffer) => Promise<Buffer>', { code: 'invalid_argument' });
  }
  const unsigned = api.prepareAssertion(externalKey, options, signOptions);
  let signature;
  try {
    signature = await sign(Buffer.from(unsigned.signingInput, 'ascii'));
  } catch (err) {
    throw new errors.SigningError(`the external signer failed: ${err?.message ?? String(err)}`, { code: 'signing_failed', cause: err });
  }
  if (!(signature instanceof Uint8Array)) {
    throw new errors.SigningError('the external signer must resolve to a Buffer or Uint8Array', { code: 'external_signature_invalid' });
  }
  return unsigned.finish(Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength));
}

const { Client } = require('./client.cjs')(api, errors, signAssertionExternal);

module.exports = {
  ...api,
  ...errors,
  signAssertionExternal,
  Client,
};
