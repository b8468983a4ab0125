"""The client assertion (RFC 7523 §2.2, §3): signed by the core with a :class:`SigningKey`, or
prepared for a signer outside this library and finished with its signature.

Units: ``now`` is Unix seconds; ``lifetime`` seconds; ``iat``/``exp`` are JWT claims
(seconds, RFC 7519).
"""

from __future__ import annotations

import base64

from typing import Any, Dict, Mapping, Optional, Union, final

from . import _bridge
from ._convert import invalid, ms
from .certificate import Certificate, certificate_der
from .keys import Algorithm, ExternalKey, SigningKey

__all__ = ["Assertion", "UnsignedAssertion", "prepare_assertion", "sign_assertion"]


def _part(compact: str, i: int) -> str:
    text = compact.split(".")[i]
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()


@final
class Assertion:
    """A signed client assertion. ``repr`` hides ``compact``: it is a credential until
    ``exp``."""

    __slots__ = ("_view",)

    def __init__(self, view: Mapping[str, Any]) -> None:
        self._view = view

    @property
    def compact(self) -> str:
        """The compact JWS for the token request's ``client_assertion``."""
        return str(self._view["assertion"])

    @property
    def header(self) -> Dict[str, Any]:
        """The JOSE header as a dict."""
        return dict(self._view["header"])

    @property
    def claims(self) -> Dict[str, Any]:
        """The claims as a dict."""
        return dict(self._view["claims"])

    @property
    def header_json(self) -> str:
        """The header exactly as serialised."""
        return _part(self.compact, 0)

    @property
    def claims_json(self) -> str:
        """The claims exactly as serialised."""
        return _part(self.compact, 1)

    @property
    def jti(self) -> str:
        """``jti``."""
        return str(self._view["jti"])

    @property
    def issued_at(self) -> int:
        """``iat`` (Unix seconds)."""
        return int(self._view["iat"])

    @property
    def expires_at(self) -> int:
        """``exp`` (Unix seconds)."""
        return int(self._view["exp"])

    def __repr__(self) -> str:
        return f"Assertion(header={self.header_json}, claims={self.claims_json}, compact=[redacted])"

    __str__ = __repr__


@final
class UnsignedAssertion:
    """An assertion waiting for an external signature: sign ``signing_input``, then
    :meth:`finish`."""

    __slots__ = ("_view", "_handle")

    def __init__(self, view: Mapping[str, Any], handle: _bridge.Handle) -> None:
        self._view = view
        self._handle = handle

    @property
    def algorithm(self) -> Algorithm:
        """The algorithm the signer must use."""
        alg: Algorithm = self._view["algorithm"]
        return alg

    @property
    def signing_input(self) -> bytes:
        """The exact bytes to sign: ``BASE64URL(header).BASE64URL(claims)``."""
        return str(self._view["signing_input"]).encode()

    @property
    def header(self) -> Dict[str, Any]:
        """The JOSE header as a dict."""
        return dict(self._view["header"])

    @property
    def claims(self) -> Dict[str, Any]:
        """The claims as a dict."""
        return dict(self._view["claims"])

    @property
    def header_json(self) -> str:
        """The header exactly as serialised."""
        return _part(self._view["signing_input"], 0)

    @property
    def claims_json(self) -> str:
        """The claims exactly as serialised."""
        return _part(self._view["signing_input"], 1)

    @property
    def jti(self) -> str:
        """``jti``."""
        return str(self._view["jti"])

    def finish(self, signature: Union[bytes, bytearray, memoryview]) -> Assertion:
        """The signed assertion, from the signature over ``signing_input`` (ECDSA: raw
        ``r‖s`` or DER). Each prepared assertion is finished once."""
        return Assertion(self._handle.call("finish_assertion", {"jti": self.jti}, signature))

    def __repr__(self) -> str:
        return f"UnsignedAssertion(header={self.header_json}, claims={self.claims_json})"


def _options(
    client_id: str,
    audience: str,
    now: Optional[float],
    jti: Optional[str],
    **options: Optional[Any],
) -> Dict[str, Any]:
    i: Dict[str, Any] = {"client_id": client_id, "audience": audience}
    for name, value in options.items():
        if value is not None:
            i[name] = value
    if now is not None:
        i["now"] = ms(now)
    if jti is not None:
        i["jti"] = jti
    return i


def sign_assertion(
    key: Union[SigningKey, ExternalKey],
    client_id: str,
    audience: str,
    *,
    lifetime: Optional[int] = None,
    allow_long_lifetime: Optional[bool] = None,
    include_nbf: Optional[bool] = None,
    include_typ: Optional[bool] = None,
    key_id: Optional[str] = None,
    include_key_id: Optional[bool] = None,
    include_x5t: Optional[bool] = None,
    include_x5t_s256: Optional[bool] = None,
    include_x5c: Optional[bool] = None,
    now: Optional[float] = None,
    jti: Optional[str] = None,
) -> Assertion:
    """Signs a client assertion with ``key`` (a :class:`SigningKey`, or an
    :class:`ExternalKey` whose callable signs). Unset options take the core's defaults
    (lifetime 300 s, ``typ`` included, no ``nbf``/``kid``/``x5t``); ``now`` (Unix seconds)
    defaults to the clock, ``jti`` to a random UUID v4."""
    if not isinstance(key, (SigningKey, ExternalKey)):
        raise invalid(f"the key must be a SigningKey or an ExternalKey, not {type(key).__name__}")
    options = _options(
        client_id, audience, now, jti, lifetime_s=lifetime,
        allow_long_lifetime=allow_long_lifetime, include_nbf=include_nbf,
        include_typ=include_typ, key_id=key_id, include_key_id=include_key_id,
        include_x5t=include_x5t, include_x5t_s256=include_x5t_s256, include_x5c=include_x5c,
    )
    return Assertion(key._sign_assertion(options))


def prepare_assertion(
    algorithm: Algorithm,
    client_id: str,
    audience: str,
    *,
    lifetime: Optional[int] = None,
    allow_long_lifetime: Optional[bool] = None,
    include_nbf: Optional[bool] = None,
    include_typ: Optional[bool] = None,
    key_id: Optional[str] = None,
    include_x5t: Optional[bool] = None,
    include_x5t_s256: Optional[bool] = None,
    include_x5c: Optional[bool] = None,
    certificate: Optional[Union[Certificate, bytes, bytearray, memoryview, str]] = None,
    now: Optional[float] = None,
    jti: Optional[str] = None,
) -> UnsignedAssertion:
    """Builds the unsigned assertion for a signer outside this library (or to inspect what
    would be signed). ``certificate`` (a :class:`Certificate`, PEM or DER) feeds ``x5t``,
    ``x5t#S256``, ``x5c``."""
    material = certificate_der(certificate) if certificate is not None else b""
    handle = _bridge.open("external_key", {"algorithm": algorithm}, material)
    options = _options(
        client_id, audience, now, jti, lifetime_s=lifetime,
        allow_long_lifetime=allow_long_lifetime, include_nbf=include_nbf,
        include_typ=include_typ, key_id=key_id, include_x5t=include_x5t,
        include_x5t_s256=include_x5t_s256, include_x5c=include_x5c,
    )
    return UnsignedAssertion(handle.call("prepare_assertion", options), handle)


