//! The stateless operations of the bridge: each reads its input shape, calls the core, and
//! writes its output shape. No rule lives here that the core's modules do not already own.

use crate::time::UnixTime;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::shapes::{ApiResponseView, Outcome, TokenView};
use super::{input, output, Host};
use crate::api::{error_from_response, read_response, ApiRequest, PageSkim};
use crate::error::{Error, ErrorCode, Result};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::ids::{Date, EnterpriseNumber, NssoNumber, Ssin};
use crate::profile::Profile;
use crate::retry::{self, Advice, Attempt, RetryPolicy, TransportErrorKind};
use crate::wire::safe;

/// Every operation [`super::call`] answers, in the order of this module.
pub const OPERATIONS: &[&str] = &[
    "error_codes",
    "defaults",
    "profile",
    "parse_ssin",
    "parse_enterprise_number",
    "parse_nsso_number",
    "parse_date",
    "parse_certificates",
    "token_request",
    "parse_token_response",
    "api_request",
    "parse_api_response",
    "handle_api_response",
    "handle_transport_error",
    "error_from_response",
    "retry_after",
    "curl",
    "bulk_fields",
    "bulk_build",
];

pub(crate) fn run(op: &str, text: &str, bytes: &[u8], host: &Host<'_>) -> Result<String> {
    match op {
        "error_codes" => error_codes(),
        "defaults" => defaults(),
        "profile" => profile(text),
        "parse_ssin" => parse_ssin(input(op, text)?),
        "parse_enterprise_number" => parse_enterprise_number(input(op, text)?),
        "parse_nsso_number" => parse_nsso_number(input(op, text)?),
        "parse_date" => parse_date(input(op, text)?),
        #[cfg(feature = "keys")]
        "parse_certificates" => parse_certificates(input(op, text)?, bytes, host),
        "token_request" => token_request(input(op, text)?),
        "parse_token_response" => parse_token_response(input(op, text)?, bytes, host),
        "api_request" => api_request(input(op, text)?, host),
        "parse_api_response" => parse_api_response(input(op, text)?, bytes, host),
        "handle_api_response" => handle_api_response(input(op, text)?, bytes, host),
        "handle_transport_error" => handle_transport_error(input(op, text)?, host),
        "error_from_response" => error_from(input(op, text)?, bytes, host),
        "retry_after" => retry_after(input(op, text)?, host),
        "curl" => curl(input(op, text)?),
        "bulk_fields" => output(&crate::bulk::default_fields()),
        "bulk_build" => bulk_build(input(op, text)?, host),
        #[cfg(not(feature = "keys"))]
        "parse_certificates" => Err(not_in_this_build(op)),
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("no operation {op:?}; the operations are {}", OPERATIONS.join(", ")),
        )),
    }
}

// --- reference data ----------------------------------------------------------------------------

fn error_codes() -> Result<String> {
    #[derive(Serialize)]
    struct Code {
        code: &'static str,
        meaning: &'static str,
    }
    let codes: Vec<Code> =
        ErrorCode::ALL.iter().map(|c| Code { code: c.as_str(), meaning: c.meaning() }).collect();
    output(&codes)
}

/// Every default a host needs, from the one place that owns it, so that no binding re-states
/// a number.
fn defaults() -> Result<String> {
    #[derive(Serialize)]
    struct Defaults {
        retry_policy: RetryPolicy,
        token_manager: crate::token_manager::TokenManagerConfig,
        poll_plan: crate::polling::PollPlan,
        assertion_lifetime_s: u64,
        transport: crate::http::TransportSettings,
        transport_kinds: Vec<&'static str>,
        max_safe_integer: u64,
    }
    output(&Defaults {
        retry_policy: RetryPolicy::default(),
        token_manager: crate::token_manager::TokenManagerConfig::default(),
        poll_plan: crate::polling::PollPlan::default(),
        assertion_lifetime_s: crate::assertion::MAX_LIFETIME,
        transport: crate::http::TransportSettings::default(),
        transport_kinds: TransportErrorKind::ALL.iter().map(|k| k.as_str()).collect(),
        max_safe_integer: crate::wire::MAX_SAFE_INTEGER,
    })
}

fn profile(text: &str) -> Result<String> {
    output(&Profile::from_json(text)?)
}

// --- identifiers -------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextIn {
    text: String,
}

fn parse_ssin(i: TextIn) -> Result<String> {
    #[derive(Serialize)]
    struct Out {
        value: String,
        formatted: String,
        is_bis: bool,
        birth_year: i32,
        #[serde(skip_serializing_if = "Option::is_none")]
        birth_date: Option<String>,
    }
    let s = Ssin::parse(&i.text)?;
    let birth_date =
        s.birth_date().and_then(|(y, m, d)| Date::new(y, m, d).ok()).map(|d| d.to_string());
    output(&Out {
        value: s.as_str().to_owned(),
        formatted: s.formatted(),
        is_bis: s.is_bis(),
        birth_year: s.birth_year(),
        birth_date,
    })
}

fn parse_enterprise_number(i: TextIn) -> Result<String> {
    #[derive(Serialize)]
    struct Out {
        value: String,
        formatted: String,
    }
    let n = EnterpriseNumber::parse(&i.text)?;
    output(&Out { value: n.as_str().to_owned(), formatted: n.formatted() })
}

/// The number as people type it (`text`) or as the API exchanges it (`value`): one of the two.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NssoIn {
    text: Option<String>,
    value: Option<u64>,
}

fn parse_nsso_number(i: NssoIn) -> Result<String> {
    #[derive(Serialize)]
    struct Out {
        value: u64,
        text: String,
        is_provisional: bool,
    }
    let n = match (i.text, i.value) {
        (Some(text), None) => NssoNumber::parse(&text)?,
        (None, Some(value)) => NssoNumber::from_u64(value)?,
        _ => return Err(one_of("parse_nsso_number", "text (as typed) or value (an integer)")),
    };
    output(&Out { value: n.value(), text: n.as_str(), is_provisional: n.is_provisional() })
}

/// A date as text, as its parts, or as the day of a Unix instant: one of the three.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DateIn {
    text: Option<String>,
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    #[serde(default, deserialize_with = "super::instant")]
    unix_ms: Option<i64>,
}

fn parse_date(i: DateIn) -> Result<String> {
    #[derive(Serialize)]
    struct Out {
        value: String,
        year: i32,
        month: u32,
        day: u32,
        days_since_epoch: i64,
        is_leap_year: bool,
    }
    let d = match (i.text, i.year, i.month, i.day, i.unix_ms) {
        (Some(text), None, None, None, None) => Date::parse(&text)?,
        (None, Some(year), Some(month), Some(day), None) => Date::new(year, month, day)?,
        (None, None, None, None, Some(ms)) => Date::from_unix(UnixTime::from_millis(ms))?,
        _ => return Err(one_of("parse_date", "text (yyyy-MM-dd), year + month + day, or unix_ms")),
    };
    output(&Out {
        value: d.to_string(),
        year: d.year(),
        month: d.month(),
        day: d.day(),
        days_since_epoch: d.days_since_epoch(),
        is_leap_year: crate::calendar::is_leap_year(d.year()),
    })
}

/// The error for an operation that the build leaves out (the slim WASM build has no in-core keys
/// or X.509 parsing).
#[cfg(not(feature = "keys"))]
pub(crate) fn not_in_this_build(what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidArgument,
        format!(
            "{what} is not in this build (built without the core's `keys` feature, e.g. the slim \
             WASM package): use the full package, or an external signer such as WebCrypto"
        ),
    )
}

/// The error for an input that mixes or lacks the alternative forms an operation takes.
fn one_of(op: &str, forms: &str) -> Error {
    Error::new(ErrorCode::InvalidArgument, format!("{op}: give exactly one of {forms}"))
}

// --- certificates ------------------------------------------------------------------------------

/// An input with nothing but an optional `now` (Unix ms).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NowOnly {
    #[serde(default, deserialize_with = "super::instant")]
    pub now: Option<i64>,
}

/// Every certificate in `bytes` (PEM with one or more blocks, DER, base64 DER), each with
/// Chaman's findings at `now`.
#[cfg(feature = "keys")]
fn parse_certificates(i: NowOnly, bytes: &[u8], host: &Host<'_>) -> Result<String> {
    use super::shapes::CertificateView;
    let now = host.now_ms(i.now);
    let chain = crate::certificate::Certificate::parse_chain(bytes)?;
    let views: Vec<CertificateView> = chain.iter().map(|c| CertificateView::new(c, now)).collect();
    output(&views)
}

// --- token endpoint ----------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenRequestIn {
    token_url: String,
    assertion: String,
    scope: Option<String>,
}

fn token_request(i: TokenRequestIn) -> Result<String> {
    output(&crate::token::token_request(&i.token_url, &i.assertion, i.scope.as_deref())?)
}

/// A response as the host received it: status and headers here, the body in `bytes`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResponseIn {
    status: u16,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
}

impl ResponseIn {
    fn response(self, bytes: &[u8]) -> HttpResponse {
        HttpResponse::new(self.status, self.headers, bytes.to_vec())
    }
}

fn parse_token_response(i: ResponseIn, bytes: &[u8], host: &Host<'_>) -> Result<String> {
    let now = host.now_ms(i.now);
    let token = crate::token::parse_token_response(&i.response(bytes), UnixTime::from_millis(now))?;
    let expires_at = token.expires_in().map(|s| {
        now.saturating_add(i64::try_from(safe(s)).unwrap_or(i64::MAX).saturating_mul(1000))
    });
    output(&TokenView::new(&token, now, expires_at))
}

// --- API ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiRequestIn {
    base_url: String,
    method: Method,
    path: String,
    #[serde(default)]
    segments: Vec<String>,
    #[serde(default)]
    query: Vec<(String, String)>,
    /// A JSON body as a value …
    json: Option<Value>,
    /// … or as text (sent as given, after checking that it is JSON).
    body: Option<String>,
    #[serde(default)]
    headers: Vec<(String, String)>,
    idempotent: Option<bool>,
    access_token: String,
    trace_id: Option<String>,
}

fn api_request(i: ApiRequestIn, host: &Host<'_>) -> Result<String> {
    let mut r = ApiRequest::new(i.method, i.path);
    r.segments = i.segments;
    r.query = i.query;
    r.headers = i.headers;
    r.idempotent = i.idempotent;
    r = match (i.json, i.body) {
        (Some(_), Some(_)) => {
            return Err(Error::new(ErrorCode::InvalidArgument, "give json or body, not both"))
        }
        (Some(json), None) => r.json(&json),
        (None, Some(body)) => r.json_text(body)?,
        (None, None) => r,
    };
    let trace_id = match i.trace_id {
        Some(t) => t,
        None => crate::random::uuid_v4(host.rng())?,
    };
    output(&r.build(&crate::url::BaseUrl::parse(&i.base_url)?, &i.access_token, &trace_id)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApiResponseIn {
    method: Method,
    /// The URL the request went to (resolves a relative `Location`).
    url: String,
    status: u16,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
}

fn parse_api_response(i: ApiResponseIn, bytes: &[u8], host: &Host<'_>) -> Result<String> {
    let now = host.now_ms(i.now).div_euclid(1000);
    let response = HttpResponse::new(i.status, i.headers, bytes.to_vec());
    let (parsed, skim) = read_response::<PageSkim>(i.method, &i.url, &response, now)?;
    output(&ApiResponseView::skimmed(&parsed, skim.as_ref()))
}

/// What the retry advice needs to know of the attempt that just ended.
struct AttemptContext<'a> {
    method: Method,
    idempotent: Option<bool>,
    attempt: u32,
    token_refreshed: bool,
    retry_policy: &'a RetryPolicy,
    jitter: Option<u32>,
}

/// The attempt members shared by `handle_api_response` and `handle_transport_error` (serde
/// cannot combine `flatten` with `deny_unknown_fields`, so each input lists them).
macro_rules! attempt_context {
    ($i:expr) => {
        AttemptContext {
            method: $i.method,
            idempotent: $i.idempotent,
            attempt: $i.attempt,
            token_refreshed: $i.token_refreshed,
            retry_policy: &$i.retry_policy,
            jitter: $i.jitter,
        }
    };
}

fn one() -> u32 {
    1
}

impl AttemptContext<'_> {
    fn advise(&self, outcome: retry::Outcome<'_>, now_s: i64, host: &Host<'_>) -> Result<Advice> {
        let jitter = match self.jitter {
            Some(j) => j,
            // The high half of a random u64: uniform over u32.
            None => u32::try_from(crate::random::u64(host.rng())? >> 32).unwrap_or(u32::MAX),
        };
        let attempt =
            Attempt::new(self.method, self.idempotent, self.attempt, self.token_refreshed);
        Ok(retry::advise(self.retry_policy, &attempt, outcome, jitter, UnixTime::from_secs(now_s)))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandleApiResponseIn {
    method: Method,
    /// The URL the request went to (resolves a relative `Location`, names it in errors).
    url: String,
    idempotent: Option<bool>,
    /// 1 for the first attempt.
    #[serde(default = "one")]
    attempt: u32,
    #[serde(default)]
    token_refreshed: bool,
    #[serde(default)]
    retry_policy: RetryPolicy,
    /// A uniform random `u32` for the back-off jitter; drawn from the host when absent.
    jitter: Option<u32>,
    status: u16,
    #[serde(default)]
    headers: Vec<(String, String)>,
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
}

/// One attempt's answer → what to do: the response on success, else retry / refresh the token
/// and retry / give up with the typed error. The loop every host client runs, decided here.
fn handle_api_response(i: HandleApiResponseIn, bytes: &[u8], host: &Host<'_>) -> Result<String> {
    let now = host.now_ms(i.now).div_euclid(1000);
    let context = attempt_context!(i);
    let response = HttpResponse::new(i.status, i.headers.clone(), bytes.to_vec());
    match context.advise(retry::Outcome::Response(&response), now, host)? {
        Advice::Success => match read_response::<PageSkim>(i.method, &i.url, &response, now) {
            Ok((parsed, skim)) => output(&Outcome::Success {
                response: ApiResponseView::skimmed(&parsed, skim.as_ref()),
            }),
            Err(e) => output(&Outcome::GiveUp { error: e.payload() }),
        },
        Advice::RetryAfterMs(ms) => output(&Outcome::Retry { delay_ms: safe(ms) }),
        Advice::RefreshTokenAndRetry => output(&Outcome::RefreshToken),
        Advice::GiveUp(e) => output(&Outcome::GiveUp { error: e.payload() }),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TransportIn {
    method: Method,
    url: String,
    idempotent: Option<bool>,
    #[serde(default = "one")]
    attempt: u32,
    #[serde(default)]
    token_refreshed: bool,
    #[serde(default)]
    retry_policy: RetryPolicy,
    jitter: Option<u32>,
    kind: TransportErrorKind,
    /// The host client's own words (its exception text), kept in the message.
    #[serde(default)]
    detail: String,
}

/// A request got no answer → retry, or give up with an error that names the URL and the kind.
fn handle_transport_error(i: TransportIn, host: &Host<'_>) -> Result<String> {
    let context = attempt_context!(i);
    match context.advise(retry::Outcome::Transport(i.kind), 0, host)? {
        Advice::RetryAfterMs(ms) => output(&Outcome::Retry { delay_ms: safe(ms) }),
        advice => {
            let what = retry::transport_error(i.method, &i.url, i.kind, &i.detail);
            let why = match &advice {
                Advice::GiveUp(e) => e.message().split_once("): ").map_or("", |(_, why)| why),
                _ => "",
            };
            let error = Error::new(ErrorCode::TransportError, format!("{}; {why}", what.message()))
                .with_transport(i.kind);
            output(&Outcome::GiveUp { error: error.payload() })
        }
    }
}

fn error_from(i: ResponseIn, bytes: &[u8], host: &Host<'_>) -> Result<String> {
    let now = host.now_ms(i.now).div_euclid(1000);
    let error = error_from_response(&i.response(bytes), UnixTime::from_secs(now));
    output(&error.payload())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RetryAfterIn {
    value: String,
    #[serde(default, deserialize_with = "super::instant")]
    now: Option<i64>,
}

fn retry_after(i: RetryAfterIn, host: &Host<'_>) -> Result<String> {
    #[derive(Serialize)]
    struct Out {
        delay_ms: u64,
    }
    let now = host.now_ms(i.now).div_euclid(1000);
    let seconds = crate::retry_after::retry_after_seconds(&i.value, UnixTime::from_secs(now))?;
    output(&Out { delay_ms: safe(seconds.saturating_mul(1000)) })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurlIn {
    request: HttpRequest,
    #[serde(default)]
    reveal_secrets: bool,
}

fn curl(i: CurlIn) -> Result<String> {
    output(&crate::curl::to_curl(&i.request, i.reveal_secrets))
}

// --- bulk --------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BulkIn {
    base_url: String,
    access_token: String,
    spec: crate::bulk::BulkSpec,
    /// The records: objects (`df.to_dict("records")`, parsed CSV rows); anything else is
    /// reported at its position.
    rows: Vec<Value>,
}

/// Validates every row and builds one request per good row; every bad value is reported with
/// its row and field, so nothing is lost and nothing is sent twice.
fn bulk_build(i: BulkIn, host: &Host<'_>) -> Result<String> {
    let compiled = i.spec.compile()?;
    let rows = i.rows.into_iter().enumerate().map(|(n, v)| crate::bulk::read_row(n, v)).collect();
    output(&compiled.build_read(rows, &i.base_url, &i.access_token, host.rng())?)
}
