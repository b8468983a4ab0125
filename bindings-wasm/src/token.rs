//! The token endpoint (RFC 6749 §4.4 with RFC 7523 client authentication) and the token
//! manager state machine (times in Unix milliseconds, like `Date.now()`).

use careerpro_fla::token::{parse_token_response, token_request};
use careerpro_fla::token_manager::{Action, Handled, Ticket, TokenManager as Core};
use careerpro_fla::{TokenManagerConfig, TransportFailure};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

use crate::convert::{
    self, from_js, int, now_ms, now_s, opt_str_arg, request_js, set, str_arg, to_js,
};
use crate::error::{bad_argument, js, js_error, JsResult};
use crate::misc::number;
use crate::rng;

/// Builds the token request: a form-encoded `POST` with the client assertion (the compact
/// JWS) and the scope (`null`: the account's default scopes).
#[wasm_bindgen(js_name = tokenRequest, unchecked_return_type = "HttpRequest")]
pub fn token_request_js(
    #[wasm_bindgen(unchecked_param_type = "string")] token_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] assertion: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] scope: JsValue,
) -> JsResult<JsValue> {
    let token_url = str_arg(&token_url, "tokenUrl")?;
    let assertion = str_arg(&assertion, "assertion")?;
    let scope = opt_str_arg(&scope, "scope")?;
    Ok(request_js(&js(token_request(&token_url, &assertion, scope.as_deref()))?))
}

/// Reads the token endpoint's answer at `now` (Unix seconds, default the host clock): the
/// token, or a typed error (`InvalidClientError`, `TokenEndpointError`, …).
#[wasm_bindgen(js_name = parseTokenResponse)]
pub fn parse_token_response_js(
    #[wasm_bindgen(unchecked_param_type = "HttpResponse")] response: JsValue,
    now: Option<f64>,
) -> JsResult<AccessToken> {
    let response = convert::response(&response)?;
    Ok(AccessToken { inner: js(parse_token_response(&response, now_s(now)?))? })
}

/// A bearer access token. The value is only readable through `secret` and `authorization`;
/// `toString()` redacts it.
#[wasm_bindgen]
#[derive(Debug)]
pub struct AccessToken {
    inner: careerpro_fla::AccessToken,
}

#[wasm_bindgen]
impl AccessToken {
    /// A token obtained elsewhere: its value, when it was received (Unix seconds), its
    /// `expires_in` and scope.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
        issued_at: f64,
        expires_in: Option<f64>,
        #[wasm_bindgen(unchecked_param_type = "string | undefined | null")] scope: JsValue,
    ) -> JsResult<AccessToken> {
        let value = str_arg(&value, "value")?;
        let issued_at = int(Some(issued_at), "issuedAt", -(1 << 40), 1 << 40)?;
        let expires_in = expires_in
            .map(|e| int(Some(e), "expiresIn", 0, 1 << 40).map(|e| u64::try_from(e).unwrap_or(0)))
            .transpose()?;
        let scope = opt_str_arg(&scope, "scope")?;
        Ok(AccessToken {
            inner: careerpro_fla::AccessToken::new(value, issued_at, expires_in, scope),
        })
    }

    /// The token itself. Handle with care.
    #[wasm_bindgen(getter)]
    pub fn secret(&self) -> String {
        self.inner.secret().to_owned()
    }

    /// The `Authorization` header value: `Bearer <token>`.
    #[wasm_bindgen(getter)]
    pub fn authorization(&self) -> String {
        self.inner.authorization()
    }

    /// `Bearer`.
    #[wasm_bindgen(getter, js_name = tokenType)]
    pub fn token_type(&self) -> String {
        self.inner.token_type().to_owned()
    }

    /// When the response was parsed (Unix seconds).
    #[wasm_bindgen(getter, js_name = issuedAt)]
    pub fn issued_at(&self) -> f64 {
        number(self.inner.issued_at())
    }

    /// `expires_in` as the server sent it.
    #[wasm_bindgen(getter, js_name = expiresIn)]
    pub fn expires_in(&self) -> Option<f64> {
        self.inner.expires_in().map(|e| number(i64::try_from(e).unwrap_or(i64::MAX)))
    }

    /// Absolute expiry (Unix seconds).
    #[wasm_bindgen(getter, js_name = expiresAt)]
    pub fn expires_at(&self) -> Option<f64> {
        self.inner.expires_at().map(number)
    }

    /// The granted scopes, if listed.
    #[wasm_bindgen(getter)]
    pub fn scope(&self) -> Option<String> {
        self.inner.scope().map(str::to_owned)
    }

    /// Whether the token has expired at `now` (Unix seconds, default the host clock).
    #[wasm_bindgen(js_name = isExpired)]
    pub fn is_expired(&self, now: Option<f64>) -> JsResult<bool> {
        Ok(self.inner.is_expired(now_s(now)?))
    }

    /// `AccessToken(Bearer, [redacted], expires_at: …, scope: …)`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("{:?}", self.inner)
    }
}

/// The token cache and fetch scheduler for one client: `poll()` says what to do (use a token,
/// fetch one with a ticket, wait, or fail); the answer goes back through `handleResponse` or
/// `handleTransportError`. Times are Unix milliseconds, default `Date.now()`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct TokenManager {
    inner: Core,
}

#[wasm_bindgen]
impl TokenManager {
    /// `config`: any `TokenManagerConfig` fields (camelCase, or the snake_case of the scenario
    /// vectors); `seed`: the jitter seed (default random).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TokenManagerConfig | undefined | null")]
        config: JsValue,
        seed: Option<f64>,
    ) -> JsResult<TokenManager> {
        let config = config_of(&config)?;
        let seed = match seed {
            Some(s) => u64::try_from(int(Some(s), "seed", 0, 1 << 53)?).unwrap_or(0),
            None => rng::u64()?,
        };
        Ok(TokenManager { inner: js(Core::new(config, seed))? })
    }

    /// What to do at `now`: `{kind: "use_token", token}`, `{kind: "fetch_token", ticket}`,
    /// `{kind: "wait", until, reason}` or `{kind: "fail", error}`.
    #[wasm_bindgen(unchecked_return_type = "TokenAction")]
    pub fn poll(&mut self, now: Option<f64>) -> JsResult<JsValue> {
        let now = now_ms(now)?;
        let expires_at = self.inner.token_expires_at();
        Ok(match self.inner.poll(now) {
            Action::UseToken(token) => {
                let out = to_js(&json!({"kind": "use_token", "expiresAt": expires_at}));
                set(&out, "token", &AccessToken { inner: token.clone() }.into());
                out
            }
            Action::FetchToken { ticket } => {
                to_js(&json!({"kind": "fetch_token", "ticket": ticket.id()}))
            }
            Action::Wait { until, reason } => {
                to_js(&json!({"kind": "wait", "until": until, "reason": reason.as_str()}))
            }
            Action::Fail(e) => {
                let out = to_js(&json!({"kind": "fail"}));
                set(&out, "error", &js_error(&e));
                out
            }
        })
    }

    /// Feeds back the token endpoint's answer to fetch `ticket`: `"stored"` or `"ignored"`
    /// (stale ticket); a failed fetch throws its typed error.
    #[wasm_bindgen(js_name = handleResponse, unchecked_return_type = "'stored' | 'ignored'")]
    pub fn handle_response(
        &mut self,
        ticket: f64,
        #[wasm_bindgen(unchecked_param_type = "HttpResponse")] response: JsValue,
        now: Option<f64>,
    ) -> JsResult<String> {
        let response = convert::response(&response)?;
        let ticket = ticket_of(ticket)?;
        let handled = js(self.inner.handle_response(ticket, now_ms(now)?, &response))?;
        Ok(handled_str(handled))
    }

    /// Feeds back that fetch `ticket` got no answer (`timeout`, `connect`, `tls`, `other`):
    /// throws the recorded `TransportError`, or answers `"ignored"` for a stale ticket.
    #[wasm_bindgen(js_name = handleTransportError, unchecked_return_type = "'stored' | 'ignored'")]
    pub fn handle_transport_error(
        &mut self,
        ticket: f64,
        #[wasm_bindgen(unchecked_param_type = "'timeout' | 'connect' | 'tls' | 'other'")]
        kind: JsValue,
        now: Option<f64>,
    ) -> JsResult<String> {
        let kind = TransportFailure::parse(&str_arg(&kind, "kind")?)
            .ok_or_else(|| bad_argument("kind must be timeout, connect, tls or other"))?;
        let ticket = ticket_of(ticket)?;
        let handled = js(self.inner.handle_transport_error(ticket, now_ms(now)?, kind))?;
        Ok(handled_str(handled))
    }

    /// Drops the cached token after an API refused it (401); answers whether one was dropped.
    pub fn invalidate(&mut self, now: Option<f64>) -> JsResult<bool> {
        Ok(self.inner.invalidate(now_ms(now)?))
    }

    /// The `now` (Unix **seconds**) for the next assertion: the host clock corrected by the
    /// skew estimated from the token endpoint's `Date` header.
    #[wasm_bindgen(js_name = assertionTime)]
    pub fn assertion_time(&self, now: Option<f64>) -> JsResult<f64> {
        Ok(number(self.inner.assertion_time(now_ms(now)?)))
    }

    /// The token endpoint's clock minus ours, seconds; absent before any `Date` header.
    #[wasm_bindgen(getter, js_name = clockSkew)]
    pub fn clock_skew(&self) -> Option<f64> {
        self.inner.clock_skew().map(number)
    }

    /// When the cached token expires (Unix ms); absent without a token.
    #[wasm_bindgen(getter, js_name = tokenExpiresAt)]
    pub fn token_expires_at(&self) -> Option<f64> {
        self.inner.token_expires_at().map(number)
    }

    /// The ticket of the fetch in flight, if any.
    #[wasm_bindgen(getter, js_name = inFlight)]
    pub fn in_flight(&self) -> Option<f64> {
        self.inner.in_flight().map(|t| number(i64::try_from(t.id()).unwrap_or(i64::MAX)))
    }

    /// The last failure, until a token is stored.
    #[wasm_bindgen(getter, js_name = lastError, unchecked_return_type = "Error | null")]
    pub fn last_error(&self) -> JsValue {
        self.inner.last_error().map_or(JsValue::NULL, js_error)
    }

    /// The cached token if usable at `now` (Unix ms); does not start a fetch.
    #[wasm_bindgen(js_name = currentToken)]
    pub fn current_token(&self, now: Option<f64>) -> JsResult<Option<AccessToken>> {
        Ok(self.inner.current_token(now_ms(now)?).map(|inner| AccessToken { inner }))
    }

    /// The state, never the token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        format!("{:?}", self.inner)
    }
}

fn ticket_of(t: f64) -> JsResult<Ticket> {
    let id = int(Some(t), "ticket", 0, 1 << 53)?;
    Ok(Ticket::from_id(u64::try_from(id).unwrap_or(0)))
}

fn handled_str(h: Handled) -> String {
    h.as_str().to_owned()
}

/// `TokenManagerConfig` from camelCase JavaScript (`fetchTimeoutMs` → `fetch_timeout_ms`).
fn config_of(v: &JsValue) -> JsResult<TokenManagerConfig> {
    let value = from_js(v, "the token manager config")?;
    let Value::Object(m) = value else {
        return Ok(TokenManagerConfig::default());
    };
    let snake: Map<String, Value> = m.into_iter().map(|(k, v)| (snake_case(&k), v)).collect();
    let config: TokenManagerConfig = serde_json::from_value(Value::Object(snake))
        .map_err(|e| bad_argument(format!("invalid token manager config: {e}")))?;
    js(config.validate())?;
    Ok(config)
}

/// `fetchTimeoutMs` → `fetch_timeout_ms` (snake_case names pass through).
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
