// The FLA API stand-in. Authentication, scopes, mandates and problem details follow the
// platform (PLATFORM.md §1, §5). The RESOURCES ARE ILLUSTRATIVE: the official FLA contract is not
// public (PLATFORM.md §7), so `/employers/{enterpriseNumber}/trainings` and `/trainings` are
// invented for the sandbox, to exercise POST/201 Location, paging, 404, DELETE and badRequest.
import { enterpriseNumberProblem, ssinProblem, dateProblem } from './ids.mjs';
import { problem, blankProblem, issue } from './problems.mjs';
import { SCOPES } from './clients.mjs';
import { nowSec } from './clock.mjs';

export const ILLUSTRATIVE_NOTE = {
  illustrative: true,
  note: 'Illustrative resource of the careerpro-fla sandbox. NOT the official FLA contract, which is not public.',
};

const EMPLOYER_SCOPES = [SCOPES.employer, SCOPES.agent];
const TRAINING_PROVIDER_SCOPES = [SCOPES.training_provider];
const FIELDS = ['ssin', 'name', 'startDate', 'endDate', 'durationHours', 'formal'];

const json = (status, body, headers = {}) => ({ status, body, headers });
const fail = (p, headers = {}) => ({ status: p.status, body: p, headers, problem: true });

/** Check the bearer token (RFC 6750 §2.1). Returns { client, token, scopes } or a response. */
function authenticate(req, state, clients) {
  const header = req.headers.authorization;
  if (header === undefined || header === '') {
    return fail(problem('noAccessToken'), { 'WWW-Authenticate': 'Bearer realm="careerpro-fla-sandbox"' });
  }
  const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  const token = m && state.tokens.get(m[1]);
  if (!token) {
    const detail = m ? undefined : 'The Authorization header must be "Bearer <access token>" (RFC 6750 §2.1)';
    return fail(problem('invalidAccessToken', { detail }), { 'WWW-Authenticate': 'Bearer realm="careerpro-fla-sandbox", error="invalid_token"' });
  }
  if (token.exp <= nowSec()) {
    return fail(problem('expiredAccessToken'), {
      'WWW-Authenticate': 'Bearer realm="careerpro-fla-sandbox", error="invalid_token", error_description="The access token expired"',
    });
  }
  const client = clients.get(token.clientId);
  return { client, token, scopes: new Set(token.scope.split(' ').filter(Boolean)) };
}

/**
 * Handle a request under one of the API bases. `base` is 'employer' (…/federalLearningAccount/v1)
 * or 'trainingProvider' (…/trainingProvider/v1); `subpath` the rest of the path.
 */
export function handleApi({ req, base, baseUrl, subpath, url, body, state, clients }) {
  const auth = authenticate(req, state, clients);
  if (auth.status) return auth;
  const { client, scopes } = auth;

  const required = base === 'employer' ? EMPLOYER_SCOPES : TRAINING_PROVIDER_SCOPES;
  if (!required.some((s) => scopes.has(s))) {
    return fail(problem('missingScope', {
      detail: `The access token lacks a scope this API requires (one of: ${required.join(', ')})`,
      requiredScopes: required,
    }), { 'WWW-Authenticate': `Bearer realm="careerpro-fla-sandbox", error="insufficient_scope", scope="${required.join(' ')}"` });
  }

  let segments;
  try {
    segments = subpath.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return notFound(url); // malformed percent-encoding names no resource
  }
  let enterpriseNumber;
  let rest;
  if (base === 'employer') {
    if (segments[0] !== 'employers' || segments.length < 3 || segments[2] !== 'trainings') return notFound(url);
    enterpriseNumber = segments[1];
    const problemText = enterpriseNumberProblem(enterpriseNumber);
    if (problemText) {
      return fail(problem('badRequest', {
        issues: [issue(/^\d{10}$/.test(enterpriseNumber) ? 'invalidInput' : 'schemaViolation', {
          in: 'path', name: 'enterpriseNumber', value: enterpriseNumber, detail: `enterpriseNumber ${problemText}`,
        })],
      }));
    }
    const asEmployer = scopes.has(SCOPES.employer) && client.enterpriseNumber === enterpriseNumber;
    const asAgent = scopes.has(SCOPES.agent) && client.mandates.has(enterpriseNumber);
    if (!asEmployer && !asAgent) {
      const detail = scopes.has(SCOPES.agent)
        ? `Client ${client.clientId} has no mandate for enterprise ${enterpriseNumber}`
        : `Client ${client.clientId} may only act for its own enterprise ${client.enterpriseNumber}, not ${enterpriseNumber}`;
      return fail(problem('missingPermission', { detail }));
    }
    rest = segments.slice(3);
  } else {
    if (segments[0] !== 'trainings') return notFound(url);
    enterpriseNumber = client.enterpriseNumber;
    rest = segments.slice(1);
  }
  const collectionUrl = base === 'employer'
    ? `${baseUrl}/employers/${enterpriseNumber}/trainings`
    : `${baseUrl}/trainings`;
  const key = `${base}|${enterpriseNumber}`;
  if (!state.trainings.has(key)) state.trainings.set(key, new Map());
  const store = state.trainings.get(key);

  if (rest.length === 0) {
    if (req.method === 'GET') return list(store, url, collectionUrl);
    if (req.method === 'POST') return create(store, body, req, state, collectionUrl, enterpriseNumber);
    return methodNotAllowed('GET, POST');
  }
  if (rest.length === 1) {
    const item = store.get(rest[0]);
    if (req.method === 'GET') return item ? json(200, item) : notFound(url);
    if (req.method === 'DELETE') {
      if (!item) return notFound(url);
      store.delete(rest[0]);
      return { status: 204, body: undefined, headers: {} };
    }
    return methodNotAllowed('GET, DELETE');
  }
  return notFound(url);
}

function notFound(url) {
  return fail(problem('resourceNotFound', { detail: `No resource at ${url.pathname}` }));
}

function methodNotAllowed(allow) {
  return fail(blankProblem(405, 'Method Not Allowed', `Allowed methods: ${allow}`), { Allow: allow });
}

function list(store, url, collectionUrl) {
  const issues = [];
  const intParam = (name, dflt, min, max) => {
    const raw = url.searchParams.get(name);
    if (raw === null) return dflt;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      issues.push(issue('schemaViolation', { in: 'query', name, value: raw, detail: `${name} must be an integer from ${min} to ${max}` }));
      return dflt;
    }
    return Number(raw);
  };
  const page = intParam('page', 1, 1, 1_000_000);
  const pageSize = intParam('pageSize', 10, 1, 100);
  for (const name of url.searchParams.keys()) {
    if (name !== 'page' && name !== 'pageSize') {
      issues.push(issue('unknownInput', { in: 'query', name, value: url.searchParams.get(name), detail: `unknown query parameter ${name}` }));
    }
  }
  if (issues.length > 0) return fail(problem('badRequest', { issues }));

  const all = [...store.values()];
  const total = all.length;
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const link = (p) => `${collectionUrl}?page=${p}&pageSize=${pageSize}`;
  return json(200, {
    items: all.slice((page - 1) * pageSize, page * pageSize),
    total,
    page,
    pageSize,
    self: link(page),
    first: link(1),
    last: link(lastPage),
    ...(page > 1 ? { prev: link(Math.min(page - 1, lastPage)) } : {}),
    ...(page < lastPage ? { next: link(page + 1) } : {}),
    _sandbox: ILLUSTRATIVE_NOTE,
  });
}

function create(store, body, req, state, collectionUrl, enterpriseNumber) {
  const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (ctype !== 'application/json' && !ctype.endsWith('+json')) {
    return fail(problem('badRequest', {
      issues: [issue('schemaViolation', { in: 'header', name: 'Content-Type', value: req.headers['content-type'] ?? '', detail: 'the body must be application/json' })],
    }));
  }
  let input;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return fail(problem('badRequest', {
      issues: [issue('schemaViolation', { in: 'body', name: '', detail: `the body is not valid JSON (${e.message})` })],
    }));
  }
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return fail(problem('badRequest', {
      issues: [issue('schemaViolation', { in: 'body', name: '', detail: 'the body must be a JSON object' })],
    }));
  }
  const issues = validateTraining(input);
  if (issues.length > 0) return fail(problem('badRequest', { issues }));

  const id = String(state.nextTrainingId++);
  const training = {
    id,
    enterpriseNumber,
    ...Object.fromEntries(FIELDS.map((f) => [f, input[f]])),
    createdAt: new Date(Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    self: `${collectionUrl}/${id}`,
    _sandbox: ILLUSTRATIVE_NOTE,
  };
  store.set(id, training);
  return json(201, training, { Location: training.self });
}

function validateTraining(input) {
  const issues = [];
  const body = (kind, name, detail) => issues.push(issue(kind, { in: 'body', name, value: input[name], detail }));
  for (const name of Object.keys(input)) {
    if (!FIELDS.includes(name)) body('unknownInput', name, `unknown property ${name} (accepted: ${FIELDS.join(', ')})`);
  }
  for (const name of FIELDS) {
    if (input[name] === undefined || input[name] === null) {
      issues.push(issue('schemaViolation', { in: 'body', name, detail: `${name} is required` }));
    }
  }
  if (typeof input.ssin === 'string' || (input.ssin !== undefined && input.ssin !== null)) {
    const p = ssinProblem(input.ssin);
    if (p) body(typeof input.ssin === 'string' && /^\d{11}$/.test(input.ssin) ? 'invalidInput' : 'schemaViolation', 'ssin', `ssin ${p}`);
  }
  if (input.name !== undefined && input.name !== null
    && (typeof input.name !== 'string' || input.name.trim() === '' || input.name.length > 200)) {
    body('schemaViolation', 'name', 'name must be a non-empty string of at most 200 characters');
  }
  let datesOk = true;
  for (const name of ['startDate', 'endDate']) {
    if (input[name] === undefined || input[name] === null) { datesOk = false; continue; }
    const p = dateProblem(input[name]);
    if (p) { datesOk = false; body('schemaViolation', name, `${name} ${p}`); }
  }
  if (datesOk && input.endDate < input.startDate) {
    body('invalidInput', 'endDate', `endDate ${input.endDate} is before startDate ${input.startDate}`);
  }
  if (input.durationHours !== undefined && input.durationHours !== null
    && (typeof input.durationHours !== 'number' || !Number.isFinite(input.durationHours)
      || input.durationHours <= 0 || input.durationHours > 10000)) {
    body('schemaViolation', 'durationHours', 'durationHours must be a number of hours greater than 0 and at most 10000');
  }
  if (input.formal !== undefined && input.formal !== null && typeof input.formal !== 'boolean') {
    body('schemaViolation', 'formal', 'formal must be true or false');
  }
  return issues;
}
