"""Batteries: clients that send what the core builds, with httpx (sync and async) or requests.

Every protocol decision comes from the core: the token manager says when to fetch a token, the
retry advice says whether to repeat a call, the paging functions find the next page. This module
only performs the HTTP, sleeps, and coordinates threads or tasks so that one token fetch is in
flight at a time however many callers need a token.

>>> from careerpro_fla import Profile, SigningKey  # doctest: +SKIP
>>> from careerpro_fla.client import Client  # doctest: +SKIP
>>> key = SigningKey.from_bytes(open("key.pem", "rb").read())  # doctest: +SKIP
>>> with Client(key, "self_service_expeditor_123", Profile.fla("acceptance", "employer")) as c:  # doctest: +SKIP
...     for training in c.paginate("employers/{}/trainings", segments=[]):
...         print(training)
"""

from __future__ import annotations

import asyncio
import ssl
import threading
import time
from typing import (
    Any,
    AsyncIterator,
    Callable,
    Iterator,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Union,
)

from ._native import (
    AccessToken,
    ApiResponse,
    BulkResult,
    ExternalKey,
    Profile,
    Request,
    RetryPolicyConfig,
    SigningKey,
    TokenManager,
    advise_retry,
    api_request,
    next_page_request,
    parse_api_response,
    sign_assertion,
    token_request,
)
from .errors import CareerProError

__all__ = ["AsyncClient", "Client", "RequestsClient", "Transport", "TransportFailure"]

Headers = List[Tuple[str, str]]
Answer = Tuple[int, Headers, bytes]
Key = Union[SigningKey, ExternalKey]

#: Longest a caller waits for a token fetch by another caller, or for the manager's back-off,
#: before raising the last token error instead.
DEFAULT_TOKEN_WAIT_S = 30.0


class TransportFailure(Exception):
    """Raised by a `Transport` when no answer came back; ``kind`` is ``timeout``, ``connect``,
    ``tls`` or ``other`` (the core's names)."""

    def __init__(self, kind: str, cause: BaseException) -> None:
        super().__init__(f"{kind}: {cause}")
        self.kind = kind
        self.cause = cause


Transport = Callable[[Request], Answer]


class _Base:
    """What the sync and async clients share: credentials, profile, token manager, policy."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        token_manager: Optional[TokenManager] = None,
        retry_policy: Optional[RetryPolicyConfig] = None,
        assertion_options: Optional[Mapping[str, Any]] = None,
        token_wait_s: float = DEFAULT_TOKEN_WAIT_S,
    ) -> None:
        self.key = key
        self.client_id = client_id
        self.profile = profile
        self.token_manager = token_manager if token_manager is not None else TokenManager()
        self.retry_policy = retry_policy
        self._assertion_options = dict(assertion_options or {})
        self._token_wait_s = token_wait_s

    def _token_request(self) -> Request:
        # `assertion_time` applies the clock skew the manager estimated from `Date` headers.
        now = self.token_manager.assertion_time()
        assertion = sign_assertion(
            self.key, self.client_id, self.profile.audience, now=now, **self._assertion_options
        )
        return token_request(self.profile.token_url, assertion, self.profile.scope)

    def _give_up_waiting(self, until_ms: Optional[int], started: float) -> bool:
        if until_ms is None:
            return True
        remaining = until_ms / 1000.0 - time.time()
        return time.monotonic() - started + max(remaining, 0.0) > self._token_wait_s

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_id={self.client_id!r}, api={self.profile.api_base_url!r})"


def _build(
    method: str,
    path: str,
    profile: Profile,
    token: AccessToken,
    segments: Optional[Sequence[str]],
    query: Any,
    json: Any,
    headers: Any,
    idempotent: Optional[bool],
) -> Request:
    return api_request(
        method,
        path,
        base_url=profile,
        access_token=token,
        segments=list(segments) if segments is not None else None,
        query=query,
        json=json,
        headers=headers,
        idempotent=idempotent,
    )


class Client(_Base):
    """A synchronous client. Thread-safe: share one instance; one token fetch is in flight at
    a time across threads. ``transport`` sends a `Request` and returns ``(status, headers,
    body)``; the default uses an ``httpx.Client`` (``http=`` to pass your own)."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        http: Any = None,
        transport: Optional[Transport] = None,
        timeout: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(key, client_id, profile, **options)
        self._owned_http = None
        if transport is None:
            if http is None:
                import httpx

                http = httpx.Client(timeout=timeout)
                self._owned_http = http
            transport = _httpx_transport(http)
        self._transport = transport
        self._sleep = sleep
        self._cond = threading.Condition()

    # --- token -----------------------------------------------------------------------------

    def access_token(self) -> AccessToken:
        """A valid access token, fetched if needed (one fetch at a time across threads)."""
        started = time.monotonic()
        while True:
            with self._cond:
                while True:
                    act = self.token_manager.poll()
                    if act.action == "use" and act.token is not None:
                        return act.token
                    if act.action == "fail":
                        raise _as_error(act.error)
                    if act.action == "fetch" and act.ticket is not None:
                        ticket = act.ticket
                        break
                    if act.reason != "fetch_in_flight" and self._give_up_waiting(act.until_ms, started):
                        raise _as_error(self.token_manager.last_error)
                    self._cond.wait(_seconds_until(act.until_ms))
            try:
                self._fetch(ticket)
            finally:
                with self._cond:
                    self._cond.notify_all()

    def _fetch(self, ticket: int) -> None:
        try:
            request = self._token_request()
        except BaseException:
            # Free the ticket so that the next caller can try (and see the same error).
            self.token_manager.handle_transport_error(ticket, "other")
            raise
        try:
            status, headers, body = self._transport(request)
        except TransportFailure as failure:
            self.token_manager.handle_transport_error(ticket, failure.kind)
            raise AssertionError("unreachable: the manager raises TransportError") from failure
        self.token_manager.handle_response(ticket, status, headers, body)

    # --- API -------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        segments: Optional[Sequence[str]] = None,
        query: Any = None,
        json: Any = None,
        headers: Any = None,
        idempotent: Optional[bool] = None,
    ) -> ApiResponse:
        """Sends an API call, retrying as the core advises, and returns the 2xx response or
        raises the typed error."""
        return self._execute(
            lambda token: _build(
                method, path, self.profile, token, segments, query, json, headers, idempotent
            ),
            idempotent,
        )

    def get(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> ApiResponse:
        return self.request("DELETE", path, **kwargs)

    def send(self, request: Request) -> ApiResponse:
        """Sends a request built elsewhere (e.g. by `build_requests`), with the retry advice;
        after a 401 the request is rebuilt by swapping in a fresh token."""
        return self._execute(lambda token: _with_token(request, token), None)

    def send_bulk(self, result: BulkResult) -> List[Union[ApiResponse, CareerProError]]:
        """Sends every request of a `build_requests` result in order; each entry is the
        response or the typed error (the loop does not stop at the first failure)."""
        out: List[Union[ApiResponse, CareerProError]] = []
        for request in result.requests:
            try:
                out.append(self.send(request))
            except CareerProError as e:
                out.append(e)
        return out

    def pages(self, path: str, **kwargs: Any) -> Iterator[ApiResponse]:
        """Every page of a collection, following the `next` links."""
        response, previous = self._execute_with_request(
            lambda token: _build(
                "GET",
                path,
                self.profile,
                token,
                kwargs.get("segments"),
                kwargs.get("query"),
                None,
                kwargs.get("headers"),
                None,
            ),
            None,
        )
        yield response
        while response.next_link() is not None:
            prev, resp = previous, response
            response, previous = self._execute_with_request(
                lambda token: _next(self.profile, prev, resp, token), None
            )
            yield response

    def paginate(self, path: str, **kwargs: Any) -> Iterator[Any]:
        """Every item of a collection, page after page."""
        for page in self.pages(path, **kwargs):
            yield from page.items()

    def _execute(
        self, build: Callable[[AccessToken], Request], idempotent: Optional[bool]
    ) -> ApiResponse:
        return self._execute_with_request(build, idempotent)[0]

    def _execute_with_request(
        self, build: Callable[[AccessToken], Request], idempotent: Optional[bool]
    ) -> Tuple[ApiResponse, Request]:
        attempt = 1
        refreshed = False
        while True:
            request = build(self.access_token())
            try:
                status, headers, body = self._transport(request)
            except TransportFailure as failure:
                advice = advise_retry(
                    request,
                    attempt=attempt,
                    token_refreshed=refreshed,
                    transport_error=failure.kind,
                    policy=self.retry_policy,
                    idempotent=idempotent,
                )
            else:
                advice = advise_retry(
                    request,
                    attempt=attempt,
                    token_refreshed=refreshed,
                    status=status,
                    headers=headers,
                    body=body,
                    policy=self.retry_policy,
                    idempotent=idempotent,
                )
                if advice.action == "success":
                    return parse_api_response(request, status, headers, body), request
            if advice.action == "retry":
                self._sleep((advice.delay_ms or 0) / 1000.0)
                attempt += 1
            elif advice.action == "refresh_token":
                self.token_manager.invalidate()
                refreshed = True
            else:
                raise _as_error(advice.error)

    def close(self) -> None:
        if self._owned_http is not None:
            self._owned_http.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class RequestsClient(Client):
    """`Client` over a ``requests.Session`` (``session=`` to pass your own)."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        session: Any = None,
        timeout: float = 30.0,
        **options: Any,
    ) -> None:
        import requests

        owned = session is None
        session = session if session is not None else requests.Session()
        super().__init__(
            key, client_id, profile, transport=_requests_transport(session, timeout), **options
        )
        self._session = session if owned else None

    def close(self) -> None:
        if self._session is not None:
            self._session.close()


class AsyncClient(_Base):
    """An asyncio client over ``httpx.AsyncClient``. One token fetch is in flight at a time
    across tasks. ``transport`` is an ``async`` callable like `Client`'s."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        http: Any = None,
        transport: Optional[Callable[[Request], Any]] = None,
        timeout: float = 30.0,
        **options: Any,
    ) -> None:
        super().__init__(key, client_id, profile, **options)
        self._owned_http = None
        if transport is None:
            if http is None:
                import httpx

                http = httpx.AsyncClient(timeout=timeout)
                self._owned_http = http
            transport = _httpx_async_transport(http)
        self._transport = transport
        self._cond: Optional[asyncio.Condition] = None

    def _condition(self) -> asyncio.Condition:
        if self._cond is None:
            self._cond = asyncio.Condition()
        return self._cond

    async def access_token(self) -> AccessToken:
        """A valid access token, fetched if needed (one fetch at a time across tasks)."""
        cond = self._condition()
        started = time.monotonic()
        while True:
            async with cond:
                while True:
                    act = self.token_manager.poll()
                    if act.action == "use" and act.token is not None:
                        return act.token
                    if act.action == "fail":
                        raise _as_error(act.error)
                    if act.action == "fetch" and act.ticket is not None:
                        ticket = act.ticket
                        break
                    if act.reason != "fetch_in_flight" and self._give_up_waiting(act.until_ms, started):
                        raise _as_error(self.token_manager.last_error)
                    try:
                        await asyncio.wait_for(cond.wait(), _seconds_until(act.until_ms))
                    except asyncio.TimeoutError:
                        pass
            try:
                await self._fetch(ticket)
            finally:
                async with cond:
                    cond.notify_all()

    async def _fetch(self, ticket: int) -> None:
        try:
            request = self._token_request()
        except BaseException:
            self.token_manager.handle_transport_error(ticket, "other")
            raise
        try:
            status, headers, body = await self._transport(request)
        except TransportFailure as failure:
            self.token_manager.handle_transport_error(ticket, failure.kind)
            raise AssertionError("unreachable: the manager raises TransportError") from failure
        self.token_manager.handle_response(ticket, status, headers, body)

    async def request(
        self,
        method: str,
        path: str,
        *,
        segments: Optional[Sequence[str]] = None,
        query: Any = None,
        json: Any = None,
        headers: Any = None,
        idempotent: Optional[bool] = None,
    ) -> ApiResponse:
        """Sends an API call, retrying as the core advises."""
        return await self._execute(
            lambda token: _build(
                method, path, self.profile, token, segments, query, json, headers, idempotent
            ),
            idempotent,
        )

    async def get(self, path: str, **kwargs: Any) -> ApiResponse:
        return await self.request("GET", path, **kwargs)

    async def post(self, path: str, **kwargs: Any) -> ApiResponse:
        return await self.request("POST", path, **kwargs)

    async def put(self, path: str, **kwargs: Any) -> ApiResponse:
        return await self.request("PUT", path, **kwargs)

    async def patch(self, path: str, **kwargs: Any) -> ApiResponse:
        return await self.request("PATCH", path, **kwargs)

    async def delete(self, path: str, **kwargs: Any) -> ApiResponse:
        return await self.request("DELETE", path, **kwargs)

    async def send(self, request: Request) -> ApiResponse:
        """Sends a request built elsewhere, with the retry advice."""
        return await self._execute(lambda token: _with_token(request, token), None)

    async def pages(self, path: str, **kwargs: Any) -> AsyncIterator[ApiResponse]:
        """Every page of a collection, following the `next` links."""
        response, previous = await self._execute_with_request(
            lambda token: _build(
                "GET",
                path,
                self.profile,
                token,
                kwargs.get("segments"),
                kwargs.get("query"),
                None,
                kwargs.get("headers"),
                None,
            ),
            None,
        )
        yield response
        while response.next_link() is not None:
            prev, resp = previous, response
            response, previous = await self._execute_with_request(
                lambda token: _next(self.profile, prev, resp, token), None
            )
            yield response

    async def paginate(self, path: str, **kwargs: Any) -> AsyncIterator[Any]:
        """Every item of a collection, page after page."""
        async for page in self.pages(path, **kwargs):
            for item in page.items():
                yield item

    async def _execute(
        self, build: Callable[[AccessToken], Request], idempotent: Optional[bool]
    ) -> ApiResponse:
        response, _ = await self._execute_with_request(build, idempotent)
        return response

    async def _execute_with_request(
        self, build: Callable[[AccessToken], Request], idempotent: Optional[bool]
    ) -> Tuple[ApiResponse, Request]:
        attempt = 1
        refreshed = False
        while True:
            request = build(await self.access_token())
            try:
                status, headers, body = await self._transport(request)
            except TransportFailure as failure:
                advice = advise_retry(
                    request,
                    attempt=attempt,
                    token_refreshed=refreshed,
                    transport_error=failure.kind,
                    policy=self.retry_policy,
                    idempotent=idempotent,
                )
            else:
                advice = advise_retry(
                    request,
                    attempt=attempt,
                    token_refreshed=refreshed,
                    status=status,
                    headers=headers,
                    body=body,
                    policy=self.retry_policy,
                    idempotent=idempotent,
                )
                if advice.action == "success":
                    return parse_api_response(request, status, headers, body), request
            if advice.action == "retry":
                await asyncio.sleep((advice.delay_ms or 0) / 1000.0)
                attempt += 1
            elif advice.action == "refresh_token":
                self.token_manager.invalidate()
                refreshed = True
            else:
                raise _as_error(advice.error)

    async def aclose(self) -> None:
        if self._owned_http is not None:
            await self._owned_http.aclose()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()


# --- helpers -------------------------------------------------------------------------------


def _seconds_until(until_ms: Optional[int]) -> float:
    if until_ms is None:
        return 0.05
    return min(max(until_ms / 1000.0 - time.time(), 0.001), DEFAULT_TOKEN_WAIT_S)


def _as_error(error: Optional[BaseException]) -> BaseException:
    if error is None:
        return CareerProError("the token could not be obtained", code="transport_error")
    return error


def _next(profile: Profile, previous: Request, response: ApiResponse, token: AccessToken) -> Request:
    request = next_page_request(profile, previous, response, access_token=token)
    if request is None:
        raise CareerProError("the page has no next link", code="invalid_argument")
    return request


def _with_token(request: Request, token: AccessToken) -> Request:
    """The same request with this token (a retry after a refresh needs the new one)."""
    headers = [
        (k, token.authorization() if k.lower() == "authorization" else v)
        for k, v in request.headers
    ]
    return Request(request.method, request.url, headers, request.body)


def _transport_kind(error: BaseException) -> str:
    seen: List[BaseException] = []
    e: Optional[BaseException] = error
    while e is not None and e not in seen:
        if isinstance(e, ssl.SSLError):
            return "tls"
        seen.append(e)
        e = e.__cause__ or e.__context__
    name = type(error).__name__.lower()
    if "timeout" in name:
        return "timeout"
    if "connect" in name:
        return "connect"
    return "other"


def _httpx_transport(http: Any) -> Transport:
    import httpx

    def send(request: Request) -> Answer:
        try:
            r = http.request(
                request.method, request.url, headers=request.headers, content=request.content
            )
            body: bytes = r.content
        except httpx.TransportError as e:
            raise TransportFailure(_transport_kind(e), e) from e
        return r.status_code, list(r.headers.multi_items()), body

    return send


def _httpx_async_transport(http: Any) -> Callable[[Request], Any]:
    import httpx

    async def send(request: Request) -> Answer:
        try:
            r = await http.request(
                request.method, request.url, headers=request.headers, content=request.content
            )
            body: bytes = r.content
        except httpx.TransportError as e:
            raise TransportFailure(_transport_kind(e), e) from e
        return r.status_code, list(r.headers.multi_items()), body

    return send


def _requests_transport(session: Any, timeout: float) -> Transport:
    import requests

    def send(request: Request) -> Answer:
        try:
            r = session.request(
                request.method,
                request.url,
                headers=dict(request.headers),
                data=request.content,
                timeout=timeout,
                allow_redirects=False,
            )
        except requests.exceptions.SSLError as e:
            raise TransportFailure("tls", e) from e
        except requests.exceptions.Timeout as e:
            raise TransportFailure("timeout", e) from e
        except requests.exceptions.ConnectionError as e:
            raise TransportFailure("connect", e) from e
        except requests.exceptions.RequestException as e:
            raise TransportFailure("other", e) from e
        return r.status_code, list(r.headers.items()), r.content

    return send
