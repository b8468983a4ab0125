"""Python values to the bridge's input shapes: headers, bodies, JSON values, instants.

Conversion only: what a value means is the core's business. Everything raised here goes
through :func:`careerpro_fla.errors.from_payload` (code ``invalid_argument``).
"""

from __future__ import annotations

from . import _bridge
from typing import Any, Iterable, List, Mapping, Optional, Tuple, Union

from .errors import CareerProError, from_payload

Headers = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
"""Headers as a mapping (``dict``, ``httpx.Headers``, requests' ``CaseInsensitiveDict``) or
``(name, value)`` pairs (``httpx.Headers.multi_items()`` keeps repeated names)."""

Body = Union[bytes, bytearray, memoryview, str, None]
"""A body as received: bytes-like, text (sent as UTF-8), or ``None`` (empty)."""


def invalid(message: str) -> CareerProError:
    """The ``invalid_argument`` error for a Python value of the wrong type."""
    return from_payload({"code": "invalid_argument", "message": message, "retryable": False})


def type_name(value: object) -> str:
    return type(value).__name__


def headers(value: Any) -> List[Tuple[str, str]]:
    """Headers as a list of pairs (the bridge's shape)."""
    if hasattr(value, "multi_items"):
        items = value.multi_items()
    elif hasattr(value, "items"):
        items = value.items()
    else:
        items = value
    try:
        pairs = [(k, v) for k, v in items]
    except (TypeError, ValueError):
        raise invalid(
            f"headers must be a mapping or (name, value) pairs of str, not {type_name(value)}"
        ) from None
    return pairs


def body(value: Any) -> Union[bytes, bytearray, memoryview]:
    """A body for the bridge's binary argument."""
    if value is None:
        return b""
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return value
    raise invalid(f"the body must be bytes or str, not {type_name(value)}")


def data(value: Any, what: str) -> Union[bytes, bytearray, memoryview]:
    """Key, certificate or password material: bytes-like or text."""
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return value
    raise invalid(f"{what} must be bytes or str, not {type_name(value)}")


def text(value: Any, what: str) -> str:
    if isinstance(value, str):
        return value
    raise invalid(f"{what} must be a str, not {type_name(value)}")


def ms(seconds: Optional[float]) -> Optional[int]:
    """A Python-side instant (Unix seconds) as the bridge's (Unix ms)."""
    return None if seconds is None else int(seconds * 1000)


def dumps(value: Any) -> str:
    """JSON text for ``value``, written as the bridge writes inputs (dates as ISO 8601 text);
    NaN, infinity and other types are ``invalid_argument``."""
    return _bridge.dumps(value)
