"""The golden vectors in tests/vectors, replayed: RS* byte for byte, PS*/ES* by verification
with PyJWT (code that shares nothing with ours)."""

from __future__ import annotations

import json
from typing import Any, Dict

import jwt
import pytest
from cryptography import x509

import careerpro_fla as fla

from .conftest import KEYS, load_vectors

ASSERTIONS = load_vectors("assertions.json")["vectors"]
ERRORS = load_vectors("errors.json")
TOKEN_RESPONSES = load_vectors("token_responses.json")["vectors"]
PASSWORD_FILES: Dict[str, Any] = {}


def key_for(v: Dict[str, Any]) -> fla.SigningKey:
    return fla.SigningKey.from_bytes(
        (KEYS / v["key"]).read_bytes(), v["password"], v["alias"], algorithm=v["alg"]
    )


def verify_with_pyjwt(compact: str, certificate_file: str, alg: str, audience: str) -> Dict[str, Any]:
    cert = x509.load_pem_x509_certificate((KEYS / certificate_file).read_bytes())
    claims: Dict[str, Any] = jwt.decode(
        compact,
        cert.public_key(),  # type: ignore[arg-type]
        algorithms=[alg],
        audience=audience,
        options={"verify_exp": False, "verify_iat": False, "verify_nbf": False},
    )
    return claims


@pytest.mark.parametrize("v", ASSERTIONS, ids=[v["name"] for v in ASSERTIONS])
def test_assertion_vector(v: Dict[str, Any]) -> None:
    key = key_for(v)
    assert key.algorithm == v["alg"]
    o = v["options"]
    a = fla.sign_assertion(
        key, v["client_id"], v["audience"], lifetime=v["lifetime"], now=v["now"], jti=v["jti"],
        include_nbf=o["include_nbf"], include_typ=o["include_typ"], key_id=o["key_id"],
        include_x5t=o["include_x5t"], include_x5t_s256=o["include_x5t_s256"],
        include_x5c=o["include_x5c"],
    )
    assert a.header == v["header"]
    assert a.claims == v["claims"]
    assert a.compact.rsplit(".", 1)[0] == v["signing_input"]
    if v["deterministic"]:
        assert a.compact == v["assertion"]
    # Ours and the committed one both verify with PyJWT.
    for compact in (a.compact, v["assertion"]):
        claims = verify_with_pyjwt(compact, v["certificate"], v["alg"], v["audience"])
        assert claims == v["claims"]
    profile = fla.Profile.fla(v["environment"], v["quality"])
    assert profile.audience == v["audience"]
    assert profile.scope == v["scope"]
    if v["deterministic"]:
        req = fla.token_request(profile.token_url, a, profile.scope)
        t = v["token_request"]
        assert (req.method, req.url, req.body) == (t["method"], t["url"], t["body"])
        assert req.headers == [tuple(h) for h in t["headers"]]


@pytest.mark.parametrize("v", ERRORS["keys"], ids=[str(i) for i in range(len(ERRORS["keys"]))])
def test_key_error_vector(v: Dict[str, Any]) -> None:
    data = v["input"][len("inline:"):].encode() if v["input"].startswith("inline:") else (KEYS / v["input"]).read_bytes()
    with pytest.raises(fla.CareerProError) as e:
        fla.SigningKey.from_bytes(data, v["password"], v["alias"])
    assert e.value.code == v["code"]
    assert isinstance(e.value, (fla.KeyLoadError, fla.ValidationError))
    if v["password"]:
        assert v["password"] not in str(e.value) and v["password"] not in repr(e.value)


@pytest.mark.parametrize("v", ERRORS["algorithms"])
def test_algorithm_error_vector(v: Dict[str, Any]) -> None:
    with pytest.raises(fla.KeyLoadError) as e:
        fla.SigningKey.from_bytes((KEYS / v["key"]).read_bytes(), algorithm=v["alg"])
    assert e.value.code == v["code"]


@pytest.mark.parametrize("v", ERRORS["assertion_options"])
def test_assertion_option_error_vector(v: Dict[str, Any]) -> None:
    key = fla.SigningKey.from_bytes((KEYS / "rsa2048.pkcs8.pem").read_bytes())
    with pytest.raises(fla.CareerProError) as e:
        fla.sign_assertion(key, v["client_id"], v["audience"], lifetime=v["lifetime"], now=1767225600)
    assert e.value.code == v["code"]


@pytest.mark.parametrize("v", ERRORS["token_urls"])
def test_token_url_error_vector(v: Dict[str, Any]) -> None:
    with pytest.raises(fla.ValidationError) as e:
        fla.token_request(v["token_url"], "eyJ.x.y")
    assert e.value.code == v["code"]


@pytest.mark.parametrize("v", TOKEN_RESPONSES, ids=[v["name"] for v in TOKEN_RESPONSES])
def test_token_response_vector(v: Dict[str, Any]) -> None:
    r, x = v["response"], v["expected"]
    headers = [tuple(h) for h in r["headers"]]
    if "code" not in x:
        t = fla.parse_token_response(r["status"], headers, r["body"].encode(), now=v["now"])
        assert (t.secret, t.token_type, t.expires_in, t.expires_at, t.scope) == (
            x["access_token"], x["token_type"], x["expires_in"], x["expires_at"], x["scope"]
        )
        if len(x["access_token"]) > 3:
            assert x["access_token"] not in repr(t) and x["access_token"] not in str(t)
        return
    with pytest.raises(fla.CareerProError) as e:
        fla.parse_token_response(r["status"], headers, r["body"].encode(), now=v["now"])
    err = e.value
    assert (err.code, err.status, err.retryable, err.retry_after, err.trace_id) == (
        x["code"], x["status"], x["retryable"], x["retry_after"], x["trace_id"]
    )
    if x["oauth_error"] is not None:
        assert isinstance(err, fla.OAuthError) and err.error == x["oauth_error"]
    if x["problem_type"] is not None:
        assert err.problem is not None and err.problem["type"] == x["problem_type"]


def test_retry_after_vectors_through_the_api_parser() -> None:
    # The token parser uses the same Retry-After rules; a 503 carries the parsed seconds.
    for v in ERRORS["retry_after"]:
        if "seconds" not in v:
            continue
        with pytest.raises(fla.TokenEndpointError) as e:
            fla.parse_token_response(503, [("Retry-After", v["value"])], b"down", now=v["now"])
        assert e.value.retry_after == v["seconds"], v
