// --cors (opt-in, for browser tests): preflights answered, origin reflected, headers exposed.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { startServer, assertion, token } from './helpers.mjs';

const ORIGIN = 'http://localhost:8080';

test('--cors: token and API usable cross-origin; off by default', async () => {
  const on = await startServer(['--cors']);
  const off = await startServer([]);
  try {
    const pre = await fetch(`${on.urls.api_url}/employers/0884303369/trainings`, {
      method: 'OPTIONS',
      headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization,content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), ORIGIN);
    assert.equal(pre.headers.get('access-control-allow-headers'), 'authorization,content-type');

    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await assertion('employer', on.urls),
    });
    const tok = await fetch(on.urls.token_url, { method: 'POST', body: form, headers: { Origin: ORIGIN } });
    assert.equal(tok.status, 200);
    assert.equal(tok.headers.get('access-control-allow-origin'), ORIGIN);

    const call = await fetch(`${on.urls.api_url}/employers/0884303369/trainings`, {
      headers: { Origin: ORIGIN, Authorization: `Bearer ${await token('employer', on.urls)}` },
    });
    assert.equal(call.status, 200);
    assert.equal(call.headers.get('access-control-allow-origin'), ORIGIN);
    assert.match(call.headers.get('access-control-expose-headers'), /BelGov-Trace-Id/);

    const offCall = await fetch(`${off.urls.api_url}/employers/0884303369/trainings`, {
      headers: { Origin: ORIGIN, Authorization: `Bearer ${await token('employer', off.urls)}` },
    });
    assert.equal(offCall.headers.get('access-control-allow-origin'), null);
  } finally {
    await Promise.all([on.stop(), off.stop()]);
  }
});
