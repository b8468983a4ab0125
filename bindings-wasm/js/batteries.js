// careerpro-fla-wasm: the host-side half of the binding, in JavaScript, shared by every entry
// point (web, node, bundler, workerd). `batteries(native, errors)` takes the wasm-bindgen module
// and the error classes and returns the JavaScript additions:
//
// - typed errors: registers the factory that turns the module's error payloads into the
//   classes of errors.js (the Node binding's hierarchy);
// - WebCrypto signing: a `CryptoKey` signs through the core's external-signer path
//   (prepareAssertion -> crypto.subtle.sign -> finish), so RSA need not run in WASM;
// - `Client`: the fetch-based client of the Node binding (same options and methods). Every
//   protocol decision is the core's (token manager, retry advice, paging, polling).

function batteries(native, errors) {
  const { TokenManager, ExternalKey, ApiResponse } = native;
  const SigningKey = native.SigningKey; // absent from the slim build

  const invalid = (message) => new errors.ValidationError(message, { code: 'invalid_argument' });
  const isSigningKey = (k) => typeof SigningKey === 'function' && k instanceof SigningKey;

  // wasm-bindgen checks class arguments with a plain Error ("expected instance of …"): answer a
  // typed error instead, like every other bad input.
  const needs = (ok, what) => { if (!ok) throw invalid(`expected ${what}`); };
  const signAssertion = SigningKey && function signAssertion(key, options, signOptions) {
    needs(isSigningKey(key), 'a SigningKey (signAssertionAsync also takes WebCrypto keys)');
    return native.signAssertion(key, options, signOptions);
  };
  function prepareAssertion(key, options, signOptions) {
    needs(key instanceof ExternalKey, 'an ExternalKey');
    return native.prepareAssertion(key, options, signOptions);
  }
  function nextPageRequest(baseUrl, previous, page, accessToken, traceId) {
    needs(page instanceof ApiResponse, 'the ApiResponse of the previous page');
    return native.nextPageRequest(baseUrl, previous, page, accessToken, traceId);
  }
  class Poller extends native.Poller {
    constructor(baseUrl, accepted, plan, now) {
      needs(accepted instanceof ApiResponse, 'the ApiResponse of a 201/202 answer');
      super(baseUrl, accepted, plan, now);
    }
  }
  if (native.Certificate && !native.Certificate.guarded) {
    for (const name of ['matchesKey', 'checkKey']) {
      const method = native.Certificate.prototype[name];
      native.Certificate.prototype[name] = function (key) {
        needs(isSigningKey(key), 'a SigningKey');
        return method.call(this, key);
      };
    }
    native.Certificate.guarded = true;
  }

  // --- WebCrypto ---------------------------------------------------------------------------

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
    throw new errors.KeyLoadError(
      `a WebCrypto key of type ${a ? a.name : typeof cryptoKey} cannot sign JWS; use RSASSA-PKCS1-v1_5 or RSA-PSS with SHA-256/384/512, or ECDSA on P-256, P-384 or P-521`,
      { code: 'key_unsupported' });
  }

  function subtle() {
    const s = globalThis.crypto && globalThis.crypto.subtle;
    if (!s) throw new errors.KeyLoadError('WebCrypto (crypto.subtle) is not available in this runtime', { code: 'key_unsupported' });
    return s;
  }

  function pemToDer(text) {
    const m = /-----BEGIN PRIVATE KEY-----([\s\S]*?)-----END PRIVATE KEY-----/.exec(text.replace(/\\n/g, '\n'));
    if (!m) {
      throw new errors.KeyLoadError(
        'importCryptoKey takes PKCS#8 PEM ("BEGIN PRIVATE KEY"), PKCS#8 DER or a private JWK; load other formats with SigningKey.fromBytes (full build)',
        { code: 'key_format_unrecognized' });
    }
    const bin = atob(m[1].replace(/\s+/g, ''));
    const der = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) der[i] = bin.charCodeAt(i);
    return der;
  }

  /**
   * Imports a private key into WebCrypto (non-extractable by default): PKCS#8 PEM or DER, or a
   * private JWK. `algorithm`: the JWS algorithm it will sign with (default `RS256`; a JWK's `crv`
   * decides for EC).
   */
  async function importCryptoKey(input, algorithm, { extractable = false } = {}) {
    let alg = algorithm;
    const isJwk = input && typeof input === 'object' && !(input instanceof Uint8Array) && !(input instanceof ArrayBuffer);
    if (!alg && isJwk && input.kty === 'EC') alg = { 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' }[input.crv];
    alg = alg || 'RS256';
    const params = WEBCRYPTO[alg];
    if (!params) throw invalid(`unknown algorithm ${JSON.stringify(alg)}`);
    const importParams = params.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: params.namedCurve }
      : { name: params.name, hash: params.hash };
    try {
      if (isJwk) {
        const jwk = { ...input };
        delete jwk.alg; delete jwk.use; delete jwk.key_ops;
        return await subtle().importKey('jwk', jwk, importParams, extractable, ['sign']);
      }
      const der = typeof input === 'string' ? pemToDer(input) : input;
      return await subtle().importKey('pkcs8', der, importParams, extractable, ['sign']);
    } catch (e) {
      if (e instanceof errors.CareerProError) throw e;
      throw new errors.KeyLoadError(`WebCrypto refused the key for ${alg}: ${e && e.message}`, { code: 'key_malformed', cause: e });
    }
  }

  /** A signer `(signingInput) => Promise<Uint8Array>` over a WebCrypto private key. */
  function webCryptoSigner(cryptoKey) {
    const alg = webCryptoAlgorithm(cryptoKey);
    return async (signingInput) => new Uint8Array(await subtle().sign(WEBCRYPTO[alg], cryptoKey, signingInput));
  }

  /**
   * Signs with a key the host holds: prepares the assertion, awaits `sign(signingInput)`, and
   * finishes it (the signature is checked, and verified when the key's public half is known).
   */
  async function signAssertionExternal(externalKey, sign, options, signOptions) {
    if (typeof sign !== 'function') {
      throw invalid('the external signer must be a function (signingInput: Uint8Array) => Promise<Uint8Array>');
    }
    const unsigned = prepareAssertion(externalKey, options, signOptions);
    let signature;
    try {
      signature = await sign(new TextEncoder().encode(unsigned.signingInput));
    } catch (err) {
      throw new errors.SigningError(`the external signer failed: ${err?.message ?? String(err)}`, { code: 'signing_failed', cause: err });
    }
    if (signature instanceof ArrayBuffer) signature = new Uint8Array(signature);
    if (!(signature instanceof Uint8Array)) {
      throw new errors.SigningError('the external signer must resolve to a Uint8Array or ArrayBuffer', { code: 'external_signature_invalid' });
    }
    return unsigned.finish(signature);
  }

  /**
   * Signs an assertion with a `SigningKey` (in WASM, full build) or a WebCrypto `CryptoKey`
   * (signed by the runtime: the Node binding's worker thread becomes the runtime's own crypto).
   */
  async function signAssertionAsync(key, options, signOptions) {
    if (isSigningKey(key)) return native.signAssertion(key, options, signOptions);
    if (isCryptoKey(key)) {
      const external = new ExternalKey(webCryptoAlgorithm(key));
      try {
        return await signAssertionExternal(external, webCryptoSigner(key), options, signOptions);
      } finally {
        external.free();
      }
    }
    throw invalid('the key must be a SigningKey or a WebCrypto CryptoKey (or use signAssertionExternal)');
  }

  // --- the client ----------------------------------------------------------------------------

  /** How a `fetch` rejection failed: `timeout`, `connect`, `tls` or `other`. */
  function transportKind(err) {
    if (err?.name === 'TimeoutError') return 'timeout';
    const code = String(err?.cause?.code ?? err?.code ?? '');
    if (/TIMEOUT|ETIMEDOUT/.test(code)) return 'timeout';
    if (/^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED)$/.test(code)) return 'connect';
    if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) return 'tls';
    // Browsers, Deno and workerd say only "TypeError: Failed to fetch" / "error sending request".
    if (err?.name === 'TypeError') return 'connect';
    return 'other';
  }

  function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, Math.max(0, ms));
      function onAbort() { clearTimeout(timer); reject(signal.reason); }
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  const aborted = (err) => new errors.TransportError('the request was aborted by the caller', { code: 'transport_error', cause: err });

  /** `{status, headers, body}` from a fetch `Response`. */
  async function responseFromFetch(res) {
    const headers = [];
    res.headers.forEach((value, name) => headers.push([name, value]));
    return { status: res.status, headers, body: new Uint8Array(await res.arrayBuffer()) };
  }

  class Client {
    #fetch; #now; #timeoutMs; #profile; #assertion; #sign; #manager; #retryPolicy; #tokenWaitMs; #fetching = null;

    /**
     * Options as the Node binding's: `clientId`; `key` (a SigningKey, or here also a WebCrypto
     * CryptoKey) or `externalKey` + `sign`; `profile` or `environment` + `quality`; `scope`,
     * `fetch`, `timeoutMs`, `retryPolicy`, `tokenManager`, `assertion`, `tokenWaitMs`, `now`.
     */
    constructor(options) {
      if (!options || typeof options !== 'object') throw invalid('new Client(options): options is an object');
      const { clientId, key, externalKey, sign, profile, environment, quality, scope, fetch, timeoutMs = 30_000,
        retryPolicy, tokenManager, assertion = {}, now = Date.now, tokenWaitMs = 60_000 } = options;
      if (typeof clientId !== 'string' || clientId.trim() === '') throw invalid('clientId is the Chaman client id (a non-empty string)');
      // Browsers throw "Illegal invocation" when fetch is called with another `this`.
      this.#fetch = fetch ?? (globalThis.fetch && ((url, init) => globalThis.fetch(url, init)));
      if (typeof this.#fetch !== 'function') throw invalid('no fetch: pass options.fetch');
      if (typeof now !== 'function') throw invalid('now is a function returning Unix milliseconds');
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid('timeoutMs is a positive number of milliseconds');
      this.#now = now;
      this.#timeoutMs = timeoutMs;
      this.#tokenWaitMs = tokenWaitMs;
      let p;
      if (profile) {
        native.validateProfile(profile);
        p = { ...profile };
      } else {
        p = native.flaProfile(environment ?? 'production', quality ?? 'employer');
      }
      if (scope !== undefined) p.scope = scope;
      this.#profile = Object.freeze(p);
      this.#assertion = { ...assertion, clientId, audience: p.audience };
      if (isSigningKey(key)) {
        this.#sign = (signOptions) => native.signAssertion(key, this.#assertion, signOptions);
      } else if (isCryptoKey(key)) {
        const external = new ExternalKey(webCryptoAlgorithm(key));
        const signer = webCryptoSigner(key);
        this.#sign = (signOptions) => signAssertionExternal(external, signer, this.#assertion, signOptions);
      } else if (externalKey instanceof ExternalKey && typeof sign === 'function') {
        this.#sign = (signOptions) => signAssertionExternal(externalKey, sign, this.#assertion, signOptions);
      } else {
        throw invalid('give key (a SigningKey or a WebCrypto CryptoKey) or externalKey (an ExternalKey) with sign (signingInput) => Promise<Uint8Array>');
      }
      // Validates the assertion options once, now, rather than at the first token fetch.
      const probe = new ExternalKey('RS256');
      try { native.prepareAssertion(probe, this.#assertion, { jti: 'check', now: 0 }).free(); } finally { probe.free(); }
      this.#manager = new TokenManager(tokenManager);
      this.#retryPolicy = retryPolicy;
    }

    /** The profile in use (token URL, audience, API base URL, scope). */
    get profile() { return this.#profile; }

    /** The token manager (its state; for diagnostics). */
    get tokenManager() { return this.#manager; }

    /** A usable access token: the cached one, or one fetched now (one fetch shared by all). */
    async accessToken(options = {}) {
      const deadline = this.#now() + this.#tokenWaitMs;
      for (;;) {
        const now = this.#now();
        const action = this.#manager.poll(now);
        switch (action.kind) {
          case 'use_token':
            return action.token;
          case 'fail':
            throw action.error;
          case 'fetch_token':
            this.#fetching = this.#fetchToken(action.ticket, options.signal);
            await this.#throwLocalFailure(this.#fetching);
            break;
          case 'wait':
            if (action.reason === 'fetch_in_flight' && this.#fetching) {
              await this.#throwLocalFailure(this.#fetching);
            } else if (action.until > deadline) {
              throw this.#manager.lastError ?? new errors.TokenError(
                `no token before the ${this.#tokenWaitMs} ms budget: the token endpoint asks to wait until ${new Date(action.until).toISOString()}`,
                { code: 'token_endpoint_error', retryable: true });
            } else {
              await sleep(action.until - now, options.signal).catch((e) => { throw aborted(e); });
            }
            break;
          default:
            throw new errors.CareerProError(`unexpected token manager action ${action.kind}`);
        }
      }
    }

    async #throwLocalFailure(fetching) {
      const failure = await fetching;
      if (failure) throw failure;
    }

    // One token fetch. Never rejects: the answer goes to the manager (read by the next poll); a
    // failure before sending (the signer threw) resolves as that error for every waiting caller.
    async #fetchToken(ticket, signal) {
      try {
        const assertion = await this.#sign({ now: this.#manager.assertionTime(this.#now()) });
        const request = native.tokenRequest(this.#profile.tokenUrl, assertion.compact, this.#profile.scope ?? null);
        assertion.free();
        let response;
        try {
          response = await this.#send(request, signal);
        } catch (err) {
          this.#manager.handleTransportError(ticket, transportKind(err), this.#now());
          return null;
        }
        this.#manager.handleResponse(ticket, response, this.#now());
      } catch (err) {
        if (!(err instanceof errors.TransportError || err instanceof errors.TokenError)) {
          // Signing failed: end the fetch so that callers do not wait for its timeout.
          try { this.#manager.handleTransportError(ticket, 'other', this.#now()); } catch { /* recorded */ }
          return err instanceof errors.CareerProError ? err
            : new errors.SigningError(`the assertion could not be made: ${err?.message ?? err}`, { code: 'signing_failed', cause: err });
        }
      }
      return null;
    }

    async #send(request, signal) {
      const init = { method: request.method, headers: request.headers, body: request.body ?? undefined, redirect: 'manual' };
      if (typeof AbortSignal !== 'undefined' && AbortSignal.timeout) {
        const timeout = AbortSignal.timeout(this.#timeoutMs);
        init.signal = signal && AbortSignal.any ? AbortSignal.any([signal, timeout]) : (signal ?? timeout);
      }
      return responseFromFetch(await this.#fetch(request.url, init));
    }

    // Sends an API call with retries and one token refresh; returns { request, response }.
    async #call(spec, options = {}) {
      const method = (spec?.method ?? 'GET').toUpperCase();
      const attempt = { method, idempotent: spec?.idempotent ?? undefined, number: 1, tokenRefreshed: false };
      for (;;) {
        const token = await this.accessToken(options);
        const request = native.apiRequest(spec, this.#profile.apiBaseUrl, token.secret, options.traceId ?? null);
        let outcome;
        try {
          outcome = { response: await this.#send(request, options.signal) };
        } catch (err) {
          if (options.signal?.aborted) throw aborted(err);
          outcome = { transport: transportKind(err) };
        }
        const advice = native.adviseRetry(attempt, outcome, { policy: this.#retryPolicy, now: Math.floor(this.#now() / 1000) });
        switch (advice.kind) {
          case 'success':
            return { request, response: native.parseApiResponse(request, outcome.response, Math.floor(this.#now() / 1000)) };
          case 'retry':
            await sleep(advice.delayMs, options.signal).catch((e) => { throw aborted(e); });
            break;
          case 'refresh_token':
            this.#manager.invalidate(this.#now());
            attempt.tokenRefreshed = true;
            break;
          case 'give_up':
            throw advice.error;
          default:
            throw new errors.CareerProError(`unexpected retry advice ${advice.kind}`);
        }
        attempt.number += 1;
      }
    }

    /** An API call (`{ method, path, segments, query, json, body, headers, idempotent }`). */
    async request(spec, options) {
      return (await this.#call(spec, options)).response;
    }

    get(path, options = {}) { return this.request({ ...options, method: 'GET', path }, options); }
    post(path, json, options = {}) { return this.request({ ...options, method: 'POST', path, json }, options); }
    put(path, json, options = {}) { return this.request({ ...options, method: 'PUT', path, json }, options); }
    patch(path, json, options = {}) { return this.request({ ...options, method: 'PATCH', path, json }, options); }
    delete(path, options = {}) { return this.request({ ...options, method: 'DELETE', path }, options); }

    /** Every page of a collection, following the core's `next` links (an async iterator). */
    async *pages(spec, options = {}) {
      let { request, response } = await this.#call(spec, options);
      for (;;) {
        yield response;
        const token = await this.accessToken(options);
        const next = native.nextPageRequest(this.#profile.apiBaseUrl, request, response, token.secret);
        if (!next) return;
        ({ request, response } = await this.#call({ method: 'GET', path: next.url, headers: spec.headers }, options));
      }
    }

    /** Every item of every page of a collection (an async iterator). */
    async *items(spec, options = {}) {
      for await (const page of this.pages(spec, options)) yield* page.items();
    }

    /** Polls the `Location` of a `201`/`202` answer until the result is there. */
    async poll(accepted, plan, options = {}) {
      const nowS = () => Math.floor(this.#now() / 1000);
      const poller = new Poller(this.#profile.apiBaseUrl, accepted, plan ?? null, nowS());
      let step = poller.start((await this.accessToken(options)).secret, null, nowS());
      for (;;) {
        if (step.kind === 'done') return step.response;
        if (step.kind === 'give_up') throw step.error;
        await sleep(step.afterMs, options.signal).catch((e) => { throw aborted(e); });
        const token = (await this.accessToken(options)).secret;
        const request = poller.request(token);
        let response;
        try {
          response = await this.#send(request, options.signal);
        } catch (err) {
          throw new errors.TransportError(`polling ${poller.url} failed (${transportKind(err)})`, { code: 'transport_error', retryable: true, cause: err });
        }
        step = poller.handle(response, token, null, nowS());
      }
    }

    toString() {
      return `Client(${this.#assertion.clientId}, ${this.#profile.apiBaseUrl})`;
    }
  }

  /** Typed errors from the module: call once it is instantiated (the entry points do). */
  const installErrors = () => native.setErrorFactory(errors.fromPayload);

  return {
    installErrors, ...errors, signAssertion, prepareAssertion, nextPageRequest, Poller,
    webCryptoAlgorithm, importCryptoKey, webCryptoSigner, signAssertionExternal, signAssertionAsync,
    responseFromFetch, transportKind, Client,
  };
}

export { batteries };
