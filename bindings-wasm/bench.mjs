// careerpro-fla-wasm benchmark: package sizes, instantiate time, and signing a client assertion
// (+ building the token request) in-WASM vs WebCrypto vs `jose` vs the core compiled natively,
// all in the same run. Usage: node bench.mjs [--no-native] [--iterations N]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const PKG = path.join(HERE, 'pkg');
const KEYS = path.join(ROOT, 'tests/keys');
const args = process.argv.slice(2);
const N = Number(args[args.indexOf('--iterations') + 1]) || 300;
const native = !args.includes('--no-native');

const kb = (n) => (n / 1024).toFixed(1);
const table = (title, rows) => {
  console.log(`\n${title}\n`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  rows.forEach((r, j) => {
    console.log('| ' + r.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |');
    if (j === 0) console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  });
};

// --- sizes -----------------------------------------------------------------------------------
const sizeRows = [['build', 'file', 'raw KB', 'gzip -9 KB', 'brotli KB']];
for (const [build, file] of [
  ['full', 'wasm/web/careerpro_fla_wasm_bg.wasm'], ['full', 'wasm/web/careerpro_fla_wasm.js'],
  ['full', 'wasm/nodejs/careerpro_fla_wasm_bg.wasm'], ['full', 'wasm/bundler/careerpro_fla_wasm_bg.wasm'],
  ['slim', 'slim/wasm/web/careerpro_fla_wasm_bg.wasm'], ['slim', 'slim/wasm/web/careerpro_fla_wasm.js'],
  ['both', 'api/*.js'],
]) {
  const bytes = file.endsWith('*.js')
    ? Buffer.concat(readdirSync(path.join(PKG, path.dirname(file))).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(PKG, path.dirname(file), f))))
    : readFileSync(path.join(PKG, file));
  sizeRows.push([build, file, kb(bytes.length), kb(gzipSync(bytes, { level: 9 }).length),
    kb(brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length)]);
}
table('Sizes (wasm after wasm-opt -Oz; JS as generated)', sizeRows);

// --- instantiate -----------------------------------------------------------------------------
const probe = (wasm, glue) => `
  const { readFileSync } = await import('node:fs');
  const glue = await import(${JSON.stringify(glue)});
  const bytes = readFileSync(${JSON.stringify(wasm)});
  const t0 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const t1 = performance.now();
  glue.initSync({ module });
  const t2 = performance.now();
  console.log(JSON.stringify({ compile: t1 - t0, instantiate: t2 - t1 }));`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const instRows = [['build', 'compile ms (cold process)', 'instantiate ms (precompiled Module)', 'total ms']];
for (const [build, dir] of [['full', 'wasm/web'], ['slim', 'slim/wasm/web']]) {
  const runs = Array.from({ length: 7 }, () => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e',
    probe(path.join(PKG, dir, 'careerpro_fla_wasm_bg.wasm'), path.join(PKG, dir, 'careerpro_fla_wasm.js'))]).toString()));
  const c = median(runs.map((r) => r.compile)), i = median(runs.map((r) => r.instantiate));
  instRows.push([build, c.toFixed(2), i.toFixed(2), (c + i).toFixed(2)]);
}
table(`Instantiate (Node ${process.version}, median of 7 fresh processes)`, instRows);

// --- signing ---------------------------------------------------------------------------------
const m = await import(path.join(PKG, 'node.mjs'));
const jose = await import('jose');
const TOKEN_URL = 'https://services.socialsecurity.be/REST/oauth/v5/token';
const SCOPE = 'scope:sigedis:gestion:careerpro-federal-learning-account:employer';
const CLIENT = 'self_service_expeditor_12345';

async function time(iterations, fn) {
  for (let i = 0; i < Math.max(5, iterations / 10); i++) await fn();
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return median(samples);
}

let nativeUs = {};
if (native) {
  try {
    const out = execFileSync('cargo', ['run', '-q', '--release', '-p', 'careerpro-fla', '--example', 'bench_assertion', '--', KEYS, String(N)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }).toString();
    for (const line of out.trim().split('\n')) { const r = JSON.parse(line); nativeUs[r.case] = r.median_us; }
  } catch (e) {
    console.error(`native core benchmark unavailable: ${e.message}`);
  }
}

const cases = [
  ['RS256 RSA-2048', 'rsa2048.pkcs8.pem', 'RS256', N],
  ['RS256 RSA-4096', 'rsa4096.pkcs8.pem', 'RS256', Math.max(20, N / 6)],
  ['ES384 P-384', 'p384.pkcs8.pem', 'ES384', N],
  ['ES512 P-521', 'p521.pkcs8.pem', 'ES512', N],
];
const signRows = [['case', 'core native µs', 'in-WASM µs', 'WebCrypto (via WASM prepare/finish) µs', 'jose µs', 'in-WASM / native']];
for (const [name, file, alg, n] of cases) {
  const pem = readFileSync(path.join(KEYS, file), 'utf8');
  const key = m.SigningKey.fromBytes(pem);
  const opts = () => ({ clientId: CLIENT, audience: TOKEN_URL });
  const wasmUs = await time(n, () => key.tokenRequest(TOKEN_URL, opts(), SCOPE));
  let webUs = 'n/a';
  try {
    const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const params = alg.startsWith('RS') ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: { ES384: 'P-384', ES512: 'P-521' }[alg] };
    const ext = m.ExternalKey.webCrypto(await crypto.subtle.importKey('pkcs8', der, params, false, ['sign']), { algorithm: alg });
    webUs = (await time(n, async () => m.tokenRequest(TOKEN_URL, (await ext.signAssertion(opts())).assertion, SCOPE))).toFixed(0);
  } catch (e) { webUs = `n/a (${e.code || e.message})`; }
  const keyObject = createPrivateKey(pem);
  const joseUs = await time(n, async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new jose.SignJWT({ jti: crypto.randomUUID() }).setProtectedHeader({ alg, typ: 'JWT' })
      .setIssuer(CLIENT).setSubject(CLIENT).setAudience(TOKEN_URL).setIssuedAt(now).setExpirationTime(now + 300).sign(keyObject);
    return new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt, scope: SCOPE }).toString();
  });
  const nat = nativeUs[name];
  signRows.push([name, nat ? nat.toFixed(0) : 'n/a', wasmUs.toFixed(0), webUs, joseUs.toFixed(0), nat ? `${(wasmUs / nat).toFixed(1)}×` : 'n/a']);
}
table(`Sign one client assertion + build the token request (median µs, ${N} iterations; Node ${process.version}, same run)`, signRows);
