// Deno: the `web` entry, initialised with `await init()` (which fetches the .wasm by file URL).
// Usage: deno run --allow-read --allow-net=127.0.0.1 deno-smoke.mjs <pkg dir> <env json file>
const [pkg, envFile] = Deno.args;
const m = await import(new URL(`file://${pkg}/${Deno.env.get('CAREERPRO_ENTRY') ?? 'web.js'}`).href);
const t0 = performance.now();
await m.default();
const initMs = performance.now() - t0;
const { smoke } = await import('../smoke.mjs');
const checks = await smoke(m, JSON.parse(await Deno.readTextFile(envFile)));
console.log(JSON.stringify({ runtime: `deno ${Deno.version.deno}`, initMs, checks }));
