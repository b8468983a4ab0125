"""Batteries: clients that send what the core builds, with httpx (sync and async) or requests.

Every protocol decision comes from the core: the token manager says when to fetch a token, the
retry advice says whether to repeat a call, the paging operations find the next page, the
timeouts are the core's ``defaults``. The loop is written once (:mod:`careerpro_fla._flow`);
each client only performs the HTTP, sleeps, and wakes the threads or tasks waiting for the one
token fetch in flight.

>>> from careerpro_fla import Client, Profile, SigningKey  # doctest: +SKIP
>>> key = SigningKey.from_bytes(open("key.pem", "rb").read())  # doctest: +SKIP
>>> with Client(key, "self_service_expeditor_123", Profile.fla("acceptance", "employer")) as c:  # doctest: +SKIP
...     for training in c.paginate("employers/{}/trainings", segments=[]):
...         print(training)
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import (
    TYPE_CHECKING,
    Any,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterator,
    List,
    Optional,
    Sequence,
    Tuple,
    TypedDict,
    Union,
)

from . import _bridge
from ._convert import Headers
from ._flow import (
    Answer,
    Engine,
    Flow,
    Key,
    Send,
    Sleep,
    T,
    TransportFailure,
    WaitForFetch,
    transport_kind,
    with_token,
)
from .api import ApiResponse, Method, Query, Request, RetryPolicyConfig, _api_input, next_page_request
from .bulk import BulkResult
from .errors import CareerProError
from .profile import Profile
from .tokens import AccessToken, TokenManager

if TYPE_CHECKING:
    import httpx

__all__ = [
    "AssertionOptions",
    "AsyncClient",
    "AsyncTransport",
    "Client",
    "RequestsClient",
    "Transport",
    "TransportFailure",
]

Transport = Callable[[Request], Answer]
"""Sends a request and returns ``(status, headers, body)``, or raises :class:`TransportFailure`."""
AsyncTransport = Callable[[Request], Awaitable[Answer]]


class AssertionOptions(TypedDict, total=False):
    """Options for the client assertions a client signs (see :func:`sign_assertion`)."""

    lifetime: int
    allow_long_lifetime: bool
    include_nbf: bool
    include_typ: bool
    key_id: str
    include_key_id: bool
    include_x5t: bool
    include_x5t_s256: bool
    include_x5c: bool


def _httpx() -> Any:
    try:
        import httpx
    except ImportError as e:
        raise ImportError(
            "this client sends with httpx, which is not installed: "
            "pip install 'careerpro-fla[httpx]'"
        ) from e
    return httpx


def _requests() -> Any:
    try:
        import requests
    except ImportError as e:
        raise ImportError(
            "RequestsClient sends with requests, which is not installed: "
            "pip install 'careerpro-fla[requests]'"
        ) from e
    return requests


def httpx_timeout() -> Any:
    """The core's transport timeouts as an ``httpx.Timeout``."""
    t = _bridge.defaults()["transport"]
    return _httpx().Timeout(t["timeout_ms"] / 1000, connect=t["connect_timeout_ms"] / 1000)


class _Calls:
    """The request-building half every client shares: API inputs from keyword arguments."""

    _engine: Engine

    @property
    def profile(self) -> Profile:
        return self._engine.profile

    @property
    def token_manager(self) -> TokenManager:
        return self._engine.token_manager

    @property
    def client_id(self) -> str:
        return self._engine.client_id

    def _builder(
        self,
        method: Method,
        path: str,
        segments: Optional[Sequence[str]],
        query: Optional[Query],
        json: Any,
        headers: Optional[Headers],
        idempotent: Optional[bool],
    ) -> Callable[[AccessToken], Request]:
        i = _api_input(method, path, self._engine.profile, "", segments, query, json, None,
                       headers, idempotent, None)

        def build(token: AccessToken) -> Request:
            i["access_token"] = token.secret
            return Request._of(_bridge.call("api_request", i))

        return build

    def _next(self, previous: Request, response: ApiResponse) -> Callable[[AccessToken], Request]:
        def build(token: AccessToken) -> Request:
            request = next_page_request(self._engine.profile, previous, response, access_token=token)
            assert request is not None  # called only when there is a next link
            return request

        return build

    def __repr__(self) -> str:
        return f"{type(self).__name__}(client_id={self.client_id!r}, api={self.profile.api_base_url!r})"


class Client(_Calls):
    """A synchronous client over httpx. Thread-safe: share one instance; one token fetch is in
    flight at a time across threads. ``http=`` passes your own ``httpx.Client``;
    ``transport=`` any callable that sends a :class:`Request` (see :data:`Transport`)."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        http: Optional["httpx.Client"] = None,
        transport: Optional[Transport] = None,
        token_manager: Optional[TokenManager] = None,
        retry_policy: Optional[RetryPolicyConfig] = None,
        assertion_options: Optional[AssertionOptions] = None,
        token_wait_s: Optional[float] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._engine = Engine(key, client_id, profile, token_manager=token_manager,
                              retry_policy=retry_policy, assertion_options=dict(assertion_options or {}),
                              token_wait_s=token_wait_s)
        self._owned: Any = None
        if transport is None:
            if http is None:
                http = _httpx().Client(timeout=httpx_timeout())
                self._owned = http
            transport = httpx_transport(http)
        self._transport = transport
        self._sleep = sleep
        self._cond = threading.Condition()

        def ended() -> None:
            with self._cond:
                self._cond.notify_all()

        self._engine.on_fetch_ended = ended

    def _run(self, flow: Flow[T]) -> T:
        value: Any = None
        error: Optional[BaseException] = None
        try:
            while True:
                try:
                    effect = flow.throw(error) if error is not None else flow.send(value)
                except StopIteration as stop:
                    result: T = stop.value
                    return result
                value, error = None, None
                if isinstance(effect, Send):
                    try:
                        value = self._transport(effect.request)
                    except TransportFailure as failure:
                        error = failure
                elif isinstance(effect, Sleep):
                    self._sleep(effect.seconds)
                elif isinstance(effect, WaitForFetch):
                    with self._cond:
                        if self._engine.fetches_ended == effect.generation:
                            self._cond.wait(effect.seconds)
        finally:
            flow.close()

    def access_token(self) -> AccessToken:
        """A valid access token, fetched if needed (one fetch at a time across threads)."""
        return self._run(self._engine.token_flow())

    def request(
        self,
        method: Method,
        path: str,
        *,
        segments: Optional[Sequence[str]] = None,
        query: Optional[Query] = None,
        json: Any = None,
        headers: Optional[Headers] = None,
        idempotent: Optional[bool] = None,
    ) -> ApiResponse:
        """Sends an API call, retrying as the core advises; returns the 2xx response or raises
        the typed error."""
        build = self._builder(method, path, segments, query, json, headers, idempotent)
        return self._run(self._engine.call_flow(build, idempotent))[0]

    def get(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
            headers: Optional[Headers] = None) -> ApiResponse:
        return self.request("GET", path, segments=segments, query=query, headers=headers)

    def post(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
             json: Any = None, headers: Optional[Headers] = None, idempotent: Optional[bool] = None) -> ApiResponse:
        return self.request("POST", path, segments=segments, query=query, json=json, headers=headers,
                            idempotent=idempotent)

    def put(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
            json: Any = None, headers: Optional[Headers] = None) -> ApiResponse:
        return self.request("PUT", path, segments=segments, query=query, json=json, headers=headers)

    def patch(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
              json: Any = None, headers: Optional[Headers] = None, idempotent: Optional[bool] = None) -> ApiResponse:
        return self.request("PATCH", path, segments=segments, query=query, json=json, headers=headers,
                            idempotent=idempotent)

    def delete(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
               headers: Optional[Headers] = None) -> ApiResponse:
        return self.request("DELETE", path, segments=segments, query=query, headers=headers)

    def send(self, request: Request) -> ApiResponse:
        """Sends a request built elsewhere (e.g. by :func:`build_requests`) with the retry
        advice; after a 401 the request is rebuilt with a fresh token."""
        return self._run(self._engine.call_flow(lambda token: with_token(request, token), None))[0]

    def send_bulk(self, result: BulkResult) -> List[Union[ApiResponse, CareerProError]]:
        """Sends every request of a :func:`build_requests` result in order; each entry is the
        response or the typed error (the loop does not stop at the first failure)."""
        out: List[Union[ApiResponse, CareerProError]] = []
        for request in result.requests:
            try:
                out.append(self.send(request))
            except CareerProError as e:
                out.append(e)
        return out

    def pages(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
              headers: Optional[Headers] = None) -> Iterator[ApiResponse]:
        """Every page of a collection, following the ``next`` links."""
        build = self._builder("GET", path, segments, query, None, headers, None)
        response, previous = self._run(self._engine.call_flow(build, None))
        yield response
        while response.next_link() is not None:
            response, previous = self._run(self._engine.call_flow(self._next(previous, response), None))
            yield response

    def paginate(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
                 headers: Optional[Headers] = None) -> Iterator[Any]:
        """Every item of a collection, page after page."""
        for page in self.pages(path, segments=segments, query=query, headers=headers):
            yield from page.items()

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RequestsClient(Client):
    """:class:`Client` over a ``requests.Session`` (``session=`` to pass your own)."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        session: Any = None,
        token_manager: Optional[TokenManager] = None,
        retry_policy: Optional[RetryPolicyConfig] = None,
        assertion_options: Optional[AssertionOptions] = None,
        token_wait_s: Optional[float] = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        requests = _requests()
        owned = session is None
        session = requests.Session() if owned else session
        super().__init__(key, client_id, profile, transport=requests_transport(session),
                         token_manager=token_manager, retry_policy=retry_policy,
                         assertion_options=assertion_options, token_wait_s=token_wait_s, sleep=sleep)
        self._owned = session if owned else None


class AsyncClient(_Calls):
    """An asyncio client over ``httpx.AsyncClient`` (``http=`` to pass your own). One token
    fetch is in flight at a time across tasks. ``transport`` is an ``async`` callable like
    :class:`Client`'s."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        http: Optional["httpx.AsyncClient"] = None,
        transport: Optional[AsyncTransport] = None,
        token_manager: Optional[TokenManager] = None,
        retry_policy: Optional[RetryPolicyConfig] = None,
        assertion_options: Optional[AssertionOptions] = None,
        token_wait_s: Optional[float] = None,
    ) -> None:
        self._engine = Engine(key, client_id, profile, token_manager=token_manager,
                              retry_policy=retry_policy, assertion_options=dict(assertion_options or {}),
                              token_wait_s=token_wait_s)
        self._owned: Any = None
        if transport is None:
            if http is None:
                http = _httpx().AsyncClient(timeout=httpx_timeout())
                self._owned = http
            transport = httpx_async_transport(http)
        self._transport = transport
        self._event: Optional[asyncio.Event] = None

        def ended() -> None:
            if self._event is not None:
                self._event.set()
                self._event = None

        self._engine.on_fetch_ended = ended

    async def _run(self, flow: Flow[T]) -> T:
        value: Any = None
        error: Optional[BaseException] = None
        try:
            while True:
                try:
                    effect = flow.throw(error) if error is not None else flow.send(value)
                except StopIteration as stop:
                    result: T = stop.value
                    return result
                value, error = None, None
                if isinstance(effect, Send):
                    try:
                        value = await self._transport(effect.request)
                    except TransportFailure as failure:
                        error = failure
                elif isinstance(effect, Sleep):
                    await asyncio.sleep(effect.seconds)
                elif isinstance(effect, WaitForFetch):
                    if self._engine.fetches_ended == effect.generation:
                        if self._event is None:
                            self._event = asyncio.Event()
                        try:
                            await asyncio.wait_for(self._event.wait(), effect.seconds)
                        except asyncio.TimeoutError:
                            pass
        finally:
            flow.close()

    async def access_token(self) -> AccessToken:
        """A valid access token, fetched if needed (one fetch at a time across tasks)."""
        return await self._run(self._engine.token_flow())

    async def request(
        self,
        method: Method,
        path: str,
        *,
        segments: Optional[Sequence[str]] = None,
        query: Optional[Query] = None,
        json: Any = None,
        headers: Optional[Headers] = None,
        idempotent: Optional[bool] = None,
    ) -> ApiResponse:
        """Sends an API call, retrying as the core advises."""
        build = self._builder(method, path, segments, query, json, headers, idempotent)
        return (await self._run(self._engine.call_flow(build, idempotent)))[0]

    async def get(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
                  headers: Optional[Headers] = None) -> ApiResponse:
        return await self.request("GET", path, segments=segments, query=query, headers=headers)

    async def post(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
                   json: Any = None, headers: Optional[Headers] = None,
                   idempotent: Optional[bool] = None) -> ApiResponse:
        return await self.request("POST", path, segments=segments, query=query, json=json, headers=headers,
                                  idempotent=idempotent)

    async def put(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
                  json: Any = None, headers: Optional[Headers] = None) -> ApiResponse:
        return await self.request("PUT", path, segments=segments, query=query, json=json, headers=headers)

    async def patch(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
                    json: Any = None, headers: Optional[Headers] = None,
                    idempotent: Optional[bool] = None) -> ApiResponse:
        return await self.request("PATCH", path, segments=segments, query=query, json=json, headers=headers,
                                  idempotent=idempotent)

    async def delete(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
                     headers: Optional[Headers] = None) -> ApiResponse:
        return await self.request("DELETE", path, segments=segments, query=query, headers=headers)

    async def send(self, request: Request) -> ApiResponse:
        """Sends a request built elsewhere, with the retry advice."""
        return (await self._run(self._engine.call_flow(lambda token: with_token(request, token), None)))[0]

    async def pages(self, path: str, *, segments: Optional[Sequence[str]] = None, query: Optional[Query] = None,
                    headers: Optional[Headers] = None) -> AsyncIterator[ApiResponse]:
        """Every page of a collection, following the ``next`` links."""
        build = self._builder("GET", path, segments, query, None, headers, None)
        response, previous = await self._run(self._engine.call_flow(build, None))
        yield response
        while response.next_link() is not None:
            response, previous = await self._run(self._engine.call_flow(self._next(previous, response), None))
            yield response

    async def paginate(self, path: str, *, segments: Optional[Sequence[str]] = None,
                       query: Optional[Query] = None, headers: Optional[Headers] = None) -> AsyncIterator[Any]:
        """Every item of a collection, page after page."""
        async for page in self.pages(path, segments=segments, query=query, headers=headers):
            for item in page.items():
                yield item

    async def aclose(self) -> None:
        if self._owned is not None:
            await self._owned.aclose()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


# --- transports ----------------------------------------------------------------------------


def httpx_transport(http: "httpx.Client") -> Transport:
    """A :data:`Transport` over an ``httpx.Client``."""
    httpx = _httpx()

    def send(request: Request) -> Answer:
        try:
            r = http.request(request.method, request.url, headers=request.headers, content=request.content)
            body: bytes = r.content
        except httpx.TransportError as e:
            raise TransportFailure(transport_kind(e), e) from e
        return r.status_code, r.headers.multi_items(), body

    return send


def httpx_async_transport(http: "httpx.AsyncClient") -> AsyncTransport:
    """An :data:`AsyncTransport` over an ``httpx.AsyncClient``."""
    httpx = _httpx()

    async def send(request: Request) -> Answer:
        try:
            r = await http.request(request.method, request.url, headers=request.headers,
                                   content=request.content)
            body: bytes = r.content
        except httpx.TransportError as e:
            raise TransportFailure(transport_kind(e), e) from e
        return r.status_code, r.headers.multi_items(), body

    return send


def requests_transport(session: Any) -> Transport:
    """A :data:`Transport` over a ``requests.Session``, with the core's timeouts."""
    requests = _requests()
    t = _bridge.defaults()["transport"]
    timeout: Tuple[float, float] = (t["connect_timeout_ms"] / 1000, t["timeout_ms"] / 1000)

    def send(request: Request) -> Answer:
        try:
            r = session.request(request.method, request.url, headers=dict(request.headers),
                                data=request.content, timeout=timeout, allow_redirects=False)
        except requests.exceptions.RequestException as e:
            raise TransportFailure(transport_kind(e), e) from e
        return r.status_code, list(r.headers.items()), r.content

    return send
