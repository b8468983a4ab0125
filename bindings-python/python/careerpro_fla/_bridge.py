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
from typing import Any, Dict, Mapping, Optional, Union

from . import _native
from .errors import from_payload

__all__ = ["Handle", "Input", "call", "defaults", "open"]

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


_DEFAULTS: Optional[Dict[str, Any]] = None


def defaults() -> Dict[str, Any]:
    """The core's defaults (``defaults`` operation: retry policy, token manager, poll plan,
    transport timeouts, transport kinds), read once."""
    global _DEFAULTS
    if _DEFAULTS is None:
        _DEFAULTS = call("defaults")
    return _DEFAULTS


def _text(input: Input) -> str:
    if isinstance(input, str):
        return input
    if not isinstance(input, dict):
        input = dict(input)
    return dumps(input)


def dumps(value: Any) -> str:
    """JSON text as inputs are written (dates as ISO 8601 text); a value JSON cannot carry
    (NaN, infinity, another type) is ``invalid_argument``."""
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False,
                          default=_iso_date)
    except (TypeError, ValueError, RecursionError) as e:
        raise from_payload({
            "code": "invalid_argument", "retryable": False,
            "message": f"the input cannot be sent as JSON: {e}",
        }) from None


def _iso_date(value: Any) -> Any:
    # datetime.date / datetime.datetime / pandas.Timestamp as ISO 8601 text, the JSON form the
    # core reads dates in; anything else is not JSON.
    if hasattr(value, "isoformat") and hasattr(value, "year"):
        return value.isoformat()
    raise TypeError(f"a {type(value).__name__} is not JSON (use dict, list, str, int, float, bool, None or a date)")


def _answer(envelope: str) -> Any:
    answer = json.loads(envelope)
    if "ok" in answer:
        return answer["ok"]
    raise from_payload(answer["error"])


def _error(envelope: str) -> Exception:
    return from_payload(json.loads(envelope)["error"])
