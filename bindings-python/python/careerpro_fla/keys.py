"""Signing keys: loaded once by the core (bridge object ``signing_key``), used for every
assertion; keys held elsewhere (a KMS, an HSM) behind :class:`ExternalKey` (bridge object
``external_key``). Key material never leaves the core; ``repr`` never shows it.
"""

from __future__ import annotations

import base64
from typing import Any, Callable, Dict, Literal, Mapping, Optional, Union, final

from . import _bridge
from ._convert import data as _data, invalid
from .certificate import Certificate, certificate_der
from .errors import KeyLoadError

__all__ = ["Algorithm", "ExternalKey", "PublicKey", "SigningKey"]

Algorithm = Literal["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
"""JWS algorithms (RFC 7518) the core signs with."""

_Data = Union[bytes, bytearray, memoryview, str]


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@final
class PublicKey:
    """The public half of a key: RSA modulus and exponent, or an EC point."""

    __slots__ = ("_view",)

    def __init__(self, view: Mapping[str, Any]) -> None:
        self._view = view

    @property
    def kind(self) -> Literal["RSA", "EC"]:
        """``RSA`` or ``EC``."""
        return "EC" if self._view["kind"] == "EC" else "RSA"

    @property
    def bits(self) -> int:
        """Key size in bits (modulus length, or curve size)."""
        return int(self._view["bits"])

    @property
    def curve(self) -> Optional[str]:
        """The curve (``P-256``, ``P-384``, ``P-521``) of an EC key."""
        return self._view.get("curve")

    @property
    def n(self) -> Optional[bytes]:
        """RSA modulus, big-endian."""
        return _b64url(self._view["jwk"]["n"]) if self.kind == "RSA" else None

    @property
    def e(self) -> Optional[bytes]:
        """RSA public exponent, big-endian."""
        return _b64url(self._view["jwk"]["e"]) if self.kind == "RSA" else None

    @property
    def point(self) -> Optional[bytes]:
        """EC uncompressed point ``04‖x‖y``."""
        if self.kind != "EC":
            return None
        jwk = self._view["jwk"]
        return b"\x04" + _b64url(jwk["x"]) + _b64url(jwk["y"])

    def to_jwk(self) -> Dict[str, Any]:
        """The public key as a JWK (RFC 7517) dict."""
        return dict(self._view["jwk"])

    def jwk_thumbprint_sha256(self) -> str:
        """The RFC 7638 JWK thumbprint (SHA-256, base64url)."""
        return str(self._view["jwk_thumbprint"])

    def describe(self) -> str:
        """``RSA 2048 bits``, ``EC P-384``."""
        return str(self._view["description"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicKey) and other._view["jwk"] == self._view["jwk"]

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PublicKey({self.describe()})"


@final
class SigningKey:
    """A private key ready to sign client assertions; safe to share between threads (the core
    signs concurrently)."""

    __slots__ = ("_handle", "_info", "_certificate", "_external")
    _handle: _bridge.Handle
    _info: Dict[str, Any]
    _certificate: Optional[Certificate]
    _external: Optional[_bridge.Handle]

    def __init__(self) -> None:
        raise TypeError("use SigningKey.from_bytes(...)")

    @staticmethod
    def from_bytes(
        data: _Data,
        password: Optional[_Data] = None,
        alias: Optional[str] = None,
        *,
        algorithm: Optional[Algorithm] = None,
        certificate: Optional[Union[Certificate, _Data]] = None,
        key_id: Optional[str] = None,
    ) -> "SigningKey":
        """Loads a key from what the caller has (PEM, DER, JWK, PKCS#12, base64), then
        optionally switches its algorithm (RSA keys: RS256 default, RS384, RS512, PS256, PS384,
        PS512) and attaches the certificate registered in Chaman (for ``x5t``/``x5c`` and the
        checks; it must belong to the key)."""
        i: Dict[str, Any] = {}
        if password is not None:
            pw = _data(password, "the password")
            try:
                i["password"] = bytes(pw).decode()
            except UnicodeDecodeError:
                raise invalid("the password is not UTF-8 text") from None
        if alias is not None:
            i["alias"] = alias
        if algorithm is not None:
            i["algorithm"] = algorithm
        if key_id is not None:
            i["key_id"] = key_id
        key = object.__new__(SigningKey)
        key._handle = _bridge.open("signing_key", i, _data(data, "the key"))
        key._info = key._handle.call("info", "{}")
        key._certificate = None
        key._external = None
        if certificate is not None:
            der = certificate_der(certificate)
            key._handle.call("check_certificate", "{}", der)
            key._certificate = Certificate.parse(der)
            # The bridge opens a signing key without a separate certificate (see the report):
            # an external key over the certificate assembles assertions this key signs.
            ext: Dict[str, Any] = {"algorithm": key.algorithm}
            if key.key_id is not None:
                ext["key_id"] = key.key_id
            key._external = _bridge.open("external_key", ext, der)
        return key

    @property
    def algorithm(self) -> Algorithm:
        """The JWS algorithm assertions are signed with (``RS256``, ``ES384``, …)."""
        alg: Algorithm = self._info["algorithm"]
        return alg

    @property
    def public_key(self) -> PublicKey:
        """The public half."""
        return PublicKey(self._info["public_key"])

    @property
    def certificate(self) -> Optional[Certificate]:
        """The certificate that came with the key or was attached to it."""
        if self._certificate is not None:
            return self._certificate
        certs = self._info.get("certificates") or []
        return Certificate(certs[0]) if certs else None

    @property
    def key_id(self) -> Optional[str]:
        """The key id (``kid``) that came with the key (JWK) or was given."""
        kid: Optional[str] = self._info.get("key_id")
        return kid

    def public_key_jwk(self) -> Dict[str, Any]:
        """The public key as a JWK (RFC 7517) dict, for registering or publishing it."""
        return self.public_key.to_jwk()

    def sign(self, signing_input: Union[bytes, bytearray, memoryview]) -> bytes:
        """Signs a JWS signing input and returns the JWS signature (ECDSA: raw ``r‖s``)."""
        return _b64url(self._handle.call("sign", "{}", signing_input)["signature"])

    def _sign_assertion(self, options: Dict[str, Any]) -> Dict[str, Any]:
        if self._external is None:
            out: Dict[str, Any] = self._handle.call("sign_assertion", options)
            return out
        unsigned = self._external.call("prepare_assertion", options)
        signature = self.sign(unsigned["signing_input"].encode())
        out = self._external.call("finish_assertion", {"jti": unsigned["jti"]}, signature)
        return out

    def __repr__(self) -> str:
        return str(self._info["description"])


@final
class ExternalKey:
    """A key that signs outside this library: ``sign(signing_input: bytes) -> bytes`` returns
    the signature (RSA; ECDSA as raw ``r‖s`` or DER, as KMS APIs return it). With a certificate
    or a public key (SPKI, PEM or DER), every signature is verified before use, so a wrong KMS
    key fails here rather than at the token endpoint. Usable wherever a :class:`SigningKey` is."""

    __slots__ = ("_handle", "_info", "_certificate", "_signer")

    def __init__(
        self,
        algorithm: Algorithm,
        sign: Callable[[bytes], bytes],
        *,
        certificate: Optional[Union[Certificate, _Data]] = None,
        public_key: Optional[Union[bytes, bytearray, memoryview, str]] = None,
        key_id: Optional[str] = None,
    ) -> None:
        if not callable(sign):
            raise invalid(
                f"sign must be a callable taking bytes and returning bytes, not {type(sign).__name__}"
            )
        if isinstance(public_key, PublicKey):
            raise invalid(
                "public_key takes the SPKI (PEM or DER); a PublicKey object cannot cross the bridge"
            )
        i: Dict[str, Any] = {"algorithm": algorithm}
        if key_id is not None:
            i["key_id"] = key_id
        self._certificate: Optional[Certificate] = None
        material: Union[bytes, bytearray, memoryview] = b""
        if certificate is not None:
            der = certificate_der(certificate)
            self._certificate = Certificate.parse(der)
            material = der
        elif public_key is not None:
            material = _data(public_key, "the public key")
        self._handle = _bridge.open("external_key", i, material)
        self._info: Dict[str, Any] = self._handle.call("info", "{}")
        self._signer = sign

    @property
    def algorithm(self) -> Algorithm:
        """The JWS algorithm the signer uses."""
        alg: Algorithm = self._info["algorithm"]
        return alg

    @property
    def certificate(self) -> Optional[Certificate]:
        """The certificate registered in Chaman, if given."""
        return self._certificate

    @property
    def public_key(self) -> Optional[PublicKey]:
        """The public key, if known (given, or from the certificate)."""
        view = self._info.get("public_key")
        return None if view is None else PublicKey(view)

    @property
    def key_id(self) -> Optional[str]:
        """The key id (``kid``), if given."""
        return self._info.get("key_id")

    def _sign_assertion(self, options: Dict[str, Any]) -> Dict[str, Any]:
        unsigned = self._handle.call("prepare_assertion", options)
        returned = self._signer(unsigned["signing_input"].encode())
        if not isinstance(returned, (bytes, bytearray, memoryview)):
            from .errors import from_payload

            raise from_payload({
                "code": "external_signature_invalid", "retryable": False,
                "message": f"the external signer returned {type(returned).__name__}, not bytes",
            })
        out: Dict[str, Any] = self._handle.call("finish_assertion", {"jti": unsigned["jti"]}, returned)
        return out

    def __repr__(self) -> str:
        return f"ExternalKey({self.algorithm})"


def _certificate_public_key(der: bytes) -> PublicKey:
    """A certificate's public key, read by an external key opened over it (the certificate
    view of the bridge has no public key yet; see the report): the first algorithm the key
    fits."""
    last: Optional[KeyLoadError] = None
    for algorithm in ("RS256", "ES256", "ES384", "ES512"):
        try:
            handle = _bridge.open("external_key", {"algorithm": algorithm}, der)
        except KeyLoadError as e:
            last = e
            continue
        return PublicKey(handle.call("info", "{}")["public_key"])
    assert last is not None
    raise last
