//! # careerpro-fla
//!
//! A sans-IO client core for the CareerPro Federal Learning Account (FLA) REST API of the
//! Belgian social security platform: it loads keys and certificates, signs the OAuth2 client
//! assertion (RFC 7523, `private_key_jwt`), builds token and API requests as plain data and
//! parses every response. It performs no I/O: no clock, socket, file, environment or ambient
//! randomness. The host sends the [`HttpRequest`]s and feeds the [`HttpResponse`]s back.

#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod algorithm;
pub mod api;
pub mod assertion;
pub mod bridge;
pub mod bulk;
pub mod calendar;
pub mod certificate;
pub mod curl;
pub mod error;
pub mod http;
pub mod http_date;
pub mod ids;
pub mod jws;
pub mod key;
pub mod oauth;
pub mod paging;
pub mod pem;
pub mod polling;
pub mod problem;
pub mod profile;
pub mod random;
pub mod retry;
pub mod token;
pub mod token_manager;
pub mod transport;
pub mod url;
pub mod wire;

pub use algorithm::{Algorithm, Curve};
pub use api::{ApiRequest, ApiResponse};
pub use assertion::{Assertion, AssertionOptions, UnsignedAssertion};
pub use bulk::{BulkOutput, BulkSpec, CompiledSpec, FieldKind, RowError, ValidRow};
pub use certificate::{Certificate, Finding, Severity};
pub use error::{Error, ErrorCode, ErrorPayload, HttpContext, Result};
pub use http::{HttpRequest, HttpResponse, Method};
pub use ids::{Date, EnterpriseNumber, NssoNumber, Ssin};
pub use key::{PublicKey, SigningKey};
pub use polling::{PollPlan, PollStep, Poller};
pub use problem::{Issue, Problem};
pub use profile::{Environment, Profile, Quality};
pub use retry::{Advice, Attempt, Outcome, RetryPolicy, TransportErrorKind};
pub use token::{AccessToken, OAuthError};
pub use token_manager::{
    Action, Handled, Ticket, TokenManager, TokenManagerConfig, TransportFailure, WaitReason,
};

/// Re-exported so hosts can pass the platform CSPRNG (`ring::rand::SystemRandom`) without
/// depending on *ring* themselves.
pub use ring::rand::{SecureRandom, SystemRandom};
