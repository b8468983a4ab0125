'use strict';
/**
 * The batteries: a client that performs the HTTP with `fetch` (the global one, or any
 * injected `fetch`-compatible function: undici, a test double). Every protocol decision is the
 * core's: the token manager decides when to fetch a token (one fetch in flight however many
 * concurrent requests: callers share one promise), the retry advice decides what to do after
 * each attempt, paging and polling follow the core's links. This file only sends, waits and
 * hands answers back.
 */

const TRANSPORT_CODES = {
  timeout: ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'],
  connect: ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'],
};

/** How a `fetch` rejection failed: `timeout`, `connect`, `tls` or `other`. */
function transportKind(err) {
  if (err?.name === 'TimeoutError') return 'timeout';
  const code = String(err?.cause?.code ?? err?.code ?? '');
  if (TRANSPORT_CODES.timeout.includes(code)) return 'timeout';
  if (TRANSPORT_CODES.connect.includes(code)) return 'connect';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_OSSL)/.test(code)) return 'tls';
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

module.exports = function makeClient(api, errors, signAssertionExternal) {
  const { TokenManager, SigningKey, ExternalKey } = api;

  function invalid(message) {
    return new errors.ValidationError(message, { code: 'invalid_argument' });
  }

  function aborted(err) {
    return new errors.TransportError('the request was aborted by the caller', { code: 'transport_error', cause: err });
  }

  class Client {
    #fetch; #now; #timeoutMs; #profile; #assertion; #sign; #manager; #retryPolicy; #tokenWaitMs; #fetching = null;

    /**
     * @param {object} options see `client.d.ts`
     */
    constructor(options) {
      if (!options || typeof options !== 'object') throw invalid('new Client(options): options is an object');
      const { clientId, key, externalKey, sign, profile, environment, quality, scope, fetch, timeoutMs = 30_000,
        retryPolicy, tokenManager, assertion = {}, now = Date.now, tokenWaitMs = 60_000 } = options;
      if (typeof clientId !== 'string' || clientId.trim() === '') throw invalid('clientId is the Chaman client id (a non-empty string)');
      this.#fetch = fetch ?? globalThis.fetch;
      if (typeof this.#fetch !== 'function') throw invalid('no fetch: pass options.fetch (Node 20 has a global fetch)');
      if (typeof now !== 'function') throw invalid('now is a function returning Unix milliseconds');
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw invalid('timeoutMs is a positive number of milliseconds');
      this.#now = now;
      this.#timeoutMs = timeoutMs;
      this.#tokenWaitMs = tokenWaitMs;
      let p;
      if (profile) {
        api.validateProfile(profile);
        p = { ...profile };
      } else {
        p = api.flaProfile(environment ?? 'production', quality ?? 'employer');
      }
      if (scope !== undefined) p.scope = scope;
      this.#profile = Object.freeze(p);
      this.#assertion = { ...assertion, clientId, audience: p.audience };
      if (key instanceof SigningKey) {
        this.#sign = (signOptions) => api.signAssertionAsync(key, this.#assertion, signOptions);
      } else if (externalKey instanceof ExternalKey && typeof sign === 'function') {
        this.#sign = (signOptions) => signAssertionExternal(externalKey, sign, this.#assertion, signOptions);
      } else {
        throw invalid('give key (a SigningKey) or externalKey (an ExternalKey) with sign (signingInput) => Promise<Buffer>');
      }
      // Validates the assertion options once, now, rather than at the first token fetch.
      api.prepareAssertion(new ExternalKey('RS256'), this.#assertion, { jti: 'check', now: 0 });
      this.#manager = new TokenManager(tokenManager);
      this.#retryPolicy = retryPolicy;
    }

    /** The profile in use (token URL, audience, API base URL, scope). */
    get profile() { return this.#profile; }

    /** The token manager (its state; for diagnostics). */
    get tokenManager() { return this.#manager; }

    /**
     * A usable access token: the cached one, or one fetched now. Concurrent callers share one
     * token request.
     */
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

    /**
     * One token fetch. Never rejects: an answer (good or bad) goes to the manager, read by the
     * next poll; a failure before sending (the signer threw) resolves as that error, for every
     * caller waiting on this fetch.
     */
    async #fetchToken(ticket, signal) {
      try {
        const assertion = await this.#sign({ now: this.#manager.assertionTime(this.#now()) });
        const request = api.tokenRequest(this.#profile.tokenUrl, assertion.compact, this.#profile.scope ?? null);
        let response;
        try {
          response = await this.#send(request, signal);
        } catch (err) {
          this.#manager.handleTransportError(ticket, transportKind(err), this.#now());
          return;
        }
        this.#manager.handleResponse(ticket, response, this.#now());
      } catch (err) {
        if (!(err instanceof errors.TransportError || err instanceof errors.TokenError)) {
          // Signing failed (an external signer threw): end the fetch so that callers do not wait
          // for its timeout. The core has no "abandon" yet; a transport failure backs off.
          try { this.#manager.handleTransportError(ticket, 'other', this.#now()); } catch { /* recorded */ }
          return err instanceof errors.CareerProError ? err
            : new errors.SigningError(`the assertion could not be made: ${err?.message ?? err}`, { code: 'signing_failed', cause: err });
        }
      }
      return null;
    }

    async #send(request, signal) {
      const timeout = AbortSignal.timeout(this.#timeoutMs);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      const res = await this.#fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? undefined,
        signal: combined,
        redirect: 'manual',
      });
      const body = Buffer.from(await res.arrayBuffer());
      const headers = [];
      res.headers.forEach((value, name) => headers.push([name, value]));
      return { status: res.status, headers, body };
    }

    /** Sends an API call with retries and one token refresh; returns `{ request, response }`. */
    async #call(spec, options = {}) {
      const method = (spec?.method ?? 'GET').toUpperCase();
      const attempt = { method, idempotent: spec?.idempotent ?? undefined, number: 1, tokenRefreshed: false };
      for (;;) {
        const token = await this.accessToken(options);
        const request = api.apiRequest(spec, this.#profile.apiBaseUrl, token.secret, options.traceId ?? null);
        let outcome;
        try {
          outcome = { response: await this.#send(request, options.signal) };
        } catch (err) {
          if (options.signal?.aborted) throw aborted(err);
          outcome = { transport: transportKind(err) };
        }
        const advice = api.adviseRetry(attempt, outcome, { policy: this.#retryPolicy, now: Math.floor(this.#now() / 1000) });
        switch (advice.kind) {
          case 'success':
            return { request, response: api.parseApiResponse(request, outcome.response, Math.floor(this.#now() / 1000)) };
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
        const next = api.nextPageRequest(this.#profile.apiBaseUrl, request, response, token.secret);
        if (!next) return;
        ({ request, response } = await this.#call({ method: 'GET', path: next.url, headers: spec.headers }, options));
      }
    }

    /** Every item of every page of a collection (an async iterator). */
    async *items(spec, options = {}) {
      for await (const page of this.pages(spec, options)) yield* page.items();
    }

    /**
     * Polls the `Location` of a `201`/`202` answer until the result is there; resolves with
     * it, or throws (`PollTimeoutError`, the server's error).
     */
    async poll(accepted, plan, options = {}) {
      const nowS = () => Math.floor(this.#now() / 1000);
      const poller = new api.Poller(this.#profile.apiBaseUrl, accepted, plan ?? null, nowS());
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

    [Symbol.for('nodejs.util.inspect.custom')]() {
      return this.toString();
    }
  }

  return { Client, transportKind };
};
