"""X.509 certificates: what they say, thumbprints, key match, Chaman's rules — read by the core
(bridge operation ``parse_certificates``), kept as immutable data.

Units: ``not_before``/``not_after`` and ``now`` are Unix seconds.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any, Dict, List, Literal, Mapping, Optional, Union, final

from . import _bridge
from ._convert import data as _data, ms
from .errors import CertificateError

if TYPE_CHECKING:
    from .keys import PublicKey, SigningKey

__all__ = ["Certificate", "Finding", "Severity"]

Severity = Literal["error", "warning"]


@final
class Finding:
    """One broken Chaman rule."""

    __slots__ = ("rule", "severity", "message")
    rule: str
    severity: Severity
    message: str

    def __init__(self, rule: str, severity: Severity, message: str) -> None:
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "message", message)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Finding is immutable")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Finding) and (self.rule, self.severity, self.message) == (
            other.rule, other.severity, other.message)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Finding(rule={self.rule!r}, severity={self.severity!r})"

    def __str__(self) -> str:
        return f"{self.severity} ({self.rule}): {self.message}"


def _b64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@final
class Certificate:
    """A parsed X.509 certificate (PEM, DER or bare base64 DER). Immutable; equal by DER."""

    __slots__ = ("_view", "_der", "_public_key")

    def __init__(self, view: Mapping[str, Any]) -> None:
        self._view = view
        self._der = _b64url(view["der"])
        self._public_key: Optional["PublicKey"] = None

    @staticmethod
    def parse(data: Union[bytes, bytearray, memoryview, str]) -> "Certificate":
        """Parses PEM (the first certificate), DER or bare base64 DER."""
        return Certificate.parse_chain(data)[0]

    @staticmethod
    def parse_chain(data: Union[bytes, bytearray, memoryview, str]) -> List["Certificate"]:
        """Every certificate in a PEM bundle (or the one DER certificate)."""
        views = _bridge.call("parse_certificates", "{}", _data(data, "the certificate"))
        return [Certificate(v) for v in views]

    @property
    def subject(self) -> str:
        """Subject distinguished name (``CN=…, O=…, C=BE``)."""
        return str(self._view["subject"])

    @property
    def issuer(self) -> str:
        """Issuer distinguished name."""
        return str(self._view["issuer"])

    @property
    def serial_hex(self) -> str:
        """Serial number, lowercase hex."""
        return str(self._view["serial_hex"])

    @property
    def not_before(self) -> int:
        """Start of validity (Unix seconds)."""
        return int(self._view["not_before"]) // 1000

    @property
    def not_after(self) -> int:
        """End of validity (Unix seconds)."""
        return int(self._view["not_after"]) // 1000

    @property
    def public_key(self) -> "PublicKey":
        """The subject public key."""
        if self._public_key is None:
            from .keys import _certificate_public_key

            self._public_key = _certificate_public_key(self._der)
        return self._public_key

    @property
    def key_algorithm(self) -> str:
        """``RSA``, ``EC``, or the name of another key type."""
        return str(self._view["key_algorithm"])

    @property
    def key_algorithm_oid(self) -> str:
        """The key algorithm's OID."""
        return str(self._view["key_algorithm_oid"])

    @property
    def key_bits(self) -> Optional[int]:
        """Key size in bits, when known."""
        return self._view.get("key_bits")

    @property
    def curve(self) -> Optional[str]:
        """The EC curve, when the key is on a supported one."""
        return self._view.get("curve")

    @property
    def signature_algorithm(self) -> str:
        """The certificate's signature algorithm (``sha256WithRSAEncryption``, …)."""
        return str(self._view["signature_algorithm"])

    @property
    def signature_digest(self) -> Optional[str]:
        """The signature's digest (``SHA-256``, …), when known."""
        return self._view.get("signature_digest")

    @property
    def key_usage(self) -> Optional[List[str]]:
        """Key usage bits (``digitalSignature``, …), or ``None`` without the extension."""
        usage = self._view.get("key_usage")
        return None if usage is None else list(usage)

    @property
    def is_self_signed(self) -> bool:
        """Whether subject = issuer."""
        return bool(self._view["is_self_signed"])

    @property
    def der(self) -> bytes:
        """The DER encoding."""
        return self._der

    def to_pem(self) -> str:
        """The PEM encoding."""
        return str(self._view["pem"])

    @property
    def thumbprint_sha1(self) -> bytes:
        """SHA-1 of the DER."""
        return bytes.fromhex(self.thumbprint_sha1_hex)

    @property
    def thumbprint_sha256(self) -> bytes:
        """SHA-256 of the DER."""
        return bytes.fromhex(self.thumbprint_sha256_hex)

    @property
    def thumbprint_sha1_hex(self) -> str:
        """SHA-1 thumbprint, hex (as Chaman and Windows show it)."""
        return str(self._view["thumbprint_sha1_hex"])

    @property
    def thumbprint_sha256_hex(self) -> str:
        """SHA-256 thumbprint, hex."""
        return str(self._view["thumbprint_sha256_hex"])

    @property
    def x5t(self) -> str:
        """The JWS ``x5t`` header value (base64url SHA-1)."""
        return str(self._view["x5t"])

    @property
    def x5t_s256(self) -> str:
        """The JWS ``x5t#S256`` header value (base64url SHA-256)."""
        return str(self._view["x5t#S256"])

    def matches_key(self, key: "SigningKey") -> bool:
        """Whether the certificate's public key is the key's."""
        try:
            self.check_key(key)
        except CertificateError as e:
            if e.code == "key_certificate_mismatch":
                return False
            raise
        return True

    def check_key(self, key: "SigningKey") -> None:
        """Raises :class:`CertificateError` (``key_certificate_mismatch``) unless the
        certificate belongs to the key."""
        key._handle.call("check_certificate", "{}", self._der)

    def check_chaman(self, now: Optional[float] = None) -> List[Finding]:
        """Checks Chaman's rules at ``now`` (Unix seconds; default: the clock): one finding per
        broken rule; an empty list means the certificate is acceptable."""
        i: Dict[str, Any] = {} if now is None else {"now": ms(now)}
        (view,) = _bridge.call("parse_certificates", i, self._der)
        return _findings(view)

    def describe(self) -> str:
        """A multi-line description for people."""
        return str(self._view["description"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Certificate) and other._der == self._der

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Certificate(subject={self.subject!r}, serial={self.serial_hex!r})"


def _findings(view: Mapping[str, Any]) -> List[Finding]:
    return [Finding(f["rule"], f["severity"], f["message"]) for f in view["findings"]]


def certificate_der(value: Union["Certificate", bytes, bytearray, memoryview, str]) -> bytes:
    """The DER of a :class:`Certificate`, or of the first certificate in PEM/DER data."""
    if isinstance(value, Certificate):
        return value.der
    return Certificate.parse(value).der
