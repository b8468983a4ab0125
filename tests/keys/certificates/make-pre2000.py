"""Writes pre2000-utctime.pem and pre2000-utctime.p12: an RSA-2048 key and a self-signed
certificate valid from 1950-01-01 (encoded as UTCTime "500101000000Z", valid under RFC 5280
§4.1.2.5.1, as in the PKITS file Validpre2000UTCnotBeforeDateTest3EE) to 2049-12-31.

OpenSSL 3.0's command line cannot set such a date, so pyca/cryptography writes it. Run once with
the repository's venv (`.venv/bin/python tests/keys/certificates/make-pre2000.py`); the outputs
are committed. Password of the .p12: `correct horse battery staple`.
"""

import datetime
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

here = pathlib.Path(__file__).parent
key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "careerpro-fla test pre-2000 UTCTime")])
cert = (
    x509.CertificateBuilder()
    .subject_name(name)
    .issuer_name(name)
    .public_key(key.public_key())
    .serial_number(1950)
    .not_valid_before(datetime.datetime(1950, 1, 1, tzinfo=datetime.timezone.utc))
    .not_valid_after(datetime.datetime(2049, 12, 31, 23, 59, 59, tzinfo=datetime.timezone.utc))
    .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
    .sign(key, hashes.SHA256())
)
(here / "pre2000-utctime.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
(here / "pre2000-utctime.p12").write_bytes(
    pkcs12.serialize_key_and_certificates(
        b"pre2000", key, cert, None,
        serialization.BestAvailableEncryption(b"correct horse battery staple"),
    )
)
