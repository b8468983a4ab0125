"""The sans-IO surface: keys, certificates, assertions (PyJWT-verified), external signers,
profiles, identifiers, API requests and responses, retry advice, paging, polling, the token
manager, and thread safety."""

from __future__ import annotations

import json
import threading
from typing import Any, List

import jwt
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

import careerpro_fla as fla

from .conftest import KEYS

NOW = 1767225600
AUD = "https://services.socialsecurity.be/REST/oauth/v5/token"
BASE = "https://services.socialsecurity.be/REST/federalLearningAccount/v1"


def pem(name: str) -> bytes:
    return (KEYS / name).read_bytes()


@pytest.mark.parametrize(
    "key_file,cert_file,alg",
    [
        ("rsa2048.pkcs8.pem", "rsa2048.crt.pem", alg)
        for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]
    ]
    + [
        ("rsa4096.pkcs8.pem", "rsa4096.crt.pem", "RS256"),
        ("p256.pkcs8.pem", "p256.crt.pem", "ES256"),
        ("p384.pkcs8.pem", "p384.crt.pem", "ES384"),
        ("p521.pkcs8.pem", "p521.crt.pem", "ES512"),
    ],
)
def test_every_assertion_verifies_with_pyjwt(key_file: str, cert_file: str, alg: str) -> None:
    key = fla.SigningKey.from_bytes(pem(key_file), algorithm=alg, certificate=pem(cert_file))
    a = fla.sign_assertion(key, "cid", AUD, include_x5t_s256=True)
    public = serialization.load_pem_public_key(_spki(cert_file))
    claims = jwt.decode(a.compact, public, algorithms=[alg], audience=AUD)  # type: ignore[arg-type]
    assert claims["iss"] == claims["sub"] == "cid"
    assert claims["exp"] - claims["iat"] == 300
    assert a.header["x5t#S256"] == key.certificate.x5t_s256  # type: ignore[union-attr]
    assert len(a.jti) == 36 and a.jti != fla.sign_assertion(key, "cid", AUD).jti


def _spki(cert_file: str) -> bytes:
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(pem(cert_file))
    return cert.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_external_signer_with_cryptography_der_ecdsa() -> None:
    private = serialization.load_pem_private_key(pem("p384.pkcs8.pem"), password=None)
    assert isinstance(private, ec.EllipticCurvePrivateKey)
    seen: List[bytes] = []

    def kms_sign(data: bytes) -> bytes:
        seen.append(data)
        return private.sign(data, ec.ECDSA(hashes.SHA384()))  # DER, as KMS APIs return it

    ext = fla.ExternalKey("ES384", kms_sign, certificate=pem("p384.crt.pem"), key_id="kms-1")
    a = fla.sign_assertion(ext, "cid", AUD, now=NOW, jti="j")
    assert seen == [a.compact.rsplit(".", 1)[0].encode()]
    assert a.header == {"alg": "ES384", "typ": "JWT"}  # the key's id is sent only on request
    a = fla.sign_assertion(ext, "cid", AUD, now=NOW, jti="j", include_key_id=True)
    assert a.header == {"alg": "ES384", "typ": "JWT", "kid": "kms-1"}
    jwt.decode(a.compact, private.public_key(), algorithms=["ES384"], audience=AUD,
               options={"verify_exp": False, "verify_iat": False})


def test_external_signer_wrong_key_and_bad_returns() -> None:
    other = serialization.load_pem_private_key(pem("p384.pkcs8.pem"), password=None)
    assert isinstance(other, ec.EllipticCurvePrivateKey)
    wrong = fla.ExternalKey("ES384", lambda d: b"\x01" * 96, certificate=pem("p384.crt.pem"))
    with pytest.raises(fla.SigningError) as e:
        fla.sign_assertion(wrong, "cid", AUD)
    assert e.value.code == "external_signature_invalid"
    with pytest.raises(fla.SigningError):
        fla.sign_assertion(fla.ExternalKey("ES384", lambda d: "text"), "cid", AUD)  # type: ignore[arg-type,return-value]
    with pytest.raises(fla.SigningError):
        fla.sign_assertion(fla.ExternalKey("RS256", lambda d: b"short"), "cid", AUD)

    def boom(data: bytes) -> bytes:
        raise RuntimeError("HSM offline")

    with pytest.raises(RuntimeError, match="HSM offline"):
        fla.sign_assertion(fla.ExternalKey("RS256", boom), "cid", AUD)
    with pytest.raises(fla.ValidationError):
        fla.ExternalKey("RS256", "not callable")  # type: ignore[arg-type]


def test_prepare_and_finish_with_rsa_from_cryptography() -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = serialization.load_pem_private_key(pem("rsa2048.pkcs8.pem"), password=None)
    assert isinstance(private, rsa.RSAPrivateKey)
    u = fla.prepare_assertion("RS256", "cid", AUD, now=NOW, jti="j-1")
    sig = private.sign(u.signing_input, padding.PKCS1v15(), hashes.SHA256())
    a = u.finish(sig)
    key = fla.SigningKey.from_bytes(pem("rsa2048.pkcs8.pem"))
    assert a.compact == fla.sign_assertion(key, "cid", AUD, now=NOW, jti="j-1").compact


def test_key_formats_and_public_jwk() -> None:
    a = fla.SigningKey.from_bytes(pem("p384.jwk.json"))
    b = fla.SigningKey.from_bytes(pem("p384.pkcs8.der"))
    c = fla.SigningKey.from_bytes(pem("p384.pkcs8.pem").decode())  # str works too
    assert a.public_key == b.public_key == c.public_key
    jwk = b.public_key_jwk()
    assert jwk["kty"] == "EC" and jwk["crv"] == "P-384" and "d" not in jwk
    assert b.public_key.jwk_thumbprint_sha256()
    assert repr(b) == "SigningKey(ES384, EC P-384, [redacted])"


def test_certificate_inspection_and_chaman() -> None:
    cert = fla.Certificate.parse(pem("rsa2048.crt.pem"))
    key = fla.SigningKey.from_bytes(pem("rsa2048.pkcs8.pem"))
    assert cert.matches_key(key)
    cert.check_key(key)
    other = fla.SigningKey.from_bytes(pem("rsa3072.pkcs8.pem"))
    with pytest.raises(fla.CertificateError) as e:
        cert.check_key(other)
    assert e.value.code == "key_certificate_mismatch"
    with pytest.raises(fla.CertificateError):
        fla.SigningKey.from_bytes(pem("rsa3072.pkcs8.pem"), certificate=cert)
    assert cert.check_chaman(now=cert.not_before + 1) == []
    late = cert.check_chaman(now=cert.not_after + 1)
    assert [f.rule for f in late] == ["expired"] and late[0].severity == "error"
    assert all(isinstance(r, str) for r in fla.CHAMAN_RULES)


def test_identifiers() -> None:
    s = fla.Ssin("85.07.30-033.28")
    assert s.value == "85073003328" and str(s) == "85073003328" and s.birth_year == 1985
    assert fla.Ssin("85073003328") == s and len({s, fla.Ssin("85073003328")}) == 1
    assert fla.EnterpriseNumber("0884.303.369").value == "0884303369"
    d = fla.Date("2024-02-29")
    assert (d.year, d.month, d.day, d.isoformat()) == (2024, 2, 29, "2024-02-29")
    assert fla.Date.from_ymd(2024, 3, 1) > d
    for bad, cls in [("2023-02-29", fla.Date), ("85073003329", fla.Ssin), ("0884303368", fla.EnterpriseNumber)]:
        with pytest.raises(fla.ValidationError):
            cls(bad)
    assert fla.is_leap_year(2000) and not fla.is_leap_year(1900)


def test_profiles() -> None:
    p = fla.Profile.fla("http://127.0.0.1:8080", "training_provider")
    assert p.api_base_url == "http://127.0.0.1:8080/REST/federalLearningAccount/trainingProvider/v1"
    assert p.scope is None
    q = p.with_scope("x").with_audience("aud")
    assert (q.scope, q.audience, p.scope) == ("x", "aud", None)
    assert fla.Profile.from_json('{"environment":"acceptance","quality":"agent"}').scope == fla.SCOPE_AGENT
    with pytest.raises(fla.ValidationError):
        fla.Profile.fla("mars", "employer")


def test_api_request_response_paging_curl() -> None:
    r = fla.api_request(
        "GET", "employers", base_url=BASE, access_token="tok", segments=["0884303369", "a/b"],
        query={"page": 2, "formal": True}, trace_id="trace-1",
    )
    assert r.url == f"{BASE}/employers/0884303369/a%2Fb?page=2&formal=true"
    assert r.header("authorization") == "Bearer tok"
    assert "tok" not in repr(r) and "[redacted]" in repr(r)
    assert "tok" not in fla.to_curl(r) and "Bearer tok" in fla.to_curl(r, reveal_secrets=True)
    body = json.dumps({"items": [{"id": 1}], "next": "employers?page=3", "total": 9}).encode()
    first = fla.api_request("GET", "employers", base_url=BASE, access_token="tok")
    resp = fla.parse_api_response(first, 200, {"Content-Type": "application/json"}, body)
    assert resp.items() == [{"id": 1}] and resp.total() == 9
    nxt = fla.next_page_request(BASE, first, resp, trace_id="trace-2")
    assert nxt is not None and nxt.url == f"{BASE}/employers?page=3"
    post = fla.api_request("POST", "/x", base_url=BASE, access_token="tok", json={"d": fla.Date("2024-01-01").isoformat()})
    assert post.body == '{"d":"2024-01-01"}' and post.header("content-type") == "application/json"
    with pytest.raises(fla.ValidationError) as e:
        fla.api_request("GET", "../../etc", base_url=BASE, access_token="tok")
    assert e.value.code == "path_invalid"


def test_retry_advice() -> None:
    get = fla.api_request("GET", "x", base_url=BASE, access_token="tok")
    post = fla.api_request("POST", "x", base_url=BASE, access_token="tok", json={})
    a = fla.advise_retry(get, status=429, headers={"Retry-After": "2"}, body=b"")
    assert (a.action, a.delay_ms) == ("retry", 2000)
    assert fla.advise_retry(post, status=503, headers={}, body=b"").action == "give_up"
    unauth = fla.advise_retry(
        post, status=401, headers={"Content-Type": "application/problem+json"},
        body=b'{"type":"urn:problem-type:belgif:expiredAccessToken","status":401}',
    )
    assert unauth.action == "refresh_token"
    assert fla.advise_retry(get, transport_error="tls").action == "give_up"
    assert fla.advise_retry(get, transport_error="timeout", jitter=0).delay_ms == 0
    gave_up = fla.advise_retry(get, attempt=3, status=503, headers={}, body=b"")
    assert isinstance(gave_up.error, fla.ApiError) and gave_up.error.status == 503


def test_poller() -> None:
    post = fla.api_request("POST", "trainings", base_url=BASE, access_token="tok", json={})
    accepted = fla.parse_api_response(post, 202, {"Location": "trainings/42"}, b"", now=1000)
    poller = fla.Poller(BASE, accepted, now=1000)
    step = poller.start("tok", now=1000)
    assert step.action == "poll" and step.request is not None and step.request.url == f"{BASE}/trainings/42"
    done = poller.handle(200, {"Content-Type": "application/json"}, b'{"id":42}', "tok", now=1001)
    assert done.action == "done" and done.response is not None and done.response.json() == {"id": 42}


def test_token_manager_one_fetch_and_redaction() -> None:
    m = fla.TokenManager()
    now = NOW * 1000
    first = m.poll(now)
    assert isinstance(first, fla.FetchToken) and first.kind == "fetch_token" and first.ticket == 1
    assert first.assertion_now_ms == now
    wait = m.poll(now + 5)
    assert isinstance(wait, fla.Wait) and wait.reason == "fetch_in_flight" and m.in_flight == 1
    assert m.assertion_time(now) == NOW
    body = b'{"access_token":"s3cr3t","token_type":"Bearer","expires_in":3600}'
    assert m.handle_response(1, 200, [], body, now + 50) == "stored"
    use = m.poll(now + 100)
    assert isinstance(use, fla.UseToken) and use.token.secret == "s3cr3t"
    assert "s3cr3t" not in repr(use.token) and "s3cr3t" not in repr(m) and "s3cr3t" not in repr(use)
    assert m.handle_response(1, 200, [], body, now + 60) == "ignored"
    assert m.invalidate(now + 200)
    nxt = m.poll(now + 2000)
    assert isinstance(nxt, fla.FetchToken)
    with pytest.raises(fla.InvalidClient):
        m.handle_response(nxt.ticket, 401, [], b'{"error":"invalid_client"}', now + 2100)
    failed = m.poll(now + 2200)
    assert isinstance(failed, fla.Fail) and isinstance(failed.error, fla.InvalidClient)
    assert isinstance(m.last_error, fla.InvalidClient)
    # A fetch that could not even be signed gives its ticket back.
    other = fla.TokenManager()
    ticket = other.poll(now)
    assert isinstance(ticket, fla.FetchToken)
    assert other.abandon(ticket.ticket) == "abandoned" and isinstance(other.poll(now + 1), fla.FetchToken)


def test_objects_are_shared_across_threads() -> None:
    key = fla.SigningKey.from_bytes(pem("p521.pkcs8.pem"))
    m = fla.TokenManager()
    fetches: List[Any] = []
    results: List[str] = []

    def work() -> None:
        a = fla.sign_assertion(key, "cid", AUD)
        results.append(a.jti)
        act = m.poll(NOW * 1000)
        if isinstance(act, fla.FetchToken):
            fetches.append(act.ticket)

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(set(results)) == 16 and fetches == [1]
