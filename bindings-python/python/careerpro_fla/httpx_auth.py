"""Authentication for your own httpx sessions: :class:`HttpxAuth`, an ``httpx.Auth`` whose sync
and async flows share one implementation (:mod:`careerpro_fla._flow`, as every client). It adds the bearer token the core's token manager caches, fetch it through your session when
needed (one fetch at a time), and after a 401 retry once with a new token when the core says
so. Importing this module needs httpx (``pip install 'careerpro-fla[httpx]'``).

>>> import httpx  # doctest: +SKIP
>>> from careerpro_fla import HttpxAuth, Profile, SigningKey  # doctest: +SKIP
>>> profile = Profile.fla("acceptance", "employer")  # doctest: +SKIP
>>> auth = HttpxAuth(SigningKey.from_bytes(pem), "self_service_expeditor_123", profile)  # doctest: +SKIP
>>> with httpx.Client(auth=auth) as http:  # doctest: +SKIP
...     http.get(profile.api_base_url + "/employers/0884303369/trainings")
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, AsyncGenerator, Generator, Optional

from ._flow import Engine, Key, Send, SendUser, Sleep, TransportFailure, WaitForFetch, transport_kind
from .api import Request
from .client import AssertionOptions
from .profile import Profile
from .tokens import TokenManager

try:
    import httpx
except ImportError as e:
    raise ImportError(
        "HttpxAuth plugs into httpx, which is not installed: pip install 'careerpro-fla[httpx]'"
    ) from e

__all__ = ["HttpxAuth"]


def _httpx_request(request: Request) -> Any:
    return httpx.Request(request.method, request.url, headers=request.headers, content=request.content)


def _answer(response: Any) -> Any:
    return response.status_code, response.headers.multi_items(), response.content


class HttpxAuth(httpx.Auth):
    """An ``httpx.Auth`` for ``httpx.Client(auth=…)`` and ``httpx.AsyncClient(auth=…)``; one
    instance may serve both. Token requests go through the same client."""

    requires_response_body = True

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        token_manager: Optional[TokenManager] = None,
        assertion_options: Optional[AssertionOptions] = None,
        token_wait_s: Optional[float] = None,
    ) -> None:
        self._engine = Engine(key, client_id, profile, token_manager=token_manager, retry_policy=None,
                              assertion_options=dict(assertion_options or {}), token_wait_s=token_wait_s)
        self._cond = threading.Condition()
        self._event: Optional[asyncio.Event] = None

        def ended() -> None:
            with self._cond:
                self._cond.notify_all()
            if self._event is not None:
                self._event.set()
                self._event = None

        self._engine.on_fetch_ended = ended

    @property
    def token_manager(self) -> TokenManager:
        return self._engine.token_manager

    def sync_auth_flow(self, request: Any) -> Generator[Any, Any, None]:
        flow = self._engine.auth_flow(request.method, str(request.url))
        value: Any = None
        error: Optional[BaseException] = None
        try:
            while True:
                try:
                    effect = flow.throw(error) if error is not None else flow.send(value)
                except StopIteration:
                    return
                value, error = None, None
                if isinstance(effect, SendUser):
                    request.headers["Authorization"] = effect.authorization
                    value = _answer((yield request))
                elif isinstance(effect, Send):
                    try:
                        value = _answer((yield _httpx_request(effect.request)))
                    except httpx.TransportError as e:
                        error = TransportFailure(transport_kind(e), e)
                elif isinstance(effect, Sleep):
                    threading.Event().wait(effect.seconds)
                elif isinstance(effect, WaitForFetch):
                    with self._cond:
                        if self._engine.fetches_ended == effect.generation:
                            self._cond.wait(effect.seconds)
        finally:
            flow.close()

    async def async_auth_flow(self, request: Any) -> AsyncGenerator[Any, Any]:
        flow = self._engine.auth_flow(request.method, str(request.url))
        value: Any = None
        error: Optional[BaseException] = None
        try:
            while True:
                try:
                    effect = flow.throw(error) if error is not None else flow.send(value)
                except StopIteration:
                    return
                value, error = None, None
                if isinstance(effect, SendUser):
                    request.headers["Authorization"] = effect.authorization
                    value = _answer((yield request))
                elif isinstance(effect, Send):
                    value = _answer((yield _httpx_request(effect.request)))
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
