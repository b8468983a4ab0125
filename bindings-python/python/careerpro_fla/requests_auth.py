"""Authentication for your own requests sessions: :class:`RequestsAuth`, a ``requests`` auth
class over the same flow as every client (:mod:`careerpro_fla._flow`). It adds the bearer token
the core's token manager caches, fetches it when needed (one fetch at a time), and after a 401
retries once with a new token when the core says so. Needs requests
(``pip install 'careerpro-fla[requests]'``).
"""

from __future__ import annotations

import threading
from typing import Any, Optional

from ._flow import Engine, Flow, Key, Send, SendUser, Sleep, TransportFailure, WaitForFetch
from .client import AssertionOptions, _requests, requests_transport
from .profile import Profile
from .tokens import TokenManager

__all__ = ["RequestsAuth"]


class RequestsAuth:
    """A ``requests`` auth class (``session.auth = RequestsAuth(…)``, or ``auth=`` per call).
    Token requests go through ``session`` (default: a session of its own) with the core's
    timeouts."""

    def __init__(
        self,
        key: Key,
        client_id: str,
        profile: Profile,
        *,
        session: Any = None,
        token_manager: Optional[TokenManager] = None,
        assertion_options: Optional[AssertionOptions] = None,
        token_wait_s: Optional[float] = None,
    ) -> None:
        self._requests = _requests()
        self._engine = Engine(key, client_id, profile, token_manager=token_manager, retry_policy=None,
                              assertion_options=dict(assertion_options or {}), token_wait_s=token_wait_s)
        self._send = requests_transport(session if session is not None else self._requests.Session())
        self._cond = threading.Condition()

        def ended() -> None:
            with self._cond:
                self._cond.notify_all()

        self._engine.on_fetch_ended = ended

    @property
    def token_manager(self) -> TokenManager:
        return self._engine.token_manager

    def _drive(self, flow: Flow[None], value: Any) -> Any:
        """Runs ``flow`` until it asks to send the caller's request; answers that effect."""
        error: Optional[BaseException] = None
        while True:
            effect = flow.throw(error) if error is not None else flow.send(value)
            value, error = None, None
            if isinstance(effect, SendUser):
                return effect
            if isinstance(effect, Send):
                try:
                    value = self._send(effect.request)
                except TransportFailure as failure:
                    error = failure
            elif isinstance(effect, Sleep):
                threading.Event().wait(effect.seconds)
            elif isinstance(effect, WaitForFetch):
                with self._cond:
                    if self._engine.fetches_ended == effect.generation:
                        self._cond.wait(effect.seconds)

    def __call__(self, r: Any) -> Any:
        flow = self._engine.auth_flow(r.method, r.url)
        effect = self._drive(flow, None)
        r.headers["Authorization"] = effect.authorization

        def on_response(response: Any, **kwargs: Any) -> Any:
            try:
                again = self._drive(flow, _answer_requests(response))
            except StopIteration:
                return response
            retry = response.request.copy()
            retry.headers["Authorization"] = again.authorization
            response.content  # read the body so that the connection is released
            response.close()
            second = response.connection.send(retry, **kwargs)
            second.history.append(response)
            second.request = retry
            flow.close()
            return second

        r.register_hook("response", on_response)
        return r


def _answer_requests(response: Any) -> Any:
    return response.status_code, list(response.headers.items()), response.content
