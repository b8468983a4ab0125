// careerpro-fla-wasm: the host-side half of the binding, in JavaScript.
//
// - WebCrypto signing: a `CryptoKey` signs through the core's external-signer path
//   (prepareAssertion -> crypto.subtle.sign -> finishAssertion), so RSA need not run in WASM.
// - `Client`: a small fetch-based client (token cache through the core's TokenManager, retries
//   through the core's adviseRetry, 401 -> new token once). No protocol logic here: every
//   decision comes from the core.
//
// Shared by every entry point (web, node, bundler, workerd): `batteries(native)` takes the
// wasm-bindgen module and returns the JavaScript additions.

function batteries(native) {
  const {
    SigningKey, ExternalKey, TokenManager, prepareAssertion, finishAssertion,
    tokenRequest, apiRequest, parseApiResponse, adviseRetry, profile: resolveProfile,
  } = native;

  // The slim build has no SigningKey (WebCrypto and external signers only).
  const isSigningKey = (k) => typeof SigningKey === 'function' && k instanceof SigningKey;

  /** Whether `e` is an error thrown by this package (it carries a stable `.code`). */
  function isCareerProError(e) {
    return e instanceof Error && e.name === 'CareerProError' && typeof e.code === 'string';
  }

  /** `e instanceof CareerProError` works for every error the package throws. */
  class CareerProError extends Error {
    constructor(code, message) {
      super(message);
      this.name = 'CareerProError';
      this.code = code;
      this.retryable = false;
    }
    static [Symbol.hasInstance](e) {
      return isCareerProError(e);
    }
  }

  // JWS algorithm -> WebCrypto parameters (RFC 7518 §3; PSS salt = hash length, §3.5).
  const WEBCRYPTO = {
    RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    RS384: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
    RS512: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
    PS256: { name: 'RSA-PSS', hash: 'SHA-256', saltLength: 32 },
    PS384: { name: 'RSA-PSS', hash: 'SHA-384', saltLength: 48 },
    PS512: { name: 'RSA-PSS', hash: 'SHA-512', saltLength: 64 },
    ES256: { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' },
    ES384: { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' },
    ES512: { name: 'ECDSA', namedCurve: 'P-521', hash: 'SHA-512' },
  };

  function isCryptoKey(k) {
    return k != null && typeof k === 'object' && k.type === 'private'
      && k.algorithm != null && typeof k.algorithm.name === 'string' && !isSigningKey(k);
  }

  /** The JWS algorithm a WebCrypto private key signs with (`RS256`, `PS384`, `ES384`, …). */
  function webCryptoAlgorithm(cryptoKey) {
    const a = cryptoKey && cryptoKey.algorithm;
    const hash = a && a.hash && (a.hash.name || a.hash);
    const bits = { 'SHA-256': '256', 'SHA-384': '384', 'SHA-512': '512' };
    if (a && a.name === 'RSASSA-PKCS1-v1_5' && bits[hash]) return 'RS' + bits[hash];
    if (a && a.name === 'RSA-PSS' && bits[hash]) return 'PS' + bits[hash];
    if (a && a.name === 'ECDSA') {
      const alg = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[a.namedCurve];
      if (alg) return alg;
    }
    throw new CareerProError('key_unsupported',
      `a WebCrypto key of type ${a ? a.name : typeof cryptoKey} cannot sign JWS; use RSASSA-PKCS1-v1_5 or RSA-PSS with SHA-256/384/512, or ECDSA on P-256, P-384 or P-521`);
  }

  function subtle() {
    const s = globalThis.crypto && globalThis.crypto.subtle;
    if (!s) throw new CareerProError('key_unsupported', 'WebCrypto (crypto.subtle) is not available in this runtime');
    return s;
  }

  function pemToDer(text) {
    const m = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(text.replace(/\\n/g, '\n'));
    if (!m) {
      throw new CareerProError('key_format_unrecognized',
        'importCryptoKey takes PKCS#8 PEM ("BEGIN PRIVATE KEY"), PKCS#8 DER or a private JWK; load other formats with SigningKey.fromBytes');
    }
    const bin = atob(m[1].replace(/\s+/g, ''));
    const der = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) der[i] = bin.charCodeAt(i);
    return der;
  }

  /**
   * Imports a private key into WebCrypto (non-extractable by default): PKCS#8 PEM or DER, or a
   * private JWK object. `algorithm`: the JWS algorithm it will sign with (default: `RS256` for
   * RSA; for a JWK, from its `crv`).
   */
  async function importCryptoKey(input, algorithm, { extractable = false } = {}) {
    let alg = algorithm;
    if (!alg && input && typeof input === 'object' && input.kty === 'EC') {
      alg = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[input.crv];
    }
    alg = alg || 'RS256';
    const params = WEBCRYPTO[alg];
    if (!params) throw new CareerProError('invalid_argument', `unknown algorithm ${JSON.stringify(alg)}`);
    const importParams = params.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: params.namedCurve }
      : { name: params.name, hash: params.hash };
    try {
      if (input && typeof input === 'object' && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer)) {
        const jwk = { ...input };
        delete jwk.alg; delete jwk.use; delete jwk.key_ops;
        return await subtle().importKey('jwk', jwk, importParams, extractable, ['sign']);
      }
      const der = typeof input === 'string' ? pemToDer(input) : input;
      return await subtle().importKey('pkcs8', der, importParams, extractable, ['sign']);
    } catch (e) {
      if (isCareerProError(e)) throw e;
      throw new CareerProError('key_malformed', `WebCrypto refused the key for ${alg}: ${e && e.message}`);
    }
  }

  /**
   * Signs a client assertion with any kind of key: a `SigningKey` (in WASM), a WebCrypto
   * `CryptoKey` (signed by the runtime), or `{ algorithm, sign(bytes) => Promise<Uint8Array>,
   * externalKey? }` (a KMS, an HSM). Same options as `signAssertion`.
   */
  async function signAssertionAsync(key, options) {
    if (isSigningKey(key)) return native.signAssertion(key, options);
    if (isCryptoKey(key)) {
      const alg = webCryptoAlgorithm(key);
      const unsigned = prepareAssertion(alg, options);
      let signature;
      try {
        signature = await subtle().sign(WEBCRYPTO[alg], key, new TextEncoder().encode(unsigned.signingInput));
      } catch (e) {
        throw new CareerProError('signing_failed', `WebCrypto could not sign with the ${alg} key: ${e && e.message}`);
      }
      return finishAssertion(unsigned, new Uint8Array(signature));
    }
    if (key && typeof key.sign === 'function') {
      const ext = key.externalKey instanceof ExternalKey ? key.externalKey : undefined;
      const unsigned = ext ? ext.prepare(options) : prepareAssertion(key.algorithm, options);
      const signature = await key.sign(new TextEncoder().encode(unsigned.signingInput));
      return ext ? ext.finish(unsigned, signature) : finishAssertion(unsigned, signature);
    }
    throw new CareerProError('invalid_argument',
      'the key must be a SigningKey, a WebCrypto CryptoKey or { algorithm, sign(bytes) }');
  }

  /** `{status, headers, body}` from a fetch `Response`. */
  async function responseFromFetch(r) {
    return { status: r.status, headers: [...r.headers], body: new Uint8Array(await r.arrayBuffer()) };
  }

  function transportKind(e) {
    if (e && (e.name === 'TimeoutError' || e.name === 'AbortError')) return 'timeout';
    if (e && e.name === 'TypeError') return 'connect';
    return 'other';
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

  /**
   * A client for one Chaman account: `new Client({ clientId, key, environment, quality })` (or
   * `profile`, or `tokenUrl` + `apiBaseUrl`), then `await client.get(path)`, `post(path, json)`,
   * `request(spec)`. Options: `scope`, `fetch` (default the global), `timeoutMs` (30000),
   * `maxWaitMs` (longest wait for a token before throwing, 10000), `tokenManager` (config),
   * `retry` (policy), `assertion` (extra assertion options), `clock` (() => Unix ms).
   */
  class Client {
    #key; #fetch; #manager; #inflight = null;
    constructor(options = {}) {
      const o = options;
      if (!o.clientId) throw new CareerProError('invalid_argument', 'clientId is required: the id Chaman shows for the REST account');
      if (!o.key) throw new CareerProError('invalid_argument', 'key is required: a SigningKey, a CryptoKey or an external signer');
      this.clientId = o.clientId;
      this.#key = o.key;
      this.profile = o.profile || resolveProfile({
        environment: o.environment, quality: o.quality, scope: o.scope,
        tokenUrl: o.tokenUrl, audience: o.audience, apiBaseUrl: o.apiBaseUrl,
      });
      const f = o.fetch || globalThis.fetch;
      if (typeof f !== 'function') throw new CareerProError('invalid_argument', 'no fetch: pass options.fetch');
      // Browsers throw "Illegal invocation" when fetch is called with another `this`.
      this.#fetch = o.fetch ? o.fetch : (url, init) => globalThis.fetch(url, init);
      this.timeoutMs = o.timeoutMs ?? 30000;
      this.maxWaitMs = o.maxWaitMs ?? 10000;
      this.retry = o.retry;
      this.assertionOptions = o.assertion || {};
      this.clock = o.clock || (() => Date.now());
      this.#manager = new TokenManager(o.tokenManager);
    }

    /** The token manager (state, clock skew, last error). */
    get tokenManager() { return this.#manager; }

    async #send(req) {
      const init = { method: req.method, headers: req.headers, body: req.body };
      if (typeof AbortSignal !== 'undefined' && AbortSignal.timeout) init.signal = AbortSignal.timeout(this.timeoutMs);
      return responseFromFetch(await this.#fetch(req.url, init));
    }

    async #fetchToken(ticket) {
      let req;
      try {
        const now = this.#manager.assertionTime(this.clock());
        const assertion = await signAssertionAsync(this.#key, {
          ...this.assertionOptions, clientId: this.clientId, audience: this.profile.audience, now,
        });
        req = tokenRequest(this.profile.tokenUrl, assertion.compact, this.profile.scope);
      } catch (e) {
        // Nothing was sent: release the ticket so the next poll is not stuck behind it.
        try { this.#manager.handleTransportError(ticket, 'other', this.clock()); } catch { /* recorded */ }
        throw e;
      }
      let res;
      try {
        res = await this.#send(req);
      } catch (e) {
        return this.#manager.handleTransportError(ticket, transportKind(e), this.clock());
      }
      return this.#manager.handleResponse(ticket, res, this.clock());
    }

    /** A valid access token (cached; fetched when needed). */
    async accessToken() {
      for (;;) {
        const now = this.clock();
        const a = this.#manager.poll(now);
        if (a.action === 'use_token') return a.token.accessToken;
        if (a.action === 'fail') throw a.error;
        if (a.action === 'fetch_token') {
          const p = this.#fetchToken(a.ticket);
          this.#inflight = p;
          try { await p; } catch (e) { if (!e || !e.retryable) throw e; } finally { if (this.#inflight === p) this.#inflight = null; }
          continue;
        }
        if (a.reason === 'fetch_in_flight' && this.#inflight) {
          await this.#inflight.catch(() => {});
          continue;
        }
        if (a.until - now > this.maxWaitMs) {
          throw this.#manager.lastError
            || new CareerProError('transport_error', `no token before ${new Date(a.until).toISOString()} (${a.reason})`);
        }
        await sleep(a.until - now);
      }
    }

    /** Forgets the cached token (e.g. after an out-of-band revocation). */
    invalidateToken() { return this.#manager.invalidate(this.clock()); }

    /** Sends an API request (see `apiRequest` for `spec`) and answers an `ApiResponse`. */
    async request(spec) {
      let number = 1;
      let tokenRefreshed = false;
      for (;;) {
        const token = await this.accessToken();
        const req = apiRequest(this.profile.apiBaseUrl, token, spec);
        let outcome;
        try {
          outcome = await this.#send(req);
        } catch (e) {
          outcome = { transportError: transportKind(e) };
        }
        const nowS = Math.floor(this.clock() / 1000);
        if (outcome.status >= 200 && outcome.status < 300) return parseApiResponse(req.method, req.url, outcome, nowS);
        const advice = adviseRetry(
          { method: req.method, number, idempotent: spec.idempotent, tokenRefreshed }, outcome, this.retry, nowS);
        if (advice.advice === 'success') return parseApiResponse(req.method, req.url, outcome, nowS);
        if (advice.advice === 'give_up') throw advice.error;
        if (advice.advice === 'refresh_token_and_retry') {
          this.#manager.invalidate(this.clock());
          tokenRefreshed = true;
        } else {
          await sleep(advice.delayMs);
        }
        number += 1;
      }
    }

    get(path, spec = {}) { return this.request({ ...spec, method: 'GET', path }); }
    delete(path, spec = {}) { return this.request({ ...spec, method: 'DELETE', path }); }
    post(path, json, spec = {}) { return this.request({ ...spec, method: 'POST', path, json }); }
    put(path, json, spec = {}) { return this.request({ ...spec, method: 'PUT', path, json }); }
    patch(path, json, spec = {}) { return this.request({ ...spec, method: 'PATCH', path, json }); }

    /** Follows `next` links from `first` and yields every item. */
    async *items(path, spec = {}) {
      let req = { ...spec, method: 'GET', path };
      let res = await this.request(req);
      for (;;) {
        yield* res.items();
        const next = res.nextLink();
        if (!next) return;
        res = await this.request({ ...spec, method: 'GET', path: next });
      }
    }
  }

  // wasm-bindgen checks class arguments with a plain Error ("expected instance of …"): answer
  // a typed error instead, like every other bad input.
  const needs = (ok, what) => {
    if (!ok) throw new CareerProError('invalid_argument', `expected ${what}`);
  };
  const guardedSignAssertion = SigningKey && function signAssertion(key, options) {
    needs(isSigningKey(key), 'a SigningKey (use signAssertionAsync for WebCrypto and external keys)');
    return native.signAssertion(key, options);
  };
  if (native.Certificate && !native.Certificate.prototype.matchesKey.guarded) {
    const matchesKey = native.Certificate.prototype.matchesKey;
    native.Certificate.prototype.matchesKey = function (key) {
      needs(isSigningKey(key), 'a SigningKey');
      return matchesKey.call(this, key);
    };
    native.Certificate.prototype.matchesKey.guarded = true;
  }
  class Poller extends native.Poller {
    constructor(baseUrl, accepted, plan, now) {
      needs(accepted instanceof native.ApiResponse, 'the ApiResponse of a 201/202 answer');
      super(baseUrl, accepted, plan, now);
    }
  }

  return {
    CareerProError, isCareerProError, webCryptoAlgorithm, importCryptoKey, signAssertionAsync,
    responseFromFetch, Client, signAssertion: guardedSignAssertion, Poller,
  };
}

export { batteries };
