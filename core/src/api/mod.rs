//! API calls as plain data (`PLATFORM.md` §5): build the [`HttpRequest`](crate::HttpRequest)
//! for a call under the API base URL, and read what comes back — success JSON and `Location`,
//! or a typed [`Error`](crate::Error) carrying the RFC 9457 problem, the `Retry-After` and the
//! server's `BelGov-Trace-Id`.
//!
//! ```
//! use careerpro_fla::{parse_api_response as parse_response, ApiRequest};
//! use careerpro_fla::{BaseUrl, ErrorCode, HttpResponse, Method, UnixTime};
//!
//! let base = "https://services.socialsecurity.be/REST/federalLearningAccount/v1";
//! let request = ApiRequest::get("employers")
//!     .segment("0884303369")
//!     .query("page", "2")
//!     .build(&BaseUrl::parse(base).unwrap(), "access-token", "3b7c9a10-2a4e-4c1f-8d2b-6a1f0e9d5c44")
//!     .unwrap();
//! assert_eq!(request.url, format!("{base}/employers/0884303369?page=2"));
//! assert_eq!(request.header("Authorization"), Some("Bearer access-token"));
//!
//! let answer = HttpResponse::new(
//!     403,
//!     vec![("Content-Type".into(), "application/problem+json".into())],
//!     br#"{"type":"urn:problem-type:belgif:missingScope","status":403,
//!          "title":"Missing Scope","requiredScopes":["enterprise-read"]}"#.to_vec(),
//! );
//! let error = parse_response(Method::Get, &request.url, &answer, UnixTime::EPOCH).unwrap_err();
//! assert_eq!(error.code(), ErrorCode::ApiProblem);
//! assert_eq!(error.problem().unwrap().required_scopes(), ["enterprise-read"]);
//! ```

mod request;
mod response;

pub(crate) use crate::url::BaseUrl;
pub use request::{ApiRequest, ACCEPT_JSON, TRACE_ID_HEADER, TRACE_ID_MAX_LEN};
pub use response::{error_from_response, parse_response, reason_phrase, ApiResponse};
pub(crate) use response::{excerpt, read_response, PageSkim};
