//! # careerpro-fla
//!
//! A sans-IO client core for the CareerPro Federal Learning Account (FLA) REST API of the
//! Belgian social security platform, and for its sibling APIs (a profile away): it loads keys
//! and certificates, signs the OAuth2 client assertion (RFC 7523, `private_key_jwt`), builds
//! token and API requests as plain data and parses every response. It performs no I/O: no
//! clock, socket, file, environment or ambient randomness. The host sends the
//! [`HttpRequest`]s and feeds the [`HttpResponse`]s back; time comes in as `now` (Unix seconds
//! for the protocol functions, milliseconds for the state machines and the [`bridge`]) and
//! randomness as a [`SecureRandom`].
//!
//! Bindings (Python, Node, WASM, JVM, the WebAssembly Component) use one module, [`bridge`]:
//! operations by name, JSON in and out. Rust hosts use the types below.
//!
//! ```
//! use careerpro_fla::{Environment, Profile, Quality, Ssin};
//! let p = Profile::fla(&Environment::Acceptance, Quality::Employer);
//! assert_eq!(p.token_url, "https://services-acpt.socialsecurity.be/REST/oauth/v5/token");
//! assert_eq!(Ssin::parse("85.07.30-033.28").unwrap().as_str(), "85073003328");
//! ```

#![cfg_attr(docsrs, feature(doc_cfg))]

mod algorithm;
mod api;
mod assertion;
pub mod bridge;
mod bulk;
mod calendar;
mod certificate;
mod curl;
mod error;
mod http;
mod ids;
mod jws;
mod key;
mod oauth;
mod paging;
mod pem;
mod polling;
mod problem;
mod profile;
mod random;
mod retry;
mod retry_after;
mod time;
mod token;
mod token_manager;
mod transport;
mod url;
mod wire;

// The public interface is:

// Errors: one type, a stable code per failure, and the plain-data payload every binding raises.
pub use error::{Error, ErrorCode, ErrorPayload, HttpContext, Result};

// Where to send what: environments, qualities, profiles of the FLA and its sibling APIs.
pub use profile::{
    Environment, Profile, Quality, ACCEPTANCE_ORIGIN, PRODUCTION_ORIGIN, SCOPE_AGENT,
    SCOPE_EMPLOYER,
};

// Keys, certificates and the client assertion (RFC 7523, RFC 7515).
pub use algorithm::{Algorithm, Curve};
pub use assertion::{
    Assertion, AssertionOptions, CertificateChain, UnsignedAssertion, MAX_LIFETIME,
    MAX_LONG_LIFETIME,
};
pub use certificate::{
    Certificate, Finding, Severity, CHAMAN_RULES, EXPIRES_SOON_SECONDS, MAX_CERTIFICATE_LEN,
};
pub use jws::{decode as decode_jws, JwsParts};
pub use key::{
    signature_to_jws, verify_signature, ExternalKey, PublicKey, SigningKey, MAX_KEY_FILE_LEN,
    MIN_RSA_BITS,
};
pub use pem::{parse as parse_pem, PemBlock};

// The token endpoint (RFC 6749 §4.4, §5) and the token lifecycle.
pub use oauth::OAuthError;
pub use token::{
    parse_token_response, token_request, AccessToken, CLIENT_ASSERTION_TYPE, GRANT_TYPE,
};
pub use token_manager::{Action, Handled, Ticket, TokenManager, TokenManagerConfig, WaitReason};

// API calls: requests as data, responses, problem details (RFC 9457), retries, pages, polls.
pub use api::{
    error_from_response, parse_response as parse_api_response, reason_phrase, ApiRequest,
    ApiResponse, ACCEPT_JSON, TRACE_ID_HEADER, TRACE_ID_MAX_LEN,
};
pub use paging::{items as page_items, next_link, next_page_request, total as page_total, Link};
pub use polling::{PollPlan, PollStep, Poller};
pub use problem::{Issue, Problem};
pub use retry::{
    advise as advise_retry, backoff_ms, transport_error, Advice, Attempt, Outcome, RetryPolicy,
};
pub use retry_after::retry_after_seconds;
pub use transport::TransportErrorKind;

// Many records at once: validation, CSV text converted, one request per good row.
pub use bulk::{
    build as build_bulk, default_fields as default_bulk_fields, read_row as read_bulk_row,
    BulkOutput, BulkSpec, CompiledSpec, FieldKind, RowError, ValidRow,
    DEFAULT_FIELDS as DEFAULT_BULK_FIELDS,
};

// Belgian identifiers and dates (PLATFORM.md §6), and the calendar they use.
pub use calendar::{format_http_date, is_leap_year, parse_http_date};
pub use ids::{Date, EnterpriseNumber, NssoNumber, Ssin};

// Plain HTTP data, URLs, and the host's defaults.
pub use curl::to_curl;
pub use http::{HttpRequest, HttpResponse, Method, TransportSettings};
pub use random::{u64 as random_u64, uuid_v4, uuid_v4_from_bytes};
pub use time::UnixTime;
pub use url::{check_url, resolve as resolve_url, BaseUrl};
pub use wire::MAX_SAFE_INTEGER;

/// Re-exported so hosts can pass the platform CSPRNG (`ring::rand::SystemRandom`) without
/// depending on *ring* themselves.
pub use ring::rand::{SecureRandom, SystemRandom};
