"""Exceptions: one base class, one subclass per family a caller handles differently.

Every exception carries the core's stable ``code`` (``"oauth_invalid_client"``,
``"ssin_invalid"``, …; the list is :func:`careerpro_fla.error_codes`), a ``message`` for people
that never contains a secret, and, when the failure came from an HTTP answer, the ``status``,
the server's ``trace_id`` (``BelGov-Trace-Id``) and the advised ``retry_after`` seconds
(``retry_after_ms`` in milliseconds), ``transport`` (how a request got no answer), ``oauth``
(the RFC 6749 error body) and ``problem`` (RFC 9457 problem details).

Every exception is built from the core's error payload by one function, :func:`from_payload`,
and the mapping from code to class is one table, ``_CLASSES``; a test proves that every code
maps to a class more specific than :class:`CareerProError`.

>>> from careerpro_fla import Ssin, ValidationError
>>> try:
...     Ssin("123")
... except ValidationError as e:
...     print(e.code)
ssin_invalid
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Type

__all__ = [
    "CareerProError",
    "ValidationError",
    "KeyLoadError",
    "KeyPasswordError",
    "SigningError",
    "CertificateError",
    "TokenError",
    "TokenResponseError",
    "TokenEndpointError",
    "OAuthError",
    "InvalidRequest",
    "InvalidClient",
    "InvalidGrant",
    "UnauthorizedClient",
    "UnsupportedGrantType",
    "InvalidScope",
    "ApiError",
    "ProblemError",
    "ResponseError",
    "TransportError",
    "PollTimeoutError",
]


class CareerProError(Exception):
    """Base class of every error this package raises.

    Catch a subclass to handle one family; catch this to handle them all. Codes added to the
    core after this package was built arrive as this class with their own ``code``.
    """

    code: str
    message: str
    status: Optional[int]
    trace_id: Optional[str]
    retry_after: Optional[int]
    retry_after_ms: Optional[int]
    retryable: bool
    transport: Optional[str]
    excerpt: Optional[str]

    def __init__(
        self,
        message: str,
        *,
        code: str = "unknown",
        status: Optional[int] = None,
        trace_id: Optional[str] = None,
        retry_after: Optional[int] = None,
        retryable: bool = False,
        oauth: Optional[Mapping[str, Optional[str]]] = None,
        problem: Optional[Mapping[str, Any]] = None,
        excerpt: Optional[str] = None,
        retry_after_ms: Optional[int] = None,
        transport: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.trace_id = trace_id
        if retry_after_ms is None and retry_after is not None:
            retry_after_ms = retry_after * 1000
        if retry_after is None and retry_after_ms is not None:
            retry_after = retry_after_ms // 1000
        self.retry_after = retry_after
        self.retry_after_ms = retry_after_ms
        self.retryable = retryable
        self.transport = transport
        self.excerpt = excerpt
        self._oauth = dict(oauth) if oauth is not None else None
        self._problem = dict(problem) if problem is not None else None

    @property
    def problem(self) -> Optional[Dict[str, Any]]:
        """The RFC 9457 problem details the server sent, as a dict with the wire names."""
        return self._problem

    @property
    def oauth(self) -> Optional[Dict[str, Optional[str]]]:
        """The RFC 6749 §5.2 error body (``error``, ``error_description``, ``error_uri``)."""
        return self._oauth

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def __repr__(self) -> str:
        extra = f", status={self.status}" if self.status is not None else ""
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r}{extra})"

    def __reduce__(self) -> Any:
        # Keyword-only state survives pickling (multiprocessing, joblib, Dask workers).
        return (_rebuild, (type(self), self.message, self.__dict__.copy()))


def _rebuild(cls: "type[CareerProError]", message: str, state: Dict[str, Any]) -> CareerProError:
    err = cls.__new__(cls)
    Exception.__init__(err, message)
    err.__dict__.update(state)
    return err


class ValidationError(CareerProError, ValueError):
    """An argument, URL, path, header, JSON text, identifier (SSIN, enterprise number, NSSO
    number) or date is not valid, or an input is too large."""


class KeyLoadError(CareerProError, ValueError):
    """The key could not be loaded or used: unknown format, damaged, unsupported type or
    curve, RSA shorter than 2048 bits, PKCS#12 entry not found, algorithm not fitting."""


class KeyPasswordError(KeyLoadError):
    """The key is encrypted and the password is missing (``key_password_required``) or wrong
    (``key_password_incorrect``)."""


class SigningError(CareerProError):
    """The signature could not be computed, or an external signer returned an unusable one."""


class CertificateError(CareerProError, ValueError):
    """The certificate is not valid X.509, is missing where needed, or does not belong to the
    key."""


class TokenError(CareerProError):
    """Something went wrong getting an access token."""


class TokenResponseError(TokenError):
    """The token endpoint answered 2xx with something that is not a usable bearer token."""


class TokenEndpointError(TokenError):
    """The token endpoint failed without an OAuth error body (5xx, HTML, problem details)."""


class OAuthError(TokenError):
    """An RFC 6749 §5.2 error response; ``error`` holds the wire code (an extension code when
    this class is raised itself)."""

    @property
    def error(self) -> str:
        """RFC 6749 ``error``."""
        return (self._oauth or {}).get("error") or ""

    @property
    def error_description(self) -> Optional[str]:
        """RFC 6749 ``error_description``."""
        return (self._oauth or {}).get("error_description")

    @property
    def error_uri(self) -> Optional[str]:
        """RFC 6749 ``error_uri``."""
        return (self._oauth or {}).get("error_uri")


class InvalidRequest(OAuthError):
    """``invalid_request``: the token request was malformed."""


class InvalidClient(OAuthError):
    """``invalid_client``: unknown client id, wrong key or certificate, wrong audience, clock
    off. Never retried."""


class InvalidGrant(OAuthError):
    """``invalid_grant``."""


class UnauthorizedClient(OAuthError):
    """``unauthorized_client``: the Chaman account may not use this grant."""


class UnsupportedGrantType(OAuthError):
    """``unsupported_grant_type``."""


class InvalidScope(OAuthError):
    """``invalid_scope``: a scope of another quality was requested."""


class ApiError(CareerProError):
    """The API answered an error status without problem details (``excerpt`` shows the body)."""


class ProblemError(ApiError):
    """The API answered RFC 9457 problem details."""

    @property
    def type(self) -> str:
        """``type``: a URI such as ``urn:problem-type:belgif:badRequest``."""
        return str((self._problem or {}).get("type") or "about:blank")

    @property
    def title(self) -> Optional[str]:
        """``title``."""
        return (self._problem or {}).get("title")

    @property
    def detail(self) -> Optional[str]:
        """``detail`` (for developers, not end users)."""
        return (self._problem or {}).get("detail")

    @property
    def instance(self) -> Optional[str]:
        """``instance``: what the service desk asks for."""
        return (self._problem or {}).get("instance")

    @property
    def issues(self) -> List[Dict[str, Any]]:
        """Belgif ``issues`` (and legacy ``invalidParams``), each a dict with the wire names
        (``type``, ``title``, ``detail``, ``in``, ``name``, ``value``, …)."""
        return list((self._problem or {}).get("issues") or [])


class ResponseError(CareerProError):
    """A success response is not what it promises: malformed body, no ``Location``, a
    ``Retry-After`` that is neither seconds nor a date."""


class TransportError(CareerProError):
    """The request did not reach the server or got no answer (timeout, refused, TLS)."""


class PollTimeoutError(CareerProError, TimeoutError):
    """Polling an asynchronous result passed its deadline (``poll_timeout``)."""


# The one table from the core's stable codes to the classes above. A code added to the core
# after this table raises the base class with its own ``code``; `tests/test_errors.py` walks
# the core's `error_codes` and fails if any current code is missing here.
_CLASSES: Dict[str, Type[CareerProError]] = {
    "invalid_argument": ValidationError,
    "url_invalid": ValidationError,
    "path_invalid": ValidationError,
    "header_invalid": ValidationError,
    "json_invalid": ValidationError,
    "input_too_large": ValidationError,
    "ssin_invalid": ValidationError,
    "enterprise_number_invalid": ValidationError,
    "nsso_number_invalid": ValidationError,
    "date_invalid": ValidationError,
    "key_format_unrecognized": KeyLoadError,
    "key_malformed": KeyLoadError,
    "key_unsupported": KeyLoadError,
    "key_too_weak": KeyLoadError,
    "key_algorithm_mismatch": KeyLoadError,
    "key_entry_not_found": KeyLoadError,
    "key_entry_ambiguous": KeyLoadError,
    "key_password_required": KeyPasswordError,
    "key_password_incorrect": KeyPasswordError,
    "signing_failed": SigningError,
    "external_signature_invalid": SigningError,
    "certificate_malformed": CertificateError,
    "certificate_missing": CertificateError,
    "key_certificate_mismatch": CertificateError,
    "token_response_malformed": TokenResponseError,
    "token_type_unsupported": TokenResponseError,
    "token_endpoint_error": TokenEndpointError,
    "oauth_invalid_request": InvalidRequest,
    "oauth_invalid_client": InvalidClient,
    "oauth_invalid_grant": InvalidGrant,
    "oauth_unauthorized_client": UnauthorizedClient,
    "oauth_unsupported_grant_type": UnsupportedGrantType,
    "oauth_invalid_scope": InvalidScope,
    "oauth_other": OAuthError,
    "api_problem": ProblemError,
    "api_error": ApiError,
    "response_malformed": ResponseError,
    "location_missing": ResponseError,
    "retry_after_invalid": ResponseError,
    "transport_error": TransportError,
    "poll_timeout": PollTimeoutError,
}


def class_for(code: str) -> Type[CareerProError]:
    """The exception class the core's error ``code`` raises (the base class for a code this
    package does not know yet)."""
    return _CLASSES.get(code, CareerProError)


def from_payload(payload: Mapping[str, Any]) -> CareerProError:
    """The exception for the core's error payload (``{"code", "message", "retryable",
    "status"?, "retry_after_ms"?, "trace_id"?, "transport"?, "oauth"?, "problem"?,
    "excerpt"?}``): the class of its code, every member as an attribute (absent → ``None``).

    >>> e = from_payload({"code": "ssin_invalid", "message": "bad check digits", "retryable": False})
    >>> type(e).__name__, e.code, e.status
    ('ValidationError', 'ssin_invalid', None)
    """
    code = str(payload.get("code") or "unknown")
    oauth = payload.get("oauth")
    problem = payload.get("problem")
    return class_for(code)(
        str(payload.get("message") or ""),
        code=code,
        retryable=bool(payload.get("retryable", False)),
        status=payload.get("status"),
        retry_after_ms=payload.get("retry_after_ms"),
        trace_id=payload.get("trace_id"),
        transport=payload.get("transport"),
        oauth=_oauth_dict(oauth) if isinstance(oauth, Mapping) else None,
        problem=_problem_dict(problem) if isinstance(problem, Mapping) else None,
        excerpt=payload.get("excerpt"),
    )


def _from_payload_json(text: str) -> CareerProError:
    # The compiled module's own errors arrive here as the payload's JSON text.
    return from_payload(json.loads(text))


def _oauth_dict(oauth: Mapping[str, Any]) -> Dict[str, Optional[str]]:
    return {
        "error": oauth.get("error"),
        "error_description": oauth.get("error_description"),
        "error_uri": oauth.get("error_uri"),
    }


def _problem_dict(problem: Mapping[str, Any]) -> Dict[str, Any]:
    # The problem as the server wrote it (extension members beside the standard ones, as the
    # core writes them), with the standard members always present (None when left out).
    out: Dict[str, Any] = dict(problem)
    for name in ("type", "title", "status", "detail", "instance"):
        out.setdefault(name, None)
    out["issues"] = [_issue_dict(i) for i in problem.get("issues") or [] if isinstance(i, Mapping)]
    return out


def _issue_dict(issue: Mapping[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = dict(issue)
    for name in ("type", "title", "detail", "in", "name", "value"):
        out.setdefault(name, None)
    return out


class ErrorCodeInfo:
    """One entry of :func:`error_codes`: the stable code, its meaning and the exception class
    it raises."""

    __slots__ = ("code", "meaning")

    def __init__(self, code: str, meaning: str) -> None:
        self.code = code
        self.meaning = meaning

    @property
    def exception(self) -> Type[CareerProError]:
        """The exception class raised for it."""
        return class_for(self.code)

    def __repr__(self) -> str:
        return f"ErrorCodeInfo({self.code!r})"


def error_codes() -> List[ErrorCodeInfo]:
    """Every error code of the core, in declaration order (bridge operation ``error_codes``)."""
    from . import _bridge

    return [ErrorCodeInfo(c["code"], c["meaning"]) for c in _bridge.call("error_codes")]
