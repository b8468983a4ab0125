// The token endpoint: oidc-provider (an independently written OAuth 2.0 server) does client
// authentication with `private_key_jwt` (RFC 7523) and issues `client_credentials` tokens; the
// platform's stricter rules (PLATFORM.md §4) are checked here first, each with an
// `error_description` that names the rule, so a failing client learns what to fix.
import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

import { nowSec } from './clock.mjs';

export const ALL_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
export const STRICT_ALGORITHMS = ['RS256'];
export const MAX_ASSERTION_LIFETIME = 300;
const MAX_TOKENS = 100_000;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export class OAuthError extends Error {
  constructor(status, error, description) {
    super(description);
    this.status = status;
    this.error = error;
    this.description = description;
  }
}

/**
 * Build the oidc-provider instance. `state` is the live sandbox state (token lifetime, issued
 * tokens); `algorithms` the accepted client assertion algorithms.
 */
export function createProvider({ issuer, tokenPath, clients, algorithms, clockTolerance, state, cors = false }) {
  const scopes = new Set();
  for (const c of clients.values()) c.scopes.forEach((s) => scopes.add(s));

  // The provider signs nothing we use (no ID tokens), but it wants a key rather than its dev key.
  // RS256 because that is the clients' default id_token_signed_response_alg.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingJwk = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'sandbox' };

  const provider = new Provider(issuer, {
    clients: [...clients.values()].map((c) => ({
      client_id: c.clientId,
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: c.jwks },
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: c.scopes.join(' '),
    })),
    scopes: [...scopes],
    clientAuthMethods: ['private_key_jwt'],
    enabledJWA: { clientAuthSigningAlgValues: algorithms },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: false },
    },
    routes: { token: tokenPath },
    ttl: { ClientCredentials: () => state.tokenLifetime },
    clockTolerance,
    jwks: { keys: [signingJwk] },
    clientBasedCORS: () => cors,
    cookies: { keys: ['careerpro-fla-sandbox-not-secret'] },
  });
  // The sandbox sits behind its own loopback server, never behind a proxy.
  provider.proxy = false;

  // Keep oidc-provider's own reason (e.g. "client assertion tokens must only be used once") and
  // put it into error_description, which it otherwise leaves generic.
  provider.on('grant.error', (ctx, err) => {
    ctx.state.sandboxError = err;
  });
  provider.use(async (ctx, next) => {
    await next();
    const err = ctx.state.sandboxError;
    if (err && ctx.body && typeof ctx.body === 'object' && ctx.body.error && err.error_detail) {
      ctx.body = { ...ctx.body, error_description: `${ctx.body.error_description ?? ctx.body.error}: ${err.error_detail}` };
    }
  });

  provider.on('client_credentials.saved', (token) => {
    // Expired tokens are kept (to answer expiredAccessToken rather than invalidAccessToken), so
    // bound the registry by dropping the oldest.
    if (state.tokens.size >= MAX_TOKENS) state.tokens.delete(state.tokens.keys().next().value);
    const iat = token.iat ?? nowSec();
    state.tokens.set(token.jti, {
      clientId: token.clientId,
      scope: token.scope ?? '',
      iat,
      exp: token.exp ?? iat + token.expiration,
    });
  });

  return provider;
}

function decodeSegment(segment, what) {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
    return value;
  } catch {
    throw new OAuthError(401, 'invalid_client', `client_assertion ${what} is not base64url-encoded JSON object (RFC 7515 §7.1)`);
  }
}

/** Decode a compact JWS without verifying it (the provider verifies). */
export function decodeAssertion(assertion) {
  const parts = assertion.split('.');
  if (parts.length !== 3) {
    throw new OAuthError(401, 'invalid_client', 'client_assertion must be a compact JWS: three base64url parts separated by dots (RFC 7515 §7.1)');
  }
  return { header: decodeSegment(parts[0], 'header'), claims: decodeSegment(parts[1], 'payload') };
}

/**
 * The platform's rules on a token request, checked before oidc-provider sees it. Returns the
 * form to pass on (with the client's registered scopes filled in when none were asked for, the
 * platform's default), or throws an OAuthError.
 */
export function platformCheck(form, { clients, tokenUrl, issuer, algorithms, strict, clockTolerance }) {
  if (form.get('grant_type') !== 'client_credentials') return { form }; // oidc-provider answers
  const assertion = form.get('client_assertion');
  if (!assertion) {
    throw new OAuthError(401, 'invalid_client', 'client_assertion is required: this platform accepts only private_key_jwt client authentication (RFC 7523 §2.2), no client secret');
  }
  if (form.get('client_assertion_type') !== JWT_BEARER) {
    throw new OAuthError(401, 'invalid_client', `client_assertion_type must be ${JWT_BEARER}`);
  }
  const { header, claims } = decodeAssertion(assertion);

  if (!algorithms.includes(header.alg)) {
    const why = strict ? 'strict mode accepts RS256 only' : `accepted: ${algorithms.join(', ')}`;
    throw new OAuthError(401, 'invalid_client', `client_assertion alg ${JSON.stringify(header.alg)} is not accepted (${why})`);
  }

  const { iss, sub } = claims;
  if (typeof iss !== 'string' || iss === '') {
    throw new OAuthError(401, 'invalid_client', 'client_assertion iss must be the client id (RFC 7523 §3)');
  }
  if (sub !== iss) {
    throw new OAuthError(401, 'invalid_client', `client_assertion sub must equal iss (both the client id); got iss ${JSON.stringify(iss)}, sub ${JSON.stringify(sub)}`);
  }
  const formClientId = form.get('client_id');
  if (formClientId !== null && formClientId !== iss) {
    throw new OAuthError(401, 'invalid_client', 'client_id parameter differs from the client_assertion iss');
  }
  const client = clients.get(iss);
  if (!client) {
    throw new OAuthError(401, 'invalid_client', `unknown client ${JSON.stringify(iss)}: no client file registers it (check the client id shown in Chaman)`);
  }

  const { aud } = claims;
  const audOk = aud === tokenUrl || (Array.isArray(aud) && aud.length === 1 && aud[0] === tokenUrl);
  if (!audOk) {
    const hint = (aud === issuer || (Array.isArray(aud) && aud.includes(issuer)))
      ? ' (the issuer URL is not accepted here: the platform requires the token endpoint URL)'
      : '';
    throw new OAuthError(401, 'invalid_client', `client_assertion aud must be the token endpoint URL ${tokenUrl}; got ${JSON.stringify(aud)}${hint}`);
  }

  const now = nowSec();
  const { exp, iat, nbf, jti } = claims;
  if (typeof exp !== 'number') {
    throw new OAuthError(401, 'invalid_client', 'client_assertion exp is required (a NumericDate, Unix seconds)');
  }
  if (iat !== undefined && typeof iat !== 'number') {
    throw new OAuthError(401, 'invalid_client', 'client_assertion iat must be a NumericDate (Unix seconds)');
  }
  const lifetime = exp - (iat ?? now);
  if (lifetime > MAX_ASSERTION_LIFETIME) {
    throw new OAuthError(401, 'invalid_client', `client_assertion lifetime ${iat === undefined ? 'exp - now' : 'exp - iat'} = ${lifetime} s exceeds the platform maximum of ${MAX_ASSERTION_LIFETIME} s`);
  }
  if (exp <= now - clockTolerance) {
    throw new OAuthError(401, 'invalid_client', `client_assertion expired ${now - exp} s ago (exp ${exp}, server time ${now}); sign a fresh assertion for every token request, and check the clock`);
  }
  if (iat !== undefined && iat > now + clockTolerance) {
    throw new OAuthError(401, 'invalid_client', `client_assertion iat is ${iat - now} s in the future (server time ${now}); check the clock`);
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + clockTolerance)) {
    throw new OAuthError(401, 'invalid_client', 'client_assertion nbf must be a NumericDate not in the future');
  }
  if (typeof jti !== 'string' || jti === '') {
    throw new OAuthError(401, 'invalid_client', 'client_assertion jti is required: a fresh random value per assertion');
  }

  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const missing = requested.filter((s) => !client.scopes.includes(s));
  if (missing.length > 0) {
    throw new OAuthError(400, 'invalid_scope', `scope ${missing.join(' ')} is not granted to client ${iss} (its scopes: ${client.scopes.join(' ')})`);
  }
  const out = new URLSearchParams(form);
  if (requested.length === 0) {
    // Platform behaviour: no scope asked for → all of the client's default scopes.
    out.set('scope', client.scopes.join(' '));
  }
  return { form: out, client, header, claims };
}
