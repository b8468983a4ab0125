"""The token endpoint (RFC 6749 §4.4, RFC 7523 §2.2): the request as data, the answer read into
an :class:`AccessToken` or a typed error; and the :class:`TokenManager`, the core's state
machine that caches the token and says when to fetch one (bridge object ``token_manager``).

Units: ``now`` is Unix seconds and ``now_ms`` Unix milliseconds, as the names say;
:class:`AccessToken` times are seconds; token-manager times are milliseconds (``_ms``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Dict, Literal, Mapping, Optional, Union, final

from . import _bridge
from ._convert import Body, Headers, body as _body, headers as _headers, invalid, ms
from .api import Request, TransportKind
from .assertion import Assertion
from .errors import CareerProError, from_payload

__all__ = [
    "AccessToken",
    "Fail",
    "FetchToken",
    "Handled",
    "TokenAction",
    "TokenManager",
    "UseToken",
    "Wait",
    "WaitReason",
    "parse_token_response",
    "token_request",
]


@final
class AccessToken:
    """A bearer access token. ``repr`` and ``str`` never show it; :attr:`secret` does."""

    __slots__ = ("_secret", "token_type", "issued_at", "expires_in", "expires_at", "scope")

    def __init__(
        self,
        value: str,
        issued_at: int,
        expires_in: Optional[int] = None,
        scope: Optional[str] = None,
    ) -> None:
        """A token from its parts (obtained elsewhere, or for tests); ``issued_at`` in Unix
        seconds."""
        self._secret = value
        self.token_type = "Bearer"
        self.issued_at = issued_at
        self.expires_in = expires_in
        self.expires_at: Optional[int] = None if expires_in is None else issued_at + expires_in
        self.scope = scope

    @classmethod
    def _of(cls, view: Mapping[str, Any]) -> "AccessToken":
        t = cls.__new__(cls)
        t._secret = view["access_token"]
        t.token_type = view["token_type"]
        t.issued_at = int(view["issued_at"]) // 1000
        t.expires_in = view.get("expires_in_s")
        at = view.get("expires_at")
        t.expires_at = None if at is None else int(at) // 1000
        t.scope = view.get("scope")
        return t

    @property
    def secret(self) -> str:
        """The token itself, for the ``Authorization`` header. Handle with care."""
        return self._secret

    def is_expired(self, now: Optional[float] = None) -> bool:
        """Whether the token has expired at ``now`` (Unix seconds; default: the clock)."""
        when = time.time() if now is None else now
        return self.expires_at is not None and when >= self.expires_at

    def authorization(self) -> str:
        """The ``Authorization`` header value: ``Bearer <token>``."""
        return f"Bearer {self._secret}"

    def __repr__(self) -> str:
        return f"AccessToken({self.token_type}, [redacted], expires_at={self.expires_at!r}, scope={self.scope!r})"

    __str__ = __repr__


def token_request(
    token_url: str, assertion: Union[Assertion, str], scope: Optional[str] = None
) -> Request:
    """The token request: a form-encoded ``POST`` to ``token_url`` carrying the client
    assertion."""
    compact = assertion.compact if isinstance(assertion, Assertion) else assertion
    if not isinstance(compact, str):
        raise invalid("the assertion must be an Assertion or its compact str")
    i: Dict[str, Any] = {"token_url": token_url, "assertion": compact}
    if scope is not None:
        i["scope"] = scope
    return Request._of(_bridge.call("token_request", i))


def parse_token_response(
    status: int,
    headers: Headers,
    body: Body,
    now: Optional[float] = None,
) -> AccessToken:
    """Reads the token endpoint's answer at ``now`` (Unix seconds; default: the clock). 2xx
    gives the token; anything else raises the typed error (``InvalidClient``,
    ``TokenEndpointError``, …) with the status, trace id and ``Retry-After``."""
    i: Dict[str, Any] = {"status": status, "headers": _headers(headers)}
    if now is not None:
        i["now"] = ms(now)
    return AccessToken._of(_bridge.call("parse_token_response", i, _body(body)))


# --- the token manager -------------------------------------------------------------------------

WaitReason = Literal["fetch_in_flight", "backing_off", "throttled"]
Handled = Literal["stored", "ignored", "abandoned"]


@dataclass(frozen=True)
class UseToken:
    """Use this token."""

    token: AccessToken
    kind: Literal["use_token"] = "use_token"


@dataclass(frozen=True)
class FetchToken:
    """Fetch a token: sign an assertion dated ``assertion_now_ms`` (the clock corrected for the
    server's skew), send it, and feed the answer back with ``ticket``."""

    ticket: int
    assertion_now_ms: int
    kind: Literal["fetch_token"] = "fetch_token"


@dataclass(frozen=True)
class Wait:
    """Poll again at ``until_ms`` (in ``delay_ms``)."""

    until_ms: int
    delay_ms: int
    reason: WaitReason
    kind: Literal["wait"] = "wait"


@dataclass(frozen=True)
class Fail:
    """No token can be had now: ``error`` (not raised) says why."""

    error: CareerProError
    kind: Literal["fail"] = "fail"


TokenAction = Union[UseToken, FetchToken, Wait, Fail]
"""What :meth:`TokenManager.poll` answers; tell the kinds apart by ``kind``."""


def _action(out: Mapping[str, Any]) -> TokenAction:
    kind = out["kind"]
    if kind == "use_token":
        return UseToken(AccessToken._of(out["token"]))
    if kind == "fetch_token":
        return FetchToken(int(out["ticket"]), int(out["assertion_now"]))
    if kind == "wait":
        return Wait(int(out["until"]), int(out["delay_ms"]), out["reason"])
    return Fail(from_payload(out["error"]))


def _now(i: Dict[str, Any], now_ms: Optional[int]) -> Dict[str, Any]:
    if now_ms is not None:
        i["now"] = now_ms
    return i


@final
class TokenManager:
    """Caches the access token and schedules fetches: :meth:`poll` answers :class:`UseToken`,
    :class:`FetchToken` (sign, send, feed the answer back with the ticket), :class:`Wait` or
    :class:`Fail`. Every setting defaults to the core's value; one instance serves every
    thread."""

    __slots__ = ("_handle",)

    def __init__(
        self,
        *,
        seed: Optional[int] = None,
        refresh_percent: Optional[int] = None,
        refresh_floor_ms: Optional[int] = None,
        refresh_jitter_percent: Optional[int] = None,
        expiry_margin_ms: Optional[int] = None,
        default_lifetime_ms: Optional[int] = None,
        fetch_timeout_ms: Optional[int] = None,
        backoff_base_ms: Optional[int] = None,
        backoff_cap_ms: Optional[int] = None,
        retry_after_cap_ms: Optional[int] = None,
        failure_cooldown_ms: Optional[int] = None,
        min_fetch_interval_ms: Optional[int] = None,
        young_token_ms: Optional[int] = None,
        skew_tolerance_ms: Optional[int] = None,
        skew_limit_ms: Optional[int] = None,
        skew_hint_ms: Optional[int] = None,
    ) -> None:
        config = {k: v for k, v in {
            "refresh_percent": refresh_percent, "refresh_floor_ms": refresh_floor_ms,
            "refresh_jitter_percent": refresh_jitter_percent, "expiry_margin_ms": expiry_margin_ms,
            "default_lifetime_ms": default_lifetime_ms, "fetch_timeout_ms": fetch_timeout_ms,
            "backoff_base_ms": backoff_base_ms, "backoff_cap_ms": backoff_cap_ms,
            "retry_after_cap_ms": retry_after_cap_ms, "failure_cooldown_ms": failure_cooldown_ms,
            "min_fetch_interval_ms": min_fetch_interval_ms, "young_token_ms": young_token_ms,
            "skew_tolerance_ms": skew_tolerance_ms, "skew_limit_ms": skew_limit_ms,
            "skew_hint_ms": skew_hint_ms,
        }.items() if v is not None}
        i: Dict[str, Any] = {"config": config}
        if seed is not None:
            # The refresh jitter's seed, to replay a scenario exactly (default: the CSPRNG).
            i["seed"] = seed
        self._handle = _bridge.open("token_manager", i)

    def poll(self, now_ms: Optional[int] = None) -> TokenAction:
        """What to do now."""
        return _action(self._handle.call("poll", _now({}, now_ms)))

    def handle_response(
        self,
        ticket: int,
        status: int,
        headers: Headers,
        body: Body,
        now_ms: Optional[int] = None,
    ) -> Handled:
        """Feeds back the token endpoint's answer to fetch ``ticket``: ``stored``, ``ignored``
        (stale ticket), or raises the typed error (``InvalidClient``, ``TokenEndpointError``,
        …)."""
        i = _now({"ticket": ticket, "status": status, "headers": _headers(headers)}, now_ms)
        handled: Handled = self._handle.call("handle_response", i, _body(body))["handled"]
        return handled

    def handle_transport_error(
        self, ticket: int, kind: TransportKind, now_ms: Optional[int] = None
    ) -> Handled:
        """Feeds back that fetch ``ticket`` got no answer: raises ``TransportError`` (the next
        polls back off) or answers ``ignored``."""
        i = _now({"ticket": ticket, "kind": kind}, now_ms)
        handled: Handled = self._handle.call("handle_transport_error", i)["handled"]
        return handled

    def abandon(self, ticket: int) -> Handled:
        """Gives fetch ``ticket`` up without an answer (the assertion could not be signed, the
        caller was cancelled): the next poll may fetch at once."""
        handled: Handled = self._handle.call("abandon", {"ticket": ticket})["handled"]
        return handled

    def invalidate(self, now_ms: Optional[int] = None) -> bool:
        """Drops the cached token after an API refused it (401); answers whether one was
        dropped."""
        return bool(self._handle.call("invalidate", _now({}, now_ms))["dropped"])

    def assertion_time(self, now_ms: Optional[int] = None) -> int:
        """The ``iat`` for the next assertion, Unix **seconds**, corrected for clock skew."""
        # The state's skew is rounded to seconds; see the report (no `assertion_time` op).
        skew = self._state().get("clock_skew_ms") or 0
        now = int(time.time() * 1000) if now_ms is None else now_ms
        return (now + skew) // 1000

    def _state(self) -> Dict[str, Any]:
        state: Dict[str, Any] = self._handle.call("state", "{}")
        return state

    @property
    def clock_skew(self) -> Optional[int]:
        """Token endpoint clock minus host clock, seconds; ``None`` before any ``Date``."""
        skew = self._state().get("clock_skew_ms")
        return None if skew is None else int(skew) // 1000

    @property
    def token_expires_at_ms(self) -> Optional[int]:
        """When the cached token expires, Unix ms."""
        return self._state().get("token_expires_at")

    @property
    def in_flight(self) -> Optional[int]:
        """The ticket of the fetch in flight."""
        return self._state().get("in_flight")

    @property
    def last_error(self) -> Optional[CareerProError]:
        """The last failure (not raised), until a token is stored."""
        payload = self._state().get("last_error")
        return None if payload is None else from_payload(payload)

    @property
    def config(self) -> Dict[str, Any]:
        """Every setting in force (the core's ``TokenManagerConfig``)."""
        return dict(self._state()["config"])

    def __repr__(self) -> str:
        return "TokenManager([token redacted])"
