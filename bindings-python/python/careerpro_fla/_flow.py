"""The request loop, written once for every client (httpx sync and async, requests, the auth
classes): a generator that yields *effects* — send this request, sleep, wait for another
caller's token fetch — and receives their results. Each client only performs the effects
(h11's and httpx.Auth's pattern), so the decisions live here once and, below this module, in
the core: the token manager says when to fetch a token (bridge object ``token_manager``), the
retry advice says whether to repeat a call (``handle_api_response`` /
``handle_transport_error``, one call per attempt).
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass
from typing import (
    Any,
    Callable,
    Dict,
    Generator,
    List,
    Optional,
    Tuple,
    TypeVar,
    Union,
)

from . import _bridge
from .api import ApiResponse, Request, RetryPolicyConfig, TransportKind
from .errors import CareerProError, from_payload
from .keys import ExternalKey, SigningKey
from .profile import Profile
from .tokens import AccessToken, Fail, FetchToken, TokenManager, UseToken

T = TypeVar("T")
Key = Union[SigningKey, ExternalKey]
Answer = Tuple[int, List[Tuple[str, str]], bytes]
"""What a transport returns: status, headers (repeated names kept), body."""

Flow = Generator[Any, Any, T]


class TransportFailure(Exception):
    """Raised by a transport when no answer came back; ``kind`` is the core's name (``timeout``,
    ``dns``, ``refused``, ``connect``, ``tls``, ``other``) and ``cause`` the client's own
    exception."""

    def __init__(self, kind: TransportKind, cause: BaseException) -> None:
        super().__init__(f"{kind}: {cause}")
        self.kind: TransportKind = kind
        self.cause = cause


@dataclass(frozen=True)
class Send:
    """Send ``request``; the result is an :data:`Answer`, or :class:`TransportFailure` thrown
    in."""

    request: Request


@dataclass(frozen=True)
class Sleep:
    """Sleep ``seconds`` (a retry's back-off)."""

    seconds: float


@dataclass(frozen=True)
class WaitForFetch:
    """Wait up to ``seconds`` unless a token fetch ends first (``generation`` is the count of
    ended fetches when the manager said to wait)."""

    generation: int
    seconds: float


@dataclass(frozen=True)
class SendUser:
    """(auth classes) Send the caller's own request, now carrying ``authorization``."""

    authorization: str


Effect = Union[Send, Sleep, WaitForFetch, SendUser]


class Engine:
    """What every client shares: credentials, profile, token manager, retry policy, and the
    flows. ``on_fetch_ended`` wakes the callers waiting for a fetch (threads or tasks)."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        token_manager: Optional[TokenManager],
        retry_policy: Optional[RetryPolicyConfig],
        assertion_options: Optional[Dict[str, Any]],
        token_wait_s: Optional[float],
    ) -> None:
        if not isinstance(key, (SigningKey, ExternalKey)):
            raise _invalid(f"the key must be a SigningKey or an ExternalKey, not {type(key).__name__}")
        if not isinstance(profile, Profile):
            raise _invalid(f"the profile must be a Profile (Profile.fla(environment, quality)), not {type(profile).__name__}")
        self.key = key
        self.client_id = client_id
        self.profile = profile
        self.token_manager = token_manager if token_manager is not None else TokenManager()
        self.retry_policy = retry_policy
        self._policy = retry_policy.to_dict() if retry_policy is not None else None
        self._assertion: Dict[str, Any] = {"client_id": client_id, "audience": profile.audience}
        for name, value in (assertion_options or {}).items():
            self._assertion["lifetime_s" if name == "lifetime" else name] = value
        transport = _bridge.defaults()["transport"]
        self.token_wait_s = (
            token_wait_s if token_wait_s is not None else transport["token_wait_ms"] / 1000
        )
        self.fetches_ended = 0
        self.on_fetch_ended: Callable[[], None] = lambda: None

    # --- the token --------------------------------------------------------------------------

    def token_flow(self) -> Flow[AccessToken]:
        """A usable token: the cached one, or one fetched (one fetch at a time across callers;
        the others wait for it)."""
        started = time.monotonic()
        while True:
            generation = self.fetches_ended
            act = self.token_manager.poll()
            if isinstance(act, UseToken):
                return act.token
            if isinstance(act, Fail):
                raise act.error
            if isinstance(act, FetchToken):
                yield from self._fetch(act)
                continue
            waited = time.monotonic() - started
            if act.reason != "fetch_in_flight" and waited + act.delay_ms / 1000 > self.token_wait_s:
                last = self.token_manager.last_error
                if last is not None:
                    raise last
            yield WaitForFetch(generation, max(act.delay_ms / 1000, 0.001))

    def _fetch(self, act: FetchToken) -> Flow[None]:
        try:
            try:
                options = dict(self._assertion, now=act.assertion_now_ms)
                assertion = self.key._sign_assertion(options)
                i: Dict[str, Any] = {"token_url": self.profile.token_url, "assertion": assertion["assertion"]}
                if self.profile.scope is not None:
                    i["scope"] = self.profile.scope
                request = Request._of(_bridge.call("token_request", i))
            except BaseException:
                # Nothing was sent: free the ticket so that the next caller may try at once.
                self.token_manager.abandon(act.ticket)
                raise
            try:
                status, headers, body = yield Send(request)
            except TransportFailure as failure:
                self._token_transport_failure(act.ticket, request, failure)
                return
            except BaseException:
                self.token_manager.abandon(act.ticket)  # cancelled while in flight
                raise
            self.token_manager.handle_response(act.ticket, status, headers, body)
        finally:
            self.fetches_ended += 1
            self.on_fetch_ended()

    def _token_transport_failure(self, ticket: int, request: Request, failure: TransportFailure) -> None:
        try:
            self.token_manager.handle_transport_error(ticket, failure.kind)
        except CareerProError as manager_error:
            # The manager backs off; the error that names the URL and the kind is the core's
            # transport reading of this attempt when it gives up, else the manager's.
            advice = _bridge.call("handle_transport_error", {
                "method": request.method, "url": request.url, "kind": failure.kind,
                "detail": str(failure.cause),
            })
            error = from_payload(advice["error"]) if advice["kind"] == "give_up" else manager_error
            raise error from failure.cause

    # --- API calls --------------------------------------------------------------------------

    def call_flow(
        self, build: Callable[[AccessToken], Request], idempotent: Optional[bool]
    ) -> Flow[Tuple[ApiResponse, Request]]:
        """One API call: a token, the request, the core's advice after each attempt (retry,
        refresh the token and retry once, give up with the typed error)."""
        attempt = 1
        refreshed = False
        while True:
            token = yield from self.token_flow()
            request = build(token)
            i: Dict[str, Any] = {"method": request.method, "url": request.url,
                                 "attempt": attempt, "token_refreshed": refreshed}
            if idempotent is not None:
                i["idempotent"] = idempotent
            if self._policy is not None:
                i["retry_policy"] = self._policy
            cause: Optional[BaseException] = None
            try:
                status, headers, body = yield Send(request)
            except TransportFailure as failure:
                i["kind"] = failure.kind
                i["detail"] = str(failure.cause)
                cause = failure.cause
                out = _bridge.call("handle_transport_error", i)
            else:
                i["status"] = status
                i["headers"] = headers
                out = _bridge.call("handle_api_response", i, body)
            kind = out["kind"]
            if kind == "success":
                return ApiResponse(out["response"], body, request.method, request.url), request
            if kind == "retry":
                yield Sleep(out["delay_ms"] / 1000)
                attempt += 1
            elif kind == "refresh_token":
                self.token_manager.invalidate()
                refreshed = True
            else:
                raise from_payload(out["error"]) from cause

    # --- auth classes -----------------------------------------------------------------------

    def auth_flow(self, method: str, url: str) -> Flow[None]:
        """For the caller's own request (httpx.Auth, requests auth): the ``Authorization`` to
        send it with; after a 401 the core's advice decides on one retry with a new token."""
        token = yield from self.token_flow()
        status, headers, body = yield SendUser(token.authorization())
        if status != 401:
            return
        advice = _bridge.call("handle_api_response", {
            "method": method, "url": url, "status": status, "headers": headers,
        }, body)
        if advice["kind"] == "refresh_token":
            self.token_manager.invalidate()
            token = yield from self.token_flow()
            yield SendUser(token.authorization())


def with_token(request: Request, token: AccessToken) -> Request:
    """The same request with this token (a retry after a refresh needs the new one)."""
    headers = [
        (k, token.authorization() if k.lower() == "authorization" else v) for k, v in request.headers
    ]
    data: Dict[str, Any] = {"method": request.method, "url": request.url, "headers": headers}
    if request.body is not None:
        data["body"] = request.body
    return Request._of(data)


def transport_kind(error: BaseException) -> TransportKind:
    """The core's name for how a request got no answer, from the HTTP client's exception and
    the exceptions it wraps (``__cause__``, ``__context__``, urllib3's ``reason``, ``args``)."""
    names: List[str] = []
    seen: List[int] = []
    todo: List[Any] = [error]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or id(e) in seen:
            continue
        seen.append(id(e))
        if isinstance(e, ssl.SSLError) or isinstance(e, ssl.CertificateError):
            return "tls"
        if isinstance(e, socket.gaierror):
            return "dns"
        if isinstance(e, ConnectionRefusedError):
            return "refused"
        if isinstance(e, (socket.timeout, TimeoutError)):
            return "timeout"
        names.append(type(e).__name__.lower())
        todo.extend([e.__cause__, e.__context__, getattr(e, "reason", None), *e.args])
    text = " ".join(names)
    if "timeout" in text:
        return "timeout"
    if "nameresolution" in text:
        return "dns"
    if "ssl" in text:
        return "tls"
    if "connect" in text:
        return "connect"
    return "other"


def _invalid(message: str) -> CareerProError:
    return from_payload({"code": "invalid_argument", "message": message, "retryable": False})
