"""API calls as data: requests built under the base URL, responses read into data or typed
errors, retry advice, paging and polling. Every decision is the core's (bridge operations
``api_request``, ``parse_api_response``, ``handle_api_response``, ``handle_transport_error``,
``error_from_response``, ``curl`` and the ``poller`` object); this module converts.

Units: ``now`` arguments are Unix **seconds** (as elsewhere in the package); names ending in
``_ms`` are milliseconds, ``_s`` seconds.

>>> r = api_request("GET", "employers", base_url="https://h.test/api", access_token="tok",
...                 segments=["0884303369"], query={"page": 2}, trace_id="t-1")
>>> r.url
'https://h.test/api/employers/0884303369?page=2'
>>> r
Request(method='GET', url='https://h.test/api/employers/0884303369?page=2', headers=[('Authorization', 'Bearer [redacted]'), ('Accept', 'application/json, application/problem+json'), ('BelGov-Trace-Id', 't-1')], body=None)
"""

from __future__ import annotations

import urllib.parse
from typing import (
    Any,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
    final,
)

from . import _bridge
from ._convert import Body, Headers, body as _body, headers as _headers, invalid, ms
from .errors import CareerProError, from_payload
from .profile import Profile

__all__ = [
    "ApiResponse",
    "Method",
    "PollStepInfo",
    "Poller",
    "Request",
    "RetryAdvice",
    "RetryPolicyConfig",
    "TransportKind",
    "advise_retry",
    "api_request",
    "error_from_response",
    "next_page_request",
    "parse_api_response",
    "to_curl",
]

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]
"""The methods the core builds (any case is accepted at run time)."""

TransportKind = Literal["timeout", "dns", "refused", "connect", "tls", "other"]
"""How a request got no answer (the core's names)."""

Query = Union[Mapping[str, Any], Iterable[Tuple[str, Any]]]


@final
class Request:
    """A request to send exactly as given. ``repr`` hides the ``Authorization`` header and any
    ``client_assertion``; the attributes hold the real values for the HTTP client."""

    __slots__ = ("method", "url", "headers", "body")
    method: str
    url: str
    headers: List[Tuple[str, str]]
    body: Optional[str]

    def __init__(
        self,
        method: str,
        url: str,
        headers: Optional[Headers] = None,
        body: Optional[str] = None,
    ) -> None:
        """A request from its parts (for tests and hand-written calls); the core checks it."""
        pairs = _headers(headers) if headers is not None else []
        checked = _bridge.call(
            "curl", {"request": {"method": method, "url": url, "headers": pairs, "body": body}}
        )
        del checked  # only the check matters here
        _init(self, method.upper(), url, pairs, body)

    @classmethod
    def _of(cls, data: Mapping[str, Any]) -> "Request":
        r = cls.__new__(cls)
        _init(r, data["method"], data["url"], [tuple(h) for h in data["headers"]], data.get("body"))
        return r

    def _data(self) -> Dict[str, Any]:
        d: Dict[str, Any] = {"method": self.method, "url": self.url, "headers": self.headers}
        if self.body is not None:
            d["body"] = self.body
        return d

    @property
    def content(self) -> Optional[bytes]:
        """The body as UTF-8 bytes (what goes on the wire), or ``None``."""
        return None if self.body is None else self.body.encode()

    def header(self, name: str) -> Optional[str]:
        """The first value of a header, matched case-insensitively."""
        lower = name.lower()
        for k, v in self.headers:
            if k.lower() == lower:
                return v
        return None

    def headers_dict(self) -> Dict[str, str]:
        """The headers as a dict (the last of repeated names wins)."""
        return dict(self.headers)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Request) and self._data() == other._data()

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Request is immutable")

    def __repr__(self) -> str:
        # The core's redaction (http::redact_header / redact_body); see the report on the
        # bridge: a `redact` operation would let this call the core instead.
        shown = [(k, _redact_header(k, v)) for k, v in self.headers]
        shown_body = None if self.body is None else _redact_body(self.body)
        return f"Request(method={self.method!r}, url={self.url!r}, headers={shown!r}, body={shown_body!r})"


def _init(r: Request, method: str, url: str, headers: List[Tuple[str, str]], body: Optional[str]) -> None:
    object.__setattr__(r, "method", method)
    object.__setattr__(r, "url", url)
    object.__setattr__(r, "headers", headers)
    object.__setattr__(r, "body", body)


def _redact_header(name: str, value: str) -> str:
    if name.lower() != "authorization":
        return value
    scheme, sep, _ = value.partition(" ")
    return f"{scheme} [redacted]" if sep else "[redacted]"


def _redact_body(body: str) -> str:
    if "client_assertion=" not in body and "client_secret=" not in body:
        return body
    out = []
    for pair in body.split("&"):
        k, sep, _ = pair.partition("=")
        out.append(f"{k}=[redacted]" if sep and k in ("client_assertion", "client_secret") else pair)
    return "&".join(out)


@final
class ApiResponse:
    """A successful (2xx) API response: the core's reading of it, and the raw body."""

    __slots__ = ("_view", "_body", "_method", "_url")

    def __init__(self, view: Mapping[str, Any], body: bytes, method: str, url: str) -> None:
        self._view = view
        self._body = body
        self._method = method
        self._url = url

    @property
    def status(self) -> int:
        """The status code."""
        return int(self._view["status"])

    def json(self) -> Any:
        """The JSON body (parsed by the core), or ``None`` (empty body, ``HEAD``, not JSON: see
        :attr:`body`). Called like httpx's ``response.json()``."""
        return self._view.get("json")

    @property
    def location(self) -> Optional[str]:
        """``Location``, resolved against the request URL."""
        return self._view.get("location")

    @property
    def trace_id(self) -> Optional[str]:
        """The server's ``BelGov-Trace-Id``."""
        return self._view.get("trace_id")

    @property
    def headers(self) -> List[Tuple[str, str]]:
        """The response headers, as received."""
        return [(k, v) for k, v in self._view.get("headers", [])]

    @property
    def body(self) -> bytes:
        """The raw body."""
        return bytes(self._body)

    @property
    def url(self) -> str:
        """The URL of the request this answers."""
        return self._url

    def header(self, name: str) -> Optional[str]:
        """The first value of a header, matched case-insensitively."""
        lower = name.lower()
        for k, v in self._view.get("headers", []):
            if k.lower() == lower:
                return str(v)
        return None

    def items(self) -> List[Any]:
        """The ``items`` of a collection page (or the page itself when it is a JSON array)."""
        # paging::items; the bridge's response view has no `items` yet (see the report).
        j = self._view.get("json")
        if isinstance(j, list):
            return j
        if isinstance(j, dict) and isinstance(j.get("items"), list):
            return list(j["items"])
        return []

    def total(self) -> Optional[int]:
        """The ``total`` of a collection page, when the server sent one."""
        return self._view.get("total")

    def next_link(self) -> Optional[str]:
        """The ``next`` link as written (body ``next``, HAL, or ``Link: rel="next"``), if any."""
        return self._view.get("next")

    def __repr__(self) -> str:
        return (
            f"ApiResponse(status={self.status}, location={self.location!r}, "
            f"trace_id={self.trace_id!r}, body=[{len(self._body)} bytes])"
        )


def _base(base_url: Union[str, Profile]) -> str:
    if isinstance(base_url, Profile):
        return base_url.api_base_url
    if isinstance(base_url, str):
        return base_url
    raise invalid(f"base_url must be a str or a Profile, not {type(base_url).__name__}")


def _token(access_token: Any) -> str:
    from .tokens import AccessToken

    if isinstance(access_token, AccessToken):
        return access_token.secret
    if isinstance(access_token, str):
        return access_token
    raise invalid(f"access_token must be a str or an AccessToken, not {type(access_token).__name__}")


def _query(query: Query) -> List[Tuple[str, str]]:
    items = query.items() if isinstance(query, Mapping) else query
    out = []
    try:
        for k, v in items:
            # JSON-style booleans (`true`), the way the core writes them in every language.
            out.append((k, ("true" if v else "false") if isinstance(v, bool) else str(v)))
    except (TypeError, ValueError):
        raise invalid("query must be a mapping or (name, value) pairs") from None
    return out


def api_request(
    method: Method,
    path: str,
    *,
    base_url: Union[str, Profile],
    access_token: Union[str, "AccessTokenLike"],
    segments: Optional[Sequence[str]] = None,
    query: Optional[Query] = None,
    json: Any = None,
    json_text: Optional[str] = None,
    headers: Optional[Headers] = None,
    idempotent: Optional[bool] = None,
    trace_id: Optional[str] = None,
) -> Request:
    """Builds an API request under ``base_url`` (or a :class:`Profile`'s API base URL) with
    the bearer token, ``Accept``, ``Content-Type`` and a ``BelGov-Trace-Id`` (a fresh UUID v4
    unless given). Untrusted values (an SSIN, an id typed by a user) belong in ``segments``:
    each is percent-encoded entirely. ``json`` is any JSON-able value (dates as ISO 8601);
    ``json_text`` is sent byte for byte."""
    return Request._of(_bridge.call("api_request", _api_input(
        method, path, base_url, access_token, segments, query, json, json_text, headers,
        idempotent, trace_id,
    )))


AccessTokenLike = Any  # an AccessToken (token.py imports this module)


def _api_input(
    method: str,
    path: str,
    base_url: Union[str, Profile],
    access_token: Any,
    segments: Optional[Sequence[str]],
    query: Optional[Query],
    json: Any,
    json_text: Optional[str],
    headers: Optional[Headers],
    idempotent: Optional[bool],
    trace_id: Optional[str],
) -> Dict[str, Any]:
    i: Dict[str, Any] = {
        "base_url": _base(base_url),
        "method": method,
        "path": path,
        "access_token": _token(access_token),
    }
    if segments is not None:
        i["segments"] = list(segments)
    if query is not None:
        i["query"] = _query(query)
    if json is not None and json_text is not None:
        raise invalid("give json or json_text, not both")
    if json is not None:
        i["json"] = json
    elif json_text is not None:
        i["body"] = json_text
    if headers is not None:
        i["headers"] = _headers(headers)
    if idempotent is not None:
        i["idempotent"] = idempotent
    if trace_id is not None:
        i["trace_id"] = trace_id
    return i


def _response_input(status: Any, headers: Any, now: Optional[float]) -> Dict[str, Any]:
    i: Dict[str, Any] = {"status": status, "headers": _headers(headers)}
    if now is not None:
        i["now"] = ms(now)
    return i


def parse_api_response(
    request: Request,
    status: int,
    headers: Headers,
    body: Body,
    now: Optional[float] = None,
) -> ApiResponse:
    """Reads an API response to ``request``: 2xx gives an :class:`ApiResponse`; anything else
    raises the typed error (``ProblemError`` with the problem details, ``ApiError``) with
    status, trace id and ``Retry-After``. ``now``: Unix seconds (default: the clock)."""
    i = _response_input(status, headers, now)
    i["method"] = request.method
    i["url"] = request.url
    data = _body(body)
    view = _bridge.call("parse_api_response", i, data)
    return ApiResponse(view, bytes(data), request.method, request.url)


def error_from_response(
    status: int, headers: Headers, body: Body, now: Optional[float] = None
) -> CareerProError:
    """The typed error a non-2xx response means, without raising it (for logging, or to raise
    later). Never fails, whatever the body."""
    payload = _bridge.call("error_from_response", _response_input(status, headers, now), _body(body))
    return from_payload(payload)


def next_page_request(
    base_url: Union[str, Profile],
    previous: Request,
    response: ApiResponse,
    access_token: Optional[Any] = None,
    trace_id: Optional[str] = None,
) -> Optional[Request]:
    """The ``GET`` for the page after ``response``, or ``None`` on the last page. The link must
    stay under ``base_url``; the request keeps ``previous``'s own headers with a fresh trace id
    and, if given, a new access token."""
    link = response.next_link()
    if link is None:
        return None
    # paging::follow, until the bridge has a `next_page_request` operation (see the report):
    # resolve against the previous URL (RFC 3986), refuse a loop, keep the caller's headers;
    # `api_request` checks that the target stays under the base URL.
    target = urllib.parse.urljoin(previous.url, link)
    if target == previous.url:
        raise from_payload({
            "code": "response_malformed", "retryable": False,
            "message": "the next link points to the page just read; stopping to avoid a loop",
        })
    token = _token(access_token) if access_token is not None else _bearer(previous)
    kept = [(k, v) for k, v in previous.headers if k.lower() not in _NOT_COPIED]
    return api_request("GET", target, base_url=base_url, access_token=token, headers=kept,
                       trace_id=trace_id)


_NOT_COPIED = frozenset({
    "authorization", "belgov-trace-id", "content-type", "content-length", "host",
    "transfer-encoding", "connection", "idempotency-key",
})


def _bearer(request: Request) -> str:
    value = request.header("authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise invalid("the previous request has no bearer token; pass an access token")
    return token.strip()


def to_curl(request: Request, reveal_secrets: bool = False) -> str:
    """A POSIX-shell ``curl`` command for the request; credentials are ``[redacted]`` unless
    ``reveal_secrets``."""
    out: str = _bridge.call("curl", {"request": request._data(), "reveal_secrets": reveal_secrets})
    return out


# --- retry advice ------------------------------------------------------------------------------


@final
class RetryPolicyConfig:
    """How hard to retry API calls; every unset member is the core's default."""

    __slots__ = ("_given", "_effective")

    def __init__(
        self,
        *,
        max_attempts: Optional[int] = None,
        base_delay_ms: Optional[int] = None,
        max_delay_ms: Optional[int] = None,
        retry_after_cap_s: Optional[int] = None,
        retry_post: Optional[bool] = None,
        retry_internal_error: Optional[bool] = None,
    ) -> None:
        given = {k: v for k, v in {
            "max_attempts": max_attempts, "base_delay_ms": base_delay_ms,
            "max_delay_ms": max_delay_ms, "retry_after_cap_s": retry_after_cap_s,
            "retry_post": retry_post, "retry_internal_error": retry_internal_error,
        }.items() if v is not None}
        self._given: Dict[str, Any] = given
        effective = dict(_bridge.defaults()["retry_policy"])
        effective.update(given)
        self._effective: Dict[str, Any] = effective

    def to_dict(self) -> Dict[str, Any]:
        """The members set explicitly (the core's ``RetryPolicy`` shape)."""
        return dict(self._given)

    @property
    def max_attempts(self) -> int:
        return int(self._effective["max_attempts"])

    @property
    def base_delay_ms(self) -> int:
        return int(self._effective["base_delay_ms"])

    @property
    def max_delay_ms(self) -> int:
        return int(self._effective["max_delay_ms"])

    @property
    def retry_after_cap_s(self) -> int:
        return int(self._effective["retry_after_cap_s"])

    @property
    def retry_post(self) -> bool:
        return bool(self._effective["retry_post"])

    @property
    def retry_internal_error(self) -> bool:
        return bool(self._effective["retry_internal_error"])

    def __repr__(self) -> str:
        members = ", ".join(f"{k}={v!r}" for k, v in self._effective.items())
        return f"RetryPolicy({members})"


RetryAction = Literal["success", "retry", "refresh_token", "give_up"]


@final
class RetryAdvice:
    """What to do after an attempt: ``action`` is ``success`` (``response`` holds it),
    ``retry`` (after ``delay_ms``), ``refresh_token`` (get a new token, then retry once) or
    ``give_up`` (``error`` says why)."""

    __slots__ = ("action", "delay_ms", "error", "response")

    def __init__(
        self,
        action: RetryAction,
        delay_ms: Optional[int] = None,
        error: Optional[CareerProError] = None,
        response: Optional[ApiResponse] = None,
    ) -> None:
        self.action: RetryAction = action
        self.delay_ms = delay_ms
        self.error = error
        self.response = response

    def __repr__(self) -> str:
        return f"RetryAdvice(action={self.action!r}, delay_ms={self.delay_ms!r})"


def _advice(out: Mapping[str, Any], body: bytes, method: str, url: str) -> RetryAdvice:
    kind = out["kind"]
    if kind == "success":
        return RetryAdvice("success", response=ApiResponse(out["response"], body, method, url))
    if kind == "retry":
        return RetryAdvice("retry", delay_ms=int(out["delay_ms"]))
    if kind == "refresh_token":
        return RetryAdvice("refresh_token")
    return RetryAdvice("give_up", error=from_payload(out["error"]))


def advise_retry(
    request: Request,
    *,
    attempt: Optional[int] = None,
    token_refreshed: Optional[bool] = None,
    status: Optional[int] = None,
    headers: Optional[Headers] = None,
    body: Body = None,
    transport_error: Optional[TransportKind] = None,
    detail: Optional[str] = None,
    policy: Optional[RetryPolicyConfig] = None,
    idempotent: Optional[bool] = None,
    jitter: Optional[int] = None,
    now: Optional[float] = None,
) -> RetryAdvice:
    """Advises on the attempt that just ended: either a response (``status``, ``headers``,
    ``body``) or a transport failure (``transport_error``). ``attempt`` is 1 for the first
    try; ``jitter`` defaults to a random draw."""
    i: Dict[str, Any] = {"method": request.method, "url": request.url}
    for name, value in (("attempt", attempt), ("token_refreshed", token_refreshed),
                        ("idempotent", idempotent), ("jitter", jitter)):
        if value is not None:
            i[name] = value
    if policy is not None:
        i["retry_policy"] = policy.to_dict()
    if (status is None) == (transport_error is None):
        raise invalid("give either status (with headers, body) or transport_error")
    if transport_error is not None:
        i["kind"] = transport_error
        if detail is not None:
            i["detail"] = detail
        return _advice(_bridge.call("handle_transport_error", i), b"", request.method, request.url)
    i["status"] = status
    i["headers"] = _headers(headers if headers is not None else [])
    if now is not None:
        i["now"] = ms(now)
    data = _body(body)
    return _advice(_bridge.call("handle_api_response", i, data), bytes(data), request.method, request.url)


# --- polling -----------------------------------------------------------------------------------

PollAction = Literal["done", "poll", "give_up"]


@final
class PollStepInfo:
    """One step of a :class:`Poller`: ``done`` (with ``response``), ``poll`` (send ``request``
    after ``after_ms``, at ``at_ms``), or ``give_up`` (``error``)."""

    __slots__ = ("action", "response", "request", "after_ms", "at_ms", "error")

    def __init__(
        self,
        action: PollAction,
        *,
        response: Optional[ApiResponse] = None,
        request: Optional[Request] = None,
        after_ms: Optional[int] = None,
        at_ms: Optional[int] = None,
        error: Optional[CareerProError] = None,
    ) -> None:
        self.action: PollAction = action
        self.response = response
        self.request = request
        self.after_ms = after_ms
        self.at_ms = at_ms
        self.error = error

    def __repr__(self) -> str:
        return f"PollStep(action={self.action!r}, after_ms={self.after_ms!r})"


@final
class Poller:
    """Polls the ``Location`` of a ``201``/``202`` until the result is there (the core's
    ``poller`` object)."""

    __slots__ = ("_handle", "_url", "_last_url")

    def __init__(
        self,
        base_url: Union[str, Profile],
        accepted: ApiResponse,
        *,
        schedule_ms: Optional[List[int]] = None,
        deadline_s: Optional[int] = None,
        not_found_means_pending: Optional[bool] = None,
        now: Optional[float] = None,
    ) -> None:
        plan = {k: v for k, v in {
            "schedule_ms": schedule_ms, "deadline_s": deadline_s,
            "not_found_means_pending": not_found_means_pending,
        }.items() if v is not None}
        i: Dict[str, Any] = {
            "base_url": _base(base_url), "url": accepted.url, "status": accepted.status,
            "headers": accepted.headers, "plan": plan,
        }
        if now is not None:
            i["now"] = ms(now)
        self._handle = _bridge.open("poller", i, accepted._body)
        self._url = accepted.location or accepted.url
        self._last_url = self._url

    @property
    def url(self) -> str:
        """The URL polled."""
        return self._url

    def start(
        self, access_token: Any, *, now: Optional[float] = None, trace_id: Optional[str] = None
    ) -> PollStepInfo:
        """The first step."""
        return self._step(self._handle.call("start", self._input(access_token, now, trace_id)), b"")

    def handle(
        self,
        status: int,
        headers: Headers,
        body: Body,
        access_token: Any,
        *,
        now: Optional[float] = None,
        trace_id: Optional[str] = None,
    ) -> PollStepInfo:
        """The step after the answer to the last poll."""
        i = self._input(access_token, now, trace_id)
        i["status"] = status
        i["headers"] = _headers(headers)
        data = _body(body)
        return self._step(self._handle.call("handle", i, data), bytes(data))

    def _input(self, access_token: Any, now: Optional[float], trace_id: Optional[str]) -> Dict[str, Any]:
        i: Dict[str, Any] = {"access_token": _token(access_token)}
        if now is not None:
            i["now"] = ms(now)
        if trace_id is not None:
            i["trace_id"] = trace_id
        return i

    def _step(self, out: Mapping[str, Any], body: bytes) -> PollStepInfo:
        kind = out["kind"]
        if kind == "done":
            return PollStepInfo("done", response=ApiResponse(out["response"], body, "GET", self._last_url))
        if kind == "poll":
            request = Request._of(out["request"])
            self._last_url = request.url
            return PollStepInfo("poll", request=request, after_ms=int(out["after_ms"]),
                                at_ms=int(out["at_ms"]))
        return PollStepInfo("give_up", error=from_payload(out["error"]))

    def __repr__(self) -> str:
        return f"Poller(url={self._url!r})"
