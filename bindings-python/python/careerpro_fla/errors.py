"""Exceptions: one base class, one subclass per family a caller handles differently.

Every exception carries the core's stable ``code`` (``"oauth_invalid_client"``,
``"ssin_invalid"``, …; the list is :func:`careerpro_fla.error_codes`), a ``message`` for people
that never contains a secret, and, when the failure came from an HTTP answer, the ``status``,
the server's ``trace_id`` (``BelGov-Trace-Id``) and the advised ``retry_after`` seconds.

The mapping from code to class lives in one place, ``bindings-python/src/error.rs``; a test
proves that every code maps to a class more specific than :class:`CareerProError`.

>>> from careerpro_fla import Ssin, ValidationError
>>> try:
...     Ssin("123")
... except ValidationError as e:
...     print(e.code)
ssin_invalid
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional

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
    retryable: bool
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
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.trace_id = trace_id
        self.retry_after = retry_after
        self.retryable = retryable
        self.excerpt = excerpt
        self._oauth = dict(oauth) if oauth is not None else None
        self._problem = dict(problem) if problem is not None else None

    @property
    def problem(self) -> Optional[Dict[str, Any]]:
        """The RFC 9457 problem details the server sent, as a dict with the wire names."""
        return self._problem

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
