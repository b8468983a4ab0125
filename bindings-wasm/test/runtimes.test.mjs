// The smoke flow inside real runtimes: Deno (npm `deno`), Cloudflare's workerd (npm `miniflare`)
// and headless Chromium (Debian `chromium`, driven by `playwright-core`), each against the sandbox.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HERE, PKG, startSandbox, employer } from './helpers.mjs';

const DEV = path.resolve(HERE, '..');
let sandbox, env, envFile;
before(async () => {
  sandbox = await startSandbox();
  env = { urls: sandbox.urls, ...employer() };
  envFile = path.join(mkdtempSync(path.join(tmpdir(), 'cpf-wasm-')), 'env.json');
  writeFileSync(envFile, JSON.stringify(env));
});
after(async () => { await sandbox?.stop(); });

function assertChecks(result, min = 10) {
  const failed = result.checks.filter((c) => !c.ok);
  assert.deepEqual(failed, [], `${result.runtime}: ${JSON.stringify(failed, null, 1)}`);
  assert.ok(result.checks.length >= min, `${result.runtime}: only ${result.checks.length} checks`);
}

const run = (file, args, opts = {}) => new Promise((resolve, reject) => {
  execFile(file, args, { timeout: 120000, maxBuffer: 1 << 24, ...opts }, (err, stdout, stderr) => {
    if (err) reject(new Error(`${file} failed: ${err.message}\n${stderr}`)); else resolve(stdout);
  });
});

for (const [build, entry] of [['full', 'web.js'], ['slim', 'slim/web.js']]) {
  test(`Deno runs the smoke flow (${build})`, async () => {
    const deno = path.join(DEV, 'node_modules/.bin/deno');
    const out = await run(deno, ['run', '--quiet', '--allow-read', '--allow-env', '--allow-net=127.0.0.1',
      path.join(HERE, 'runtime/deno-smoke.mjs'), PKG, envFile], { env: { ...process.env, CAREERPRO_ENTRY: entry, NO_COLOR: '1' } });
    const result = JSON.parse(out.trim().split('\n').pop());
    assertChecks(result);
  });
}

test('workerd (miniflare) runs the smoke flow (full and slim)', async () => {
  const { Miniflare } = await import('miniflare');
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(HERE, 'runtime/worker.mjs'),
    modulesRoot: DEV,
    modulesRules: [{ type: 'ESModule', include: ['**/*.js', '**/*.mjs'] }, { type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2025-01-01',
  });
  try {
    for (const p of ['/', '/slim']) {
      const res = await mf.dispatchFetch(`http://localhost${p}`, { method: 'POST', body: JSON.stringify(env) });
      const result = await res.json();
      result.runtime += p;
      assertChecks(result);
    }
  } finally {
    await mf.dispose();
  }
});

// A missing /usr/bin/chromium fails this test (test.sh installs it); only an explicit
// CAREERPRO_SKIP_BROWSER=1 skips it.
const skipBrowser = process.env.CAREERPRO_SKIP_BROWSER === '1'
  && 'CAREERPRO_SKIP_BROWSER=1: the browser is NOT tested';
test('headless Chromium runs the smoke flow (full and slim)', { skip: skipBrowser }, async () => {
  assert.ok(existsSync('/usr/bin/chromium'), 'no /usr/bin/chromium: install Debian chromium '
    + '(bindings-wasm/test.sh does), or set CAREERPRO_SKIP_BROWSER=1 to skip this test knowingly');
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html', '.json': 'application/json' };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/env.json') { res.writeHead(200, { 'content-type': 'application/json' }); return res.end(JSON.stringify(env)); }
    const file = url.pathname === '/' ? path.join(HERE, 'runtime/page.html') : path.join(DEV, path.normalize(url.pathname));
    if (!file.startsWith(DEV) || !existsSync(file)) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  try {
    for (const entry of ['/pkg/web.js', '/pkg/slim/web.js']) {
      const page = await browser.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (msg) => { if (msg.type() === 'error') console.error('chromium console:', msg.text()); });
      await page.goto(`http://localhost:${server.address().port}/?entry=${entry}`);
      await page.waitForFunction(() => window.__result, null, { timeout: 60000 });
      const result = await page.evaluate(() => window.__result);
      result.runtime = `chromium ${entry}`;
      assertChecks(result);
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
});
