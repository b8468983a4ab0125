// The sandbox server: one loopback HTTP server routing to the token endpoint (oidc-provider plus
// the platform rules), the FLA API stand-in, and the admin API that injects faults.
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

import { loadClients } from './clients.mjs';
import { installClock, setClockOffset, clockOffset, nowSec, httpDate } from './clock.mjs';
import { createProvider, platformCheck, decodeAssertion, OAuthError, ALL_ALGORITHMS, STRICT_ALGORITHMS } from './token.mjs';
import { handleApi } from './api.mjs';
import { problem, blankProblem, PROBLEM_FOR_STATUS } from './problems.mjs';

export const TOKEN_PATH = '/REST/oauth/v5/token';
export const API_PATH = '/REST/federalLearningAccount/v1';
export const TRAINING_PROVIDER_API_PATH = '/REST/federalLearningAccount/trainingProvider/v1';
export const ADMIN_PATH = '/__admin';
const BODY_LIMIT = 1024 * 1024;
const LOG_LIMIT = 1000;
const FAULT_STATUSES = [429, 500, 502, 503, 504];

/**
 * Start the sandbox. Options: port (0 = free port), host (127.0.0.1), clientsDir, strict,
 * algorithms, tokenLifetime (s), clockOffset (s), clockTolerance (s), faults (array), cors.
 * Resolves to { urls, close(), state }.
 */
export async function startSandbox(options = {}) {
  const host = options.host ?? '127.0.0.1';
  const clients = loadClients(options.clientsDir);
  const strict = Boolean(options.strict);
  const algorithms = options.algorithms ?? (strict ? STRICT_ALGORITHMS : ALL_ALGORITHMS);
  for (const alg of algorithms) {
    if (!ALL_ALGORITHMS.includes(alg)) throw new Error(`unsupported algorithm ${alg} (known: ${ALL_ALGORITHMS.join(', ')})`);
  }
  const clockTolerance = options.clockTolerance ?? 15;
  const cors = Boolean(options.cors);
  const initial = {
    tokenLifetime: options.tokenLifetime ?? 3600,
    clockOffset: options.clockOffset ?? 0,
    faults: options.faults ?? [],
  };

  installClock();
  const state = {
    tokenLifetime: initial.tokenLifetime,
    tokens: new Map(),
    trainings: new Map(),
    nextTrainingId: 1,
    faults: [],
    nextFaultId: 1,
    requests: [],
    nextRequestSeq: 1,
  };
  setClockOffset(initial.clockOffset);
  for (const f of initial.faults) state.faults.push(normaliseFault(f, state));

  let handler = null;
  const server = createServer((req, res) => {
    handler(req, res).catch((err) => {
      process.stderr.write(`sandbox: internal error: ${err.stack ?? err}\n`);
      if (!res.headersSent) sendProblem(res, problem('internalServerError'));
      else res.destroy();
    });
  });
  // The provider needs its issuer, which needs the port: listen first, then build the rest.
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address();
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const urls = {
    base_url: base,
    token_url: `${base}${TOKEN_PATH}`,
    api_url: `${base}${API_PATH}`,
    training_provider_api_url: `${base}${TRAINING_PROVIDER_API_PATH}`,
    admin_url: `${base}${ADMIN_PATH}`,
  };
  const provider = createProvider({ issuer: base, tokenPath: TOKEN_PATH, clients, algorithms, clockTolerance, state, cors });
  const providerCallback = provider.callback();
  const checkOptions = { clients, tokenUrl: urls.token_url, issuer: base, algorithms, strict, clockTolerance };

  handler = async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url, base);
    const incomingTrace = req.headers['belgov-trace-id'];
    const traceId = typeof incomingTrace === 'string' && incomingTrace.length > 0 && incomingTrace.length <= 36
      ? incomingTrace : randomUUID();
    res.setHeader('BelGov-Trace-Id', traceId);
    res.setHeader('Date', httpDate());
    if (cors && req.headers.origin) {
      // Opt-in (--cors) for browser tests of the WASM package; the platform itself is not
      // documented to allow cross-origin calls.
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Expose-Headers', 'BelGov-Trace-Id, Location, Retry-After, Date, WWW-Authenticate, X-Sandbox-Illustrative');
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
        res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'Authorization, Content-Type, BelGov-Trace-Id');
        res.setHeader('Access-Control-Max-Age', '600');
        res.statusCode = 204;
        return res.end();
      }
    }

    const entry = {
      seq: state.nextRequestSeq++,
      time: new Date(started).toISOString(),
      method: req.method,
      path: url.pathname,
      query: url.search,
      headers: redactHeaders(req.headers),
      trace_id: traceId,
    };
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.duration_ms = Date.now() - started;
    });

    let body;
    try {
      body = await readBody(req);
    } catch {
      return sendProblem(res, problem('payloadTooLarge', { limit: BODY_LIMIT }));
    }

    if (url.pathname === ADMIN_PATH || url.pathname.startsWith(`${ADMIN_PATH}/`)) {
      return handleAdmin(req, res, url, body);
    }
    state.requests.push(entry);
    if (state.requests.length > LOG_LIMIT) state.requests.shift();

    const fault = takeFault(req.method, url.pathname);
    if (fault) {
      entry.fault = fault.id;
      if (fault.delay_ms > 0) await new Promise((r) => setTimeout(r, fault.delay_ms));
      if (fault.status) return sendFault(res, fault, url);
    }

    if (url.pathname === TOKEN_PATH) {
      entry.kind = 'token';
      return handleToken(req, res, body, entry);
    }
    for (const [prefix, kind, apiBase] of [
      [API_PATH, 'employer', urls.api_url],
      [TRAINING_PROVIDER_API_PATH, 'trainingProvider', urls.training_provider_api_url],
    ]) {
      if (url.pathname === prefix || url.pathname.startsWith(`${prefix}/`)) {
        entry.kind = 'api';
        if (body.length > 0) entry.body = preview(body);
        res.setHeader('X-Sandbox-Illustrative', 'true');
        const out = handleApi({
          req, base: kind, baseUrl: apiBase, subpath: url.pathname.slice(prefix.length), url, body, state, clients,
        });
        const token = state.tokens.get((req.headers.authorization ?? '').replace(/^Bearer +/i, ''));
        if (token) entry.client_id = token.clientId;
        return send(res, out);
      }
    }
    return sendProblem(res, problem('resourceNotFound', { detail: `No resource at ${url.pathname} (token endpoint: ${TOKEN_PATH}; APIs: ${API_PATH}, ${TRAINING_PROVIDER_API_PATH})` }));
  };

  async function handleToken(req, res, body, entry) {
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, { error: 'invalid_request', error_description: 'the token endpoint accepts POST only (RFC 6749 §3.2)' });
    }
    const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    let form = null;
    if (ctype === 'application/x-www-form-urlencoded') {
      form = new URLSearchParams(body.toString('utf8'));
      entry.form = Object.fromEntries([...form].filter(([k]) => k !== 'client_assertion'));
      const assertion = form.get('client_assertion');
      if (assertion) {
        try {
          const { header, claims } = decodeAssertion(assertion);
          entry.assertion = { header, claims };
          if (typeof claims.iss === 'string') entry.client_id = claims.iss;
        } catch { entry.assertion = 'undecodable'; }
      }
      try {
        ({ form } = platformCheck(form, checkOptions));
      } catch (err) {
        if (!(err instanceof OAuthError)) throw err;
        res.setHeader('Cache-Control', 'no-store');
        return sendJson(res, err.status, { error: err.error, error_description: err.description });
      }
    }
    // oidc-provider reads an already-consumed body from req.body (documented fallback).
    req.body = form ? form.toString() : body.toString('latin1');
    return new Promise((resolve) => {
      res.on('finish', resolve);
      res.on('close', resolve);
      providerCallback(req, res);
    });
  }

  function handleAdmin(req, res, url, body) {
    const sub = url.pathname.slice(ADMIN_PATH.length) || '/';
    let input = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: 'admin request body must be JSON' });
      }
    }
    const route = `${req.method} ${sub}`;
    try {
      switch (route) {
        case 'GET /':
          return sendJson(res, 200, {
            urls,
            strict,
            cors,
            algorithms,
            clock_offset: clockOffset(),
            server_time: nowSec(),
            token_lifetime: state.tokenLifetime,
            faults: state.faults,
            clients: [...clients.values()].map((c) => ({
              client_id: c.clientId, quality: c.quality, scopes: c.scopes,
              enterprise_number: c.enterpriseNumber, mandates: [...c.mandates], file: c.file,
            })),
          });
        case 'GET /faults':
          return sendJson(res, 200, { faults: state.faults });
        case 'POST /faults': {
          const list = Array.isArray(input) ? input : [input];
          const added = list.map((f) => normaliseFault(f, state));
          state.faults.push(...added);
          return sendJson(res, 201, Array.isArray(input) ? { faults: added } : added[0]);
        }
        case 'DELETE /faults':
          state.faults = [];
          return send(res, { status: 204 });
        case 'POST /token-lifetime':
          state.tokenLifetime = positiveInt(input.seconds, 'seconds', 1);
          return sendJson(res, 200, { token_lifetime: state.tokenLifetime });
        case 'POST /clock-offset':
          if (typeof input.seconds !== 'number' || !Number.isFinite(input.seconds)) throw new Error('seconds must be a number (may be negative)');
          setClockOffset(input.seconds);
          return sendJson(res, 200, { clock_offset: clockOffset(), server_time: nowSec() });
        case 'POST /expire-tokens': {
          const now = nowSec();
          let n = 0;
          for (const t of state.tokens.values()) {
            if (t.exp > now && (!input.client_id || t.clientId === input.client_id)) { t.exp = now; n += 1; }
          }
          return sendJson(res, 200, { expired: n });
        }
        case 'POST /reset':
          state.faults = initial.faults.map((f) => normaliseFault(f, state));
          state.tokenLifetime = initial.tokenLifetime;
          setClockOffset(initial.clockOffset);
          state.requests = [];
          state.trainings = new Map();
          return sendJson(res, 200, { reset: true });
        case 'GET /requests': {
          const since = Number(url.searchParams.get('since') ?? 0);
          return sendJson(res, 200, { requests: state.requests.filter((r) => r.seq > since) });
        }
        case 'DELETE /requests':
          state.requests = [];
          return send(res, { status: 204 });
        default:
          return sendJson(res, 404, { error: `no admin route ${route}`, routes: ADMIN_ROUTES });
      }
    } catch (err) {
      return sendJson(res, 400, { error: err.message });
    }
  }

  function takeFault(method, path) {
    const i = state.faults.findIndex((f) => path.startsWith(f.path_prefix) && (!f.method || f.method === method));
    if (i < 0) return null;
    const fault = state.faults[i];
    if (fault.remaining !== null) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) state.faults.splice(i, 1);
    }
    return fault;
  }

  function sendFault(res, fault, url) {
    const headers = {};
    let retryAfterSec;
    // After a delay the answer leaves later: date it then, so Retry-After's date form stays
    // retry_after (at most +1 by rounding up) seconds ahead of the Date header.
    res.setHeader('Date', httpDate());
    if (fault.retry_after !== undefined) {
      retryAfterSec = fault.retry_after;
      headers['Retry-After'] = fault.retry_after_form === 'date'
        ? new Date(Math.ceil((Date.now() + retryAfterSec * 1000) / 1000) * 1000).toUTCString()
        : String(retryAfterSec);
    }
    if (fault.malformed_body) {
      res.writeHead(fault.status, { ...headers, 'Content-Type': 'application/problem+json' });
      return res.end('{"type":"urn:problem-type:belgif:'); // truncated on purpose
    }
    if (fault.body_format === 'text') {
      res.writeHead(fault.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(`sandbox fault ${fault.status}\n`);
    }
    if (fault.body_format === 'oauth') {
      const error = fault.status === 429 || fault.status === 503 ? 'temporarily_unavailable' : 'server_error';
      return send(res, { status: fault.status, body: { error, error_description: `sandbox fault ${fault.id}` }, headers });
    }
    const name = PROBLEM_FOR_STATUS[fault.status];
    const body = name
      ? problem(name, { detail: `Fault injected by the sandbox (fault ${fault.id}) on ${url.pathname}`, ...(retryAfterSec !== undefined ? { retryAfterSec } : {}) })
      : blankProblem(fault.status, 'Gateway Timeout', `Fault injected by the sandbox (fault ${fault.id})`);
    return send(res, { status: fault.status, body, headers, problem: true });
  }

  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  let closing = null;
  const close = () => {
    closing ??= new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections?.();
      setTimeout(() => { for (const s of sockets) s.destroy(); }, 500).unref();
    });
    return closing;
  };

  return { urls, close, state, server };
}

const ADMIN_ROUTES = [
  'GET /__admin', 'GET|POST|DELETE /__admin/faults', 'POST /__admin/token-lifetime {seconds}',
  'POST /__admin/clock-offset {seconds}', 'POST /__admin/expire-tokens {client_id?}', 'POST /__admin/reset',
  'GET|DELETE /__admin/requests [?since=seq]',
];

function positiveInt(v, name, min) {
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}`);
  return v;
}

/** Validate a fault description (admin API or --fault) and give it an id. */
export function normaliseFault(f, state) {
  if (!f || typeof f !== 'object' || Array.isArray(f)) throw new Error('a fault is a JSON object');
  const known = ['path_prefix', 'method', 'status', 'retry_after', 'retry_after_form', 'count', 'delay_ms', 'malformed_body', 'body_format'];
  for (const k of Object.keys(f)) if (!known.includes(k)) throw new Error(`unknown fault property ${k} (known: ${known.join(', ')})`);
  const fault = { id: state.nextFaultId++, path_prefix: f.path_prefix ?? '/' };
  if (typeof fault.path_prefix !== 'string' || !fault.path_prefix.startsWith('/')) throw new Error('path_prefix must start with /');
  if (f.method !== undefined) fault.method = String(f.method).toUpperCase();
  if (f.status !== undefined) {
    if (!FAULT_STATUSES.includes(f.status)) throw new Error(`status must be one of ${FAULT_STATUSES.join(', ')}`);
    fault.status = f.status;
  }
  fault.delay_ms = f.delay_ms ?? 0;
  if (!Number.isInteger(fault.delay_ms) || fault.delay_ms < 0 || fault.delay_ms > 60000) throw new Error('delay_ms must be an integer from 0 to 60000');
  if (!fault.status && fault.delay_ms === 0) throw new Error('a fault needs a status or a delay_ms');
  // retry_after: whole seconds, sent as `Retry-After: N`, or as an HTTP-date N s ahead with
  // retry_after_form "date"; the shorthand "date" means 2 s in the date form. 429 defaults to 1 s.
  let ra = f.retry_after;
  let form = f.retry_after_form ?? 'seconds';
  if (ra === 'date') { ra = 2; form = 'date'; }
  if (ra === undefined && fault.status === 429) ra = 1;
  if (ra !== undefined) {
    if (!Number.isInteger(ra) || ra < 0) throw new Error('retry_after must be a whole number of seconds, or "date"');
    if (form !== 'seconds' && form !== 'date') throw new Error('retry_after_form must be "seconds" or "date"');
    fault.retry_after = ra;
    fault.retry_after_form = form;
  }
  if (f.count === null || f.count === 'unlimited') fault.remaining = null;
  else {
    fault.remaining = f.count ?? 1;
    if (!Number.isInteger(fault.remaining) || fault.remaining < 1) throw new Error('count must be an integer ≥ 1, or null for unlimited');
  }
  fault.malformed_body = Boolean(f.malformed_body);
  fault.body_format = f.body_format ?? 'problem';
  if (!['problem', 'oauth', 'text'].includes(fault.body_format)) throw new Error('body_format must be problem, oauth or text');
  return fault;
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > BODY_LIMIT) throw new Error('too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function redactHeaders(headers) {
  const out = { ...headers };
  if (out.authorization !== undefined) {
    const scheme = String(out.authorization).split(' ')[0];
    out.authorization = `${scheme} <redacted>`;
  }
  if (out.cookie !== undefined) out.cookie = '<redacted>';
  return out;
}

function preview(body) {
  const text = body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
  }
}

function send(res, { status, body, headers = {}, problem: isProblem }) {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  if (body === undefined) {
    res.statusCode = status;
    return res.end();
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': isProblem ? 'application/problem+json' : 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  return res.end(text);
}

function sendJson(res, status, body) {
  return send(res, { status, body });
}

function sendProblem(res, p) {
  return send(res, { status: p.status, body: p, problem: true });
}
