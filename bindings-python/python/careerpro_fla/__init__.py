"""careerpro-fla: client for the CareerPro Federal Learning Account REST API of the Belgian
social security platform.

Two levels, both over the Rust core's bridge (:mod:`careerpro_fla._bridge`), so every rule,
default and error code is the core's:

* sans-IO: load a :class:`SigningKey`, :func:`sign_assertion`, :func:`token_request` gives a
  :class:`Request` to send with any HTTP client, :func:`parse_token_response` gives an
  :class:`AccessToken` or raises a typed error; :func:`api_request`,
  :func:`parse_api_response`, :class:`TokenManager`, :class:`Poller`, :func:`build_requests`;
* batteries: :class:`Client`, :class:`AsyncClient` (httpx), :class:`RequestsClient`
  (requests) cache the token, retry as advised and follow pages; :class:`HttpxAuth` and
  :class:`RequestsAuth` do the same for your own sessions.

Units: ``now`` is Unix seconds and names ending in ``_ms`` are milliseconds (``_s``: seconds).

>>> from careerpro_fla import Profile
>>> Profile.fla("acceptance", "employer").token_url
'https://services-acpt.socialsecurity.be/REST/oauth/v5/token'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._native import CHAMAN_RULES, __version__
from .api import (
    ApiResponse,
    Method,
    PollStepInfo,
    Poller,
    Request,
    RetryAdvice,
    RetryPolicyConfig,
    TransportKind,
    advise_retry,
    api_request,
    error_from_response,
    next_page_request,
    parse_api_response,
    to_curl,
)
from .assertion import Assertion, UnsignedAssertion, prepare_assertion, sign_assertion
from .bulk import BulkResult, FieldKind, RowError, build_requests, default_bulk_fields
from .certificate import Certificate, Finding
from .client import AssertionOptions, AsyncClient, Client, RequestsClient, TransportFailure
from .errors import (
    ApiError,
    CareerProError,
    CertificateError,
    ErrorCodeInfo,
    InvalidClient,
    InvalidGrant,
    InvalidRequest,
    InvalidScope,
    KeyLoadError,
    KeyPasswordError,
    OAuthError,
    PollTimeoutError,
    ProblemError,
    ResponseError,
    SigningError,
    TokenEndpointError,
    TokenError,
    TokenResponseError,
    TransportError,
    UnauthorizedClient,
    UnsupportedGrantType,
    ValidationError,
    error_codes,
)
from .ids import Date, EnterpriseNumber, NssoNumber, Ssin, is_leap_year
from .keys import Algorithm, ExternalKey, PublicKey, SigningKey
from .profile import SCOPE_AGENT, SCOPE_EMPLOYER, Environment, Origin, Profile, Quality
from .tokens import (
    AccessToken,
    Fail,
    FetchToken,
    TokenAction,
    TokenManager,
    UseToken,
    Wait,
    parse_token_response,
    token_request,
)

if TYPE_CHECKING:
    from .httpx_auth import HttpxAuth
    from .requests_auth import RequestsAuth


def __getattr__(name: str) -> Any:
    # The auth classes subclass httpx's / use requests' types: imported on first use, so that
    # the package imports without either (the ImportError names the extra to install).
    if name == "HttpxAuth":
        from .httpx_auth import HttpxAuth

        return HttpxAuth
    if name == "RequestsAuth":
        from .requests_auth import RequestsAuth

        return RequestsAuth
    raise AttributeError(f"module 'careerpro_fla' has no attribute {name!r}")


__all__ = [
    "AccessToken",
    "Algorithm",
    "ApiError",
    "ApiResponse",
    "Assertion",
    "AssertionOptions",
    "AsyncClient",
    "BulkResult",
    "CHAMAN_RULES",
    "CareerProError",
    "Certificate",
    "CertificateError",
    "Client",
    "Date",
    "EnterpriseNumber",
    "Environment",
    "ErrorCodeInfo",
    "ExternalKey",
    "Fail",
    "FetchToken",
    "FieldKind",
    "Finding",
    "HttpxAuth",
    "InvalidClient",
    "InvalidGrant",
    "InvalidRequest",
    "InvalidScope",
    "KeyLoadError",
    "KeyPasswordError",
    "Method",
    "NssoNumber",
    "OAuthError",
    "Origin",
    "PollStepInfo",
    "PollTimeoutError",
    "Poller",
    "ProblemError",
    "Profile",
    "PublicKey",
    "Quality",
    "Request",
    "RequestsAuth",
    "RequestsClient",
    "ResponseError",
    "RetryAdvice",
    "RetryPolicyConfig",
    "RowError",
    "SCOPE_AGENT",
    "SCOPE_EMPLOYER",
    "SigningError",
    "SigningKey",
    "Ssin",
    "TokenAction",
    "TokenEndpointError",
    "TokenError",
    "TokenManager",
    "TokenResponseError",
    "TransportError",
    "TransportFailure",
    "TransportKind",
    "UnauthorizedClient",
    "UnsignedAssertion",
    "UnsupportedGrantType",
    "UseToken",
    "ValidationError",
    "Wait",
    "__version__",
    "advise_retry",
    "api_request",
    "build_requests",
    "default_bulk_fields",
    "error_codes",
    "error_from_response",
    "is_leap_year",
    "next_page_request",
    "parse_api_response",
    "parse_token_response",
    "prepare_assertion",
    "sign_assertion",
    "to_curl",
    "token_request",
]
