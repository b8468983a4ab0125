// Cloudflare Workers (workerd via miniflare): the `workerd` entry, whose .wasm import is a
// compiled module; POST the smoke environment, get the checks back.
import * as m from '../../pkg/workerd.js';
import * as slim from '../../pkg/slim/workerd.js';
import { smoke } from '../smoke.mjs';

export default {
  async fetch(request) {
    const env = await request.json();
    const mod = new URL(request.url).pathname === '/slim' ? slim : m;
    const checks = await smoke(mod, env);
    return Response.json({ runtime: 'workerd', checks });
  },
};
