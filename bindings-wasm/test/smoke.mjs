// The smoke flow, runtime-agnostic (only fetch, WebCrypto and the package): load a key, get a
// token from the sandbox, call the FLA stand-in, survive a 429, and prove that bad input gives
// typed errors. Run by Node, Deno, workerd and Chromium; answers a list of named checks.
//
// `m`: the package module (already initialised); `env`: { urls (the sandbox URL JSON), client
// (the client file JSON), keyPem (its private key), ecKeyPem?, ecClient? }.
export async function smoke(m, env) {
  const checks = [];
  const check = (name, ok, detail = '') => { checks.push({ name, ok: Boolean(ok), detail: String(detail) }); };
  const admin = (path, body) => fetch(env.urls.admin_url + path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then((r) => r.json());
  const enterprise = env.client.enterprise_number;
  const trainings = `/employers/${enterprise}/trainings`;
  const common = {
    clientId: env.client.client_id, environment: env.urls.base_url, quality: env.client.quality,
    transport: { tokenWaitMs: 5000 },
  };
  const pkcs8 = (pem) => Uint8Array.from(atob(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '')), (c) => c.charCodeAt(0));

  try {
    // 1. A key loaded into WASM (full build; the slim build says it is not in it) and a WebCrypto
    // key signing through the external key (every build).
    const keys = [];
    try {
      const k = m.SigningKey.fromBytes(env.keyPem);
      check('wasm key loads', k.algorithm === 'RS256', k.algorithm);
      keys.push(['wasm', k]);
    } catch (e) {
      check('slim build: in-core keys are not in this build', e instanceof m.ValidationError && /not in this build/.test(e.message), e && e.message);
    }
    const ck = await crypto.subtle.importKey('pkcs8', pkcs8(env.keyPem), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
    check('WebCrypto key imports', m.webCryptoAlgorithm(ck) === 'RS256');
    keys.push(['webcrypto', m.ExternalKey.webCrypto(ck)]);

    for (const [kind, key] of keys) {
      const client = new m.Client({ ...common, key });
      // 2. A token from the sandbox's oidc-provider.
      const token = await client.accessToken();
      check(`${kind}: token from the sandbox`, typeof token.accessToken === 'string' && token.accessToken.length > 10 && token.tokenType === 'Bearer');
      check(`${kind}: token cached`, (await client.accessToken()).accessToken === token.accessToken);
      // 3. The FLA stand-in: create, then list, with a 429 + Retry-After in between.
      const created = await client.post(trainings, {
        ssin: '85073003328', name: `Forklift safety (${kind})`, startDate: '2025-03-03',
        endDate: '2025-03-04', durationHours: 14, formal: true,
      });
      check(`${kind}: POST creates (201 + Location)`, created.status === 201 && created.location, created.location);
      await admin('/faults', { path_prefix: '/REST/federalLearningAccount', method: 'GET', status: 429, retry_after: 1, count: 1 });
      const started = Date.now();
      const list = await client.get(trainings, { query: { page: '1', pageSize: '10' } });
      const waited = Date.now() - started;
      // (The sandbox's illustrative collection lists its items under `items`.)
      check(`${kind}: GET after a 429 succeeds`, list.status === 200 && list.json.items.length >= 1, `status ${list.status}`);
      check(`${kind}: the 429's Retry-After was honoured`, waited >= 900, `${waited} ms`);
      const log = await admin('/requests');
      // Faulted answers are logged before routing, so match on method and path.
      const entries = log.requests.filter((e) => e.method === 'GET' && e.path.endsWith('/trainings'));
      check(`${kind}: the sandbox saw 429 then 200`, entries.slice(-2).map((e) => e.status).join(',') === '429,200',
        entries.slice(-2).map((e) => e.status).join(','));
      // 4. An API error is a typed error with the problem details.
      try {
        await client.get(`/employers/${enterprise}/trainings/does-not-exist`);
        check(`${kind}: 404 is thrown`, false);
      } catch (e) {
        check(`${kind}: 404 is a ProblemError with its problem`,
          e instanceof m.ProblemError && e instanceof m.CareerProError && e.code === 'api_problem' && e.status === 404
            && e.type === 'urn:problem-type:belgif:resourceNotFound',
          `${e.name} ${e.code} ${e.status} ${e.problem?.type}`);
      }
      // Every page, through the responses' next links.
      let pages = 0, items = 0, total;
      for await (const page of client.pages({ method: 'GET', path: trainings, query: { pageSize: '1' } })) {
        pages += 1; items += page.json.items.length; total ??= page.total;
        if (pages > 50) break;
      }
      check(`${kind}: pages() follows next links`, pages === total && items === total && total >= 1, `${pages} pages, ${items} items, total ${total}`);
    }

    // 5. Bad input: typed errors, never a trap or an unhandled rejection.
    const bad = [
      ['unknown algorithm', () => new m.ExternalKey('HS256'), 'invalid_argument'],
      ['http token URL', () => m.tokenRequest('http://example.com/token', 'a.b.c'), 'url_invalid'],
      ['HTML token response', () => m.parseTokenResponse({ status: 502, headers: [['content-type', 'text/html']], body: '<html>bad gateway</html>' }), 'token_endpoint_error'],
      ['response not an object', () => m.parseApiResponse({ method: 'GET', url: 'https://a.example/x' }, 42), 'invalid_argument'],
      ['path escaping the base', () => m.apiRequest('https://a.example/api', 'tok', { method: 'GET', path: '../../etc' }), 'path_invalid'],
      ['bad SSIN', () => new m.Ssin('85.07.30-033.29'), 'ssin_invalid'],
      ['number for a string', () => m.tokenRequest(42, {}), 'invalid_argument'],
      ['a BigInt', () => new m.NssoNumber(10n), 'invalid_argument'],
    ];
    for (const [name, fn, code] of bad) {
      try { fn(); check(`bad input: ${name}`, false, 'no error'); } catch (e) {
        check(`bad input: ${name}`, e instanceof m.CareerProError && e.code === code, `${e && e.name} ${e && e.code} ${e && e.message}`);
      }
    }
    try {
      await new m.ExternalKey('RS256').signAssertion({ clientId: 'c', audience: 'https://a.example/t' }, async () => { throw new Error('HSM offline'); });
      check('bad input: a failing signer rejects', false);
    } catch (e) {
      check('bad input: a failing signer rejects with a typed error', e instanceof m.SigningError && e.code === 'signing_failed', e && e.code);
    }
  } catch (e) {
    check('smoke flow threw', false, `${e && e.name} ${e && e.code} ${e && e.message} ${e && e.stack}`);
  }
  return checks;
}
