//! The token endpoint (RFC 6749 §4.4 with RFC 7523 client authentication) and the token
//! manager state machine (times in Unix milliseconds, like `Date.now()`).

use careerpro_fla::token::{parse_token_response, token_request};
use careerpro_fla::token_manager::{Action, Handled, Ticket, TokenManager as Core};
use careerpro_fla::{AccessToken, TokenManagerConfig, TransportFailure};
use serde_json::{json, Map, Value};
use wasm_bindgen::prelude::*;

use crate::convert::{self, from_js, insert_num, int, now_ms, now_s, request_json, set, to_js};
use crate::convert::{opt_str_arg, str_arg};
use crate::error::{bad_argument, insert_opt, js, js_error, JsResult};
use crate::misc::number;
use crate::rng;

/// The token request (`POST`, form body) for a signed assertion; `scope` is sent when given.
#[wasm_bindgen(js_name = tokenRequest, unchecked_return_type = "HttpRequest")]
pub fn token_request_js(
    #[wasm_bindgen(unchecked_param_type = "string")] token_url: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] assertion: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | undefined")] scope: JsValue,
) -> JsResult<JsValue> {
    let token_url = &str_arg(&token_url, "tokenUrl")?;
    let assertion = &str_arg(&assertion, "assertion")?;
    let scope = opt_str_arg(&scope, "scope")?;
    Ok(to_js(&request_json(&js(token_request(token_url, assertion, scope.as_deref()))?)))
}

/// Parses the token endpoint's answer (`now`: Unix seconds, default `Date.now()`). Throws a
/// `CareerProError` (`oauth_invalid_client`, `token_endpoint_error`, …) for anything but a
/// usable Bearer token.
#[wasm_bindgen(js_name = parseTokenResponse, unchecked_return_type = "AccessToken")]
pub fn parse_token_response_js(
    #[wasm_bindgen(unchecked_param_type = "HttpResponseLike")] response: JsValue,
    now: Option<f64>,
) -> JsResult<JsValue> {
    let response = convert::response(&response)?;
    Ok(to_js(&token_json(&js(parse_token_response(&response, now_s(now)?))?)))
}

/// `{accessToken, tokenType, issuedAt, expiresIn?, expiresAt?, scope?}` (seconds).
pub fn token_json(t: &AccessToken) -> Value {
    let mut m = Map::new();
    m.insert("accessToken".into(), json!(t.secret()));
    m.insert("tokenType".into(), json!(t.token_type()));
    m.insert("issuedAt".into(), json!(t.issued_at()));
    if let Some(e) = t.expires_in() {
        m.insert("expiresIn".into(), json!(e));
    }
    insert_num(&mut m, "expiresAt", t.expires_at());
    insert_opt(&mut m, "scope", t.scope());
    Value::Object(m)
}

/// Caches one client's token and schedules fetches: `poll()` says what to do (use a token,
/// fetch one with a ticket, wait, or fail); the answer goes back through `handleResponse` or
/// `handleTransportError`. Times are Unix milliseconds, default `Date.now()`.
#[wasm_bindgen]
#[derive(Debug)]
pub struct TokenManager {
    inner: Core,
}

#[wasm_bindgen]
impl TokenManager {
    /// `config`: any `TokenManagerConfig` fields in camelCase (`refreshPercent`,
    /// `fetchTimeoutMs`, …); `seed`: the jitter seed (default random).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TokenManagerConfig | undefined")] config: JsValue,
        seed: Option<f64>,
    ) -> JsResult<TokenManager> {
        let config = config_of(&config)?;
        let seed = match seed {
            Some(s) => u64::try_from(int(Some(s), "seed", 0, 1 << 53)?).unwrap_or(0),
            None => rng::u64()?,
        };
        Ok(TokenManager { inner: js(Core::new(config, seed))? })
    }

    /// What to do now: `{action: "use_token", token, expiresAt}`, `{action: "fetch_token",
    /// ticket}`, `{action: "wait", until, reason}` or `{action: "fail", error}`.
    #[wasm_bindgen(unchecked_return_type = "TokenAction")]
    pub fn poll(&mut self, now: Option<f64>) -> JsResult<JsValue> {
        let now = now_ms(now)?;
        let expires_at = self.inner.token_expires_at();
        Ok(match self.inner.poll(now) {
            Action::UseToken(token) => {
                let mut m = json!({"action": "use_token", "token": token_json(token)});
                if let (Some(e), Value::Object(o)) = (expires_at, &mut m) {
                    o.insert("expiresAt".into(), json!(e));
                }
                to_js(&m)
            }
            Action::FetchToken { ticket } => {
                to_js(&json!({"action": "fetch_token", "ticket": ticket.id()}))
            }
            Action::Wait { until, reason } => {
                to_js(&json!({"action": "wait", "until": until, "reason": reason.as_str()}))
            }
            Action::Fail(e) => {
                let out = to_js(&json!({"action": "fail"}));
                set(&out, "error", &js_error(&e));
                out
            }
        })
    }

    /// Feeds back the token endpoint's answer for `ticket`: `"stored"` or `"ignored"` (stale
    /// ticket); throws the failure (the manager backs off or cools down by itself).
    #[wasm_bindgen(js_name = handleResponse, unchecked_return_type = "\"stored\" | \"ignored\"")]
    pub fn handle_response(
        &mut self,
        ticket: f64,
        #[wasm_bindgen(unchecked_param_type = "HttpResponseLike")] response: JsValue,
        now: Option<f64>,
    ) -> JsResult<String> {
        let response = convert::response(&response)?;
        let ticket = ticket_of(ticket)?;
        let handled = js(self.inner.handle_response(ticket, now_ms(now)?, &response))?;
        Ok(handled_str(handled))
    }

    /// Feeds back that the fetch got no answer: `kind` is `timeout`, `connect`, `tls` or
    /// `other`. Throws the recorded `transport_error`, or answers `"ignored"` for a stale ticket.
    #[wasm_bindgen(js_name = handleTransportError, unchecked_return_type = "\"ignored\"")]
    pub fn handle_transport_error(
        &mut self,
        ticket: f64,
        #[wasm_bindgen(unchecked_param_type = "string")] kind: JsValue,
        now: Option<f64>,
    ) -> JsResult<String> {
        let kind = &str_arg(&kind, "kind")?;
        let kind = TransportFailure::parse(kind)
            .ok_or_else(|| bad_argument("kind must be timeout, connect, tls or other"))?;
        let ticket = ticket_of(ticket)?;
        let handled = js(self.inner.handle_transport_error(ticket, now_ms(now)?, kind))?;
        Ok(handled_str(handled))
    }

    /// Drops the cached token after an API refused it (401); answers whether one was dropped.
    pub fn invalidate(&mut self, now: Option<f64>) -> JsResult<bool> {
        Ok(self.inner.invalidate(now_ms(now)?))
    }

    /// The `now` (Unix seconds) to sign the next assertion with: the host clock corrected by
    /// the server's clock skew.
    #[wasm_bindgen(js_name = assertionTime)]
    pub fn assertion_time(&self, now: Option<f64>) -> JsResult<f64> {
        Ok(number(self.inner.assertion_time(now_ms(now)?)))
    }

    /// Server clock minus host clock (seconds), once estimated from `Date` headers.
    #[wasm_bindgen(getter, js_name = clockSkew)]
    pub fn clock_skew(&self) -> Option<f64> {
        self.inner.clock_skew().map(number)
    }

    /// The cached token's expiry (Unix ms), if one is cached.
    #[wasm_bindgen(getter, js_name = tokenExpiresAt)]
    pub fn token_expires_at(&self) -> Option<f64> {
        self.inner.token_expires_at().map(number)
    }

    /// The ticket of the fetch in flight, if any.
    #[wasm_bindgen(getter, js_name = inFlight)]
    pub fn in_flight(&self) -> Option<f64> {
        self.inner.in_flight().map(|t| number(i64::try_from(t.id()).unwrap_or(i64::MAX)))
    }

    /// The last fetch failure, if any (a `CareerProError`, not thrown).
    #[wasm_bindgen(getter, js_name = lastError)]
    pub fn last_error(&self) -> JsValue {
        self.inner.last_error().map_or(JsValue::UNDEFINED, js_error)
    }

    /// The cached token if still usable at `now` (Unix ms).
    #[wasm_bindgen(js_name = currentToken, unchecked_return_type = "AccessToken | undefined")]
    pub fn current_token(&self, now: Option<f64>) -> JsResult<JsValue> {
        Ok(self
            .inner
            .current_token(now_ms(now)?)
            .map_or(JsValue::UNDEFINED, |t| to_js(&token_json(&t))))
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
