//! The bridge's stateful and secret things, behind one opaque handle type per binding.
//!
//! | kind | opened from | operations |
//! |---|---|---|
//! | `signing_key` | key bytes + `{password?, alias?, algorithm?, key_id?}` | `info`, `sign`, `sign_assertion`, `token_request`, `check_certificate` |
//! | `external_key` | `{algorithm, key_id?, public_key_jwk?}` + optional certificate bytes | `info`, `prepare_assertion`, `finish_assertion` |
//! | `token_manager` | `{config?}` (seeded from the host's CSPRNG) | `poll`, `handle_response`, `handle_transport_error`, `abandon`, `invalidate`, `state` |
//! | `poller` | the `201`/`202` answer + `{base_url, url, plan?}` | `start`, `handle`, `request` |

use crate::time::UnixTime;
use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::{Deserialize, Serialize};

use super::shapes::{
    ApiResponseView, AssertionView, PollStepView, PublicKeyView, TokenView, UnsignedView,
};
use super::{envelope, input, output, Host};
use crate::algorithm::Algorithm;
use crate::assertion::{Assertion, AssertionOptions, UnsignedAssertion, MAX_LIFETIME};
#[cfg(feature = "keys")]
use crate::certificate::Certificate;
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpResponse, Method};
use crate::key::ExternalKey;
#[cfg(feature = "keys")]
use crate::key::{PublicKey, SigningKey};
use crate::polling::{PollPlan, PollStep, Poller};
use crate::retry::TransportErrorKind;
use crate::token_manager::{Action, Handled, Ticket, TokenManager, TokenManagerConfig};

/// Every kind [`Object::open`] accepts.
pub const OBJECT_KINDS: &[&str] = &["signing_key", "external_key", "token_manager", "poller"];

/// A handle's content. `Debug` never shows key material or tokens.
#[derive(Debug)]
pub struct Object(Inner);

/// Keys are read-only once loaded, so any number of threads may sign with one at the same time;
/// the rest is state, behind a lock held only for the duration of one call (microseconds).
#[derive(Debug)]
enum Inner {
    #[cfg(feature = "keys")]
    SigningKey(Box<SigningKey>),
    ExternalKey {
        key: Box<ExternalKey>,
        pending: Mutex<VecDeque<UnsignedAssertion>>,
    },
    TokenManager(Box<Mutex<TokenManager>>),
    Poller(Box<Mutex<Poller>>),
}

/// The state behind `lock`, even if another call panicked while holding it (the core does not
/// panic, and the state stays consistent between calls anyway).
fn locked<T>(lock: &Mutex<T>) -> MutexGuard<'_, T> {
    lock.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Assertions prepared for an external signer and not yet finished, kept per key: enough for
/// many concurrent signings, bounded so a host that never finishes cannot grow it.
const MAX_PENDING: usize = 256;

impl Object {
    /// Opens an object of `kind` from `input` (JSON text) and `bytes`; the error is the
    /// envelope `{"error": payload}` the host raises from.
    pub fn open(kind: &str, text: &str, bytes: &[u8], host: &Host<'_>) -> Result<Object, String> {
        Object::try_open(kind, text, bytes, host).map_err(|e| super::error_envelope(&e))
    }

    /// The kind this object was opened as.
    pub fn kind(&self) -> &'static str {
        match &self.0 {
            #[cfg(feature = "keys")]
            Inner::SigningKey(_) => "signing_key",
            Inner::ExternalKey { .. } => "external_key",
            Inner::TokenManager(_) => "token_manager",
            Inner::Poller(_) => "poller",
        }
    }

    /// Runs `op` on this object; answers the envelope. Takes `&self`: an object may be shared
    /// between threads (`Object` is `Send + Sync`); signing keys sign concurrently, stateful
    /// objects serialise their calls internally.
    pub fn call(&self, op: &str, text: &str, bytes: &[u8], host: &Host<'_>) -> String {
        envelope(self.run(op, text, bytes, host))
    }

    fn try_open(kind: &str, text: &str, bytes: &[u8], host: &Host<'_>) -> Result<Object> {
        let what = |op: &str| format!("open {kind}{op}");
        Ok(Object(match kind {
            #[cfg(not(feature = "keys"))]
            "signing_key" => {
                return Err(super::ops::not_in_this_build("a signing key held by the core"))
            }
            #[cfg(feature = "keys")]
            "signing_key" => Inner::SigningKey(Box::new(super::keys::open_signing_key(
                input(&what(""), text)?,
                bytes,
                host,
            )?)),
            "external_key" => Inner::ExternalKey {
                key: Box::new(open_external_key(input(&what(""), text)?, bytes)?),
                pending: Mutex::new(VecDeque::new()),
            },
            "token_manager" => {
                let i: TokenManagerIn = input(&what(""), text)?;
                let seed = match i.seed {
                    Some(seed) => seed,
                    None => crate::random::u64(host.rng())?,
                };
                Inner::TokenManager(Box::new(Mutex::new(TokenManager::new(
                    i.config.unwrap_or_default(),
                    seed,
                )?)))
            }
            "poller" => Inner::Poller(Box::new(Mutex::new(open_poller(
                input(&what(""), text)?,
                bytes,
                host,
            )?))),
            _ => {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("no object kind {kind:?}; the kinds are {}", OBJECT_KINDS.join(", ")),
                ))
            }
        }))
    }

    fn run(&self, op: &str, text: &str, bytes: &[u8], host: &Host<'_>) -> Result<String> {
        let name = format!("{}.{op}", self.kind());
        match (&self.0, op) {
            #[cfg(feature = "keys")]
            (Inner::SigningKey(key), op) => {
                super::keys::signing_key_op(key, op, &name, text, bytes, host)
            }
            (Inner::ExternalKey { key, .. }, "info") => {
                #[derive(Serialize)]
                struct Out {
                    algorithm: &'static str,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    public_key: Option<PublicKeyView>,
                    #[serde(skip_serializing_if = "Option::is_none")]
                    key_id: Option<String>,
                }
                output(&Out {
                    algorithm: key.algorithm.as_str(),
                    public_key: key.public_key.as_ref().map(PublicKeyView::from),
                    key_id: key.key_id.clone(),
                })
            }
            (Inner::ExternalKey { key, pending }, "prepare_assertion") => {
                let i: AssertionIn = input(&name, text)?;
                let (options, now, jti) = i.into_parts(host)?;
                let u = Assertion::prepare_external(
                    key,
                    &options,
                    UnixTime::from_secs(now),
                    jti.as_deref(),
                    host.rng(),
                )?;
                let out = output(&UnsignedView::from(&u))?;
                let mut pending = locked(pending);
                if pending.len() >= MAX_PENDING {
                    pending.pop_front();
                }
                pending.push_back(u);
                Ok(out)
            }
            (Inner::ExternalKey { key, pending }, "finish_assertion") => {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct In {
                    jti: String,
                }
                let i: In = input(&name, text)?;
                let mut pending = locked(pending);
                let at = pending.iter().position(|u| u.jti() == i.jti).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidArgument,
                        "no assertion with this jti is waiting for a signature: prepare it \
                         with this key first (each prepared assertion is finished once)",
                    )
                })?;
                let u = pending.remove(at).ok_or_else(|| {
                    Error::new(ErrorCode::InvalidArgument, "the prepared assertion is gone")
                })?;
                drop(pending);
                // With in-core keys the signature is verified against the public key when one
                // is known; the slim build checks its size and encoding only.
                #[cfg(feature = "keys")]
                let assertion = u.finish(key, bytes)?;
                #[cfg(not(feature = "keys"))]
                let assertion = if key.algorithm == u.algorithm() {
                    u.with_signature(bytes)?
                } else {
                    return Err(Error::new(
                        ErrorCode::KeyAlgorithmMismatch,
                        format!(
                            "the assertion was prepared for {} but the key signs {}",
                            u.algorithm(),
                            key.algorithm
                        ),
                    ));
                };
                output(&AssertionView::from(&assertion))
            }
            (Inner::TokenManager(m), op) => {
                token_manager_op(&mut locked(m), op, &name, text, bytes, host)
            }
            (Inner::Poller(p), op) => poller_op(&mut locked(p), op, &name, text, bytes, host),
            (_, op) => Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("a {} has no operation {op:?}", self.kind()),
            )),
        }
    }
}

// --- keys --------------------------------------------------------------------------------------

pub(super) fn algorithm(name: &str) -> Result<Algorithm> {
    Algorithm::parse(name).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("unknown algorithm {name:?}; use RS256, RS384, RS512, PS256, PS384, PS512, ES384 or ES512"),
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExternalKeyIn {
    algorithm: String,
    key_id: Option<String>,
}

/// An external key. `bytes`, when not empty, is its certificate (PEM or DER: gives `x5t`/`x5c`
/// and the public key) or its public key (SPKI, PEM or DER); with a public key, every
/// signature is verified before it is used.
fn open_external_key(i: ExternalKeyIn, bytes: &[u8]) -> Result<ExternalKey> {
    let mut key = ExternalKey::new(algorithm(&i.algorithm)?);
    if !bytes.is_empty() {
        key = with_public_part(key, bytes)?;
    }
    if let Some(kid) = i.key_id {
        key = key.with_key_id(kid);
    }
    Ok(key)
}

#[cfg(feature = "keys")]
fn with_public_part(key: ExternalKey, bytes: &[u8]) -> Result<ExternalKey> {
    match Certificate::parse(bytes) {
        Ok(cert) => key.with_certificate_der(cert.der().to_vec()),
        Err(cert_error) => {
            let der = match crate::pem::parse(bytes) {
                Ok(blocks) if !blocks.is_empty() => {
                    blocks.iter().find(|b| b.label == "PUBLIC KEY").map(|b| b.der().to_vec())
                }
                _ => Some(bytes.to_vec()),
            };
            let public =
                der.ok_or(cert_error).and_then(|d| PublicKey::from_spki_der(&d)).map_err(|_| {
                    Error::new(
                        ErrorCode::CertificateMalformed,
                        "the external key's bytes are neither a certificate nor a public key \
                         (SPKI), in PEM or DER",
                    )
                })?;
            key.with_public_key(public)
        }
    }
}

#[cfg(not(feature = "keys"))]
fn with_public_part(_key: ExternalKey, _bytes: &[u8]) -> Result<ExternalKey> {
    Err(super::ops::not_in_this_build("an external key's certificate or public key"))
}

/// The assertion options with their defaults, and `now` / `jti` overrides.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AssertionIn {
    client_id: String,
    audience: String,
    #[serde(default = "default_lifetime")]
    lifetime_s: u64,
    #[serde(default)]
    allow_long_lifetime: bool,
    #[serde(default)]
    include_nbf: bool,
    #[serde(default = "yes")]
    include_typ: bool,
    key_id: Option<String>,
    #[serde(default)]
    include_key_id: bool,
    #[serde(default)]
    include_x5t: bool,
    #[serde(default)]
    include_x5t_s256: bool,
    #[serde(default)]
    include_x5c: bool,
    /// Unix ms; the host's clock when absent.
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
    jti: Option<String>,
}

fn default_lifetime() -> u64 {
    MAX_LIFETIME
}

fn yes() -> bool {
    true
}

impl AssertionIn {
    /// The options, `now` in Unix seconds (JWT claims), and the `jti` if given.
    pub(super) fn into_parts(
        self,
        host: &Host<'_>,
    ) -> Result<(AssertionOptions, i64, Option<String>)> {
        let mut o = AssertionOptions::new(self.client_id, self.audience);
        o.lifetime = self.lifetime_s;
        o.allow_long_lifetime = self.allow_long_lifetime;
        o.include_nbf = self.include_nbf;
        o.include_typ = self.include_typ;
        o.key_id = self.key_id;
        o.include_key_id = self.include_key_id;
        o.include_x5t = self.include_x5t;
        o.include_x5t_s256 = self.include_x5t_s256;
        o.include_x5c = self.include_x5c;
        Ok((o, host.now_ms(self.now).div_euclid(1000), self.jti))
    }
}

// --- token manager -----------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenManagerIn {
    config: Option<TokenManagerConfig>,
    /// The jitter's seed, to replay a scenario exactly; drawn from the host's CSPRNG when absent.
    seed: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TicketIn {
    ticket: u64,
    status: Option<u16>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    kind: Option<TransportErrorKind>,
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
}

/// A token manager's answer to `poll`: `use_token` (with the token), `fetch_token` (with the
/// ticket and the time to date the assertion), `wait` or `fail`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum ActionView<'a> {
    UseToken { token: TokenView<'a> },
    FetchToken { ticket: u64, assertion_now: i64 },
    Wait { until: i64, delay_ms: u64, reason: crate::token_manager::WaitReason },
    Fail { error: crate::error::ErrorPayload<'a> },
}

fn token_manager_op(
    m: &mut TokenManager,
    op: &str,
    name: &str,
    text: &str,
    bytes: &[u8],
    host: &Host<'_>,
) -> Result<String> {
    #[derive(Serialize)]
    struct HandledOut {
        handled: Handled,
    }
    match op {
        "poll" => {
            let i: super::ops::NowOnly = input(name, text)?;
            let now = host.now_ms(i.now);
            let expires_at = m.token_expires_at().map(UnixTime::as_millis);
            let assertion_now = m.assertion_time(UnixTime::from_millis(now)).as_millis();
            let action = match m.poll(UnixTime::from_millis(now)) {
                Action::UseToken(t) => {
                    let issued = t.issued_at().as_millis();
                    return output(&ActionView::UseToken {
                        token: TokenView::new(t, issued, expires_at),
                    });
                }
                Action::FetchToken { ticket } => {
                    ActionView::FetchToken { ticket: ticket.id(), assertion_now }
                }
                Action::Wait { until, reason } => ActionView::Wait {
                    until: until.as_millis(),
                    delay_ms: u64::try_from(until.as_millis().saturating_sub(now)).unwrap_or(0),
                    reason,
                },
                Action::Fail(e) => return output(&ActionView::Fail { error: e.payload() }),
            };
            output(&action)
        }
        "handle_response" => {
            let i: TicketIn = input(name, text)?;
            let status = i.status.ok_or_else(|| {
                Error::new(ErrorCode::InvalidArgument, format!("{name}: status is missing"))
            })?;
            let now = host.now_ms(i.now);
            let response = HttpResponse::new(status, i.headers, bytes.to_vec());
            let handled = m.handle_response(
                Ticket::from_id(i.ticket),
                UnixTime::from_millis(now),
                &response,
            )?;
            output(&HandledOut { handled })
        }
        "handle_transport_error" => {
            let i: TicketIn = input(name, text)?;
            let kind = i.kind.ok_or_else(|| {
                Error::new(ErrorCode::InvalidArgument, format!("{name}: kind is missing"))
            })?;
            let now = host.now_ms(i.now);
            let handled = m.handle_transport_error(
                Ticket::from_id(i.ticket),
                UnixTime::from_millis(now),
                kind,
            )?;
            output(&HandledOut { handled })
        }
        "abandon" => {
            let i: TicketIn = input(name, text)?;
            output(&HandledOut { handled: m.abandon(Ticket::from_id(i.ticket)) })
        }
        "invalidate" => {
            let i: super::ops::NowOnly = input(name, text)?;
            #[derive(Serialize)]
            struct Out {
                dropped: bool,
            }
            output(&Out { dropped: m.invalidate(UnixTime::from_millis(host.now_ms(i.now))) })
        }
        "state" => {
            #[derive(Serialize)]
            struct Out<'a> {
                #[serde(skip_serializing_if = "Option::is_none")]
                clock_skew_ms: Option<i64>,
                #[serde(skip_serializing_if = "Option::is_none")]
                token_expires_at: Option<i64>,
                #[serde(skip_serializing_if = "Option::is_none")]
                in_flight: Option<u64>,
                #[serde(skip_serializing_if = "Option::is_none")]
                last_error: Option<crate::error::ErrorPayload<'a>>,
                config: &'a TokenManagerConfig,
            }
            output(&Out {
                clock_skew_ms: m.clock_skew_ms(),
                token_expires_at: m.token_expires_at().map(UnixTime::as_millis),
                in_flight: m.in_flight().map(Ticket::id),
                last_error: m.last_error().map(Error::payload),
                config: m.config(),
            })
        }
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!(
                "a token_manager has no operation {op:?}; it has poll, handle_response, \
                 handle_transport_error, abandon, invalidate, state"
            ),
        )),
    }
}

// --- poller ------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PollerIn {
    base_url: String,
    /// The URL of the request that was answered `201`/`202`.
    url: String,
    status: u16,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default)]
    plan: PollPlan,
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
}

fn open_poller(i: PollerIn, bytes: &[u8], host: &Host<'_>) -> Result<Poller> {
    let now = host.now_ms(i.now).div_euclid(1000);
    let response = HttpResponse::new(i.status, i.headers, bytes.to_vec());
    let accepted =
        crate::api::parse_response(Method::Post, &i.url, &response, UnixTime::from_secs(now))?;
    Poller::new(i.plan, &i.base_url, &accepted, UnixTime::from_secs(now))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PollIn {
    access_token: String,
    trace_id: Option<String>,
    status: Option<u16>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
}

fn poller_op(
    p: &mut Poller,
    op: &str,
    name: &str,
    text: &str,
    bytes: &[u8],
    host: &Host<'_>,
) -> Result<String> {
    let i: PollIn = input(name, text)?;
    let now = host.now_ms(i.now).div_euclid(1000);
    let trace_id = match i.trace_id {
        Some(t) => t,
        None => crate::random::uuid_v4(host.rng())?,
    };
    let step = match op {
        "start" => p.start(UnixTime::from_secs(now), &i.access_token, &trace_id),
        "handle" => {
            let status = i.status.ok_or_else(|| {
                Error::new(ErrorCode::InvalidArgument, format!("{name}: status is missing"))
            })?;
            let response = HttpResponse::new(status, i.headers, bytes.to_vec());
            p.handle(&response, UnixTime::from_secs(now), &i.access_token, &trace_id)
        }
        "request" => return output(&p.request(&i.access_token, &trace_id)?),
        _ => {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("a poller has no operation {op:?}; it has start, handle, request"),
            ))
        }
    };
    match &step {
        PollStep::Done(r) => output(&PollStepView::Done { response: ApiResponseView::from(r) }),
        PollStep::PollAt { at, after_ms, request } => output(&PollStepView::Poll {
            at_ms: at.as_millis(),
            after_ms: crate::wire::safe(*after_ms),
            request,
        }),
        PollStep::GiveUp(e) => output(&PollStepView::GiveUp { error: e.payload() }),
    }
}
