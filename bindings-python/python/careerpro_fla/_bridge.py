"""The core's bridge in Python terms: operations by name, a dict (or JSON text) in, the value
out, the typed exception on failure.

The compiled module answers the envelope ``{"ok": value}`` / ``{"error": payload}`` as JSON
text; this module writes the input, reads the envelope and raises through
:func:`careerpro_fla.errors.from_payload`, the one function that turns the core's error payload
into an exception.

>>> call("parse_enterprise_number", {"text": "BE 0884.303.369"})
{'value': '0884303369', 'formatted': '0884.303.369'}
>>> from careerpro_fla import ValidationError
>>> try:
...     call("parse_ssin", {"text": "85.07.30-033.29"})
... except ValidationError as e:
...     print(e.code, e.retryable)
ssin_invalid False
"""

from __future__ import annotations

import json
from typing import Any, Mapping, Optional, Union

from . import _native
from .errors import from_payload

__all__ = ["Handle", "Input", "call", "open"]

Input = Union[Mapping[str, Any], str]
"""An operation's input: a mapping (written as JSON), or JSON text sent as given."""

_Buffer = Union[bytes, bytearray, memoryview]


def call(op: str, input: Input = "{}", data: _Buffer = b"", *, now_ms: Optional[int] = None) -> Any:
    """Runs the stateless operation ``op``; answers its value or raises the typed error."""
    return _answer(_native.call(op, _text(input), data, now_ms=now_ms))


def open(kind: str, input: Input = "{}", data: _Buffer = b"", *, now_ms: Optional[int] = None) -> Handle:
    """Opens an object of the core (``signing_key``, ``external_key``, ``token_manager``,
    ``poller``) behind a :class:`Handle`; raises the typed error when the core refuses."""
    try:
        native = _native.Handle(kind, _text(input), data, now_ms=now_ms)
    except _native.BridgeError as e:
        raise _error(str(e.args[0])) from None
    return Handle(native)


class Handle:
    """An object of the core: call its operations by name. Safe to share between threads."""

    __slots__ = ("_native",)

    def __init__(self, native: _native.Handle) -> None:
        self._native = native

    @property
    def kind(self) -> str:
        """The kind the object was opened as."""
        return self._native.kind

    def call(self, op: str, input: Input = "{}", data: _Buffer = b"", *, now_ms: Optional[int] = None) -> Any:
        """Runs ``op`` on the object; answers its value or raises the typed error."""
        return _answer(self._native.call(op, _text(input), data, now_ms=now_ms))

    def __repr__(self) -> str:
        return f"Handle({self.kind!r})"


def _text(input: Input) -> str:
    if isinstance(input, str):
        return input
    if not isinstance(input, dict):
        input = dict(input)
    return json.dumps(input, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _answer(envelope: str) -> Any:
    answer = json.loads(envelope)
    if "ok" in answer:
        return answer["ok"]
    raise from_payload(answer["error"])


def _error(envelope: str) -> Exception:
    return from_payload(json.loads(envelope)["error"])
