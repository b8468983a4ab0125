"""Bad input everywhere gives a typed exception, never a crash; no secret in any message."""

from __future__ import annotations

import os
from typing import Any, Callable

import pytest

import careerpro_fla as fla

from .conftest import KEYS

GOOD_PEM = (KEYS / "rsa2048.pkcs8.pem").read_bytes()
TYPED = (fla.CareerProError, TypeError)


@pytest.mark.parametrize(
    "data",
    [b"", b"\x00" * 10, GOOD_PEM[:200], GOOD_PEM[: len(GOOD_PEM) // 2], os.urandom(3000),
     b"{", b"[]", b'{"kty":"oct","k":"AAAA"}', b"-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----",
     (KEYS / "rsa2048.p12").read_bytes()[:500], b"x" * (2 << 20), "é" * 100],
)
def test_garbage_keys(data: Any) -> None:
    with pytest.raises(fla.CareerProError):
        fla.SigningKey.from_bytes(data)


@pytest.mark.parametrize("value", [None, 12, 1.5, ["a"], object()])
def test_wrong_types_are_typed(value: Any) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: fla.SigningKey.from_bytes(value),
        lambda: fla.Certificate.parse(value),
        lambda: fla.Ssin(value),
        lambda: fla.token_request(value, "a"),
        lambda: fla.parse_token_response(200, value, b"{}"),
        lambda: fla.api_request("GET", "x", base_url=value, access_token="t"),
    ]
    for call in calls:
        with pytest.raises(TYPED):
            call()
    if isinstance(value, list):
        # An iterable of non-dicts: one error per row, not an exception.
        result = fla.build_requests(value, path="x", base_url="https://h/b", access_token="t")
        assert [e.row for e in result.errors] == [0]
    else:
        with pytest.raises(TYPED):
            fla.build_requests(value, path="x", base_url="https://h/b", access_token="t")


def test_wrong_password_never_echoed() -> None:
    secret = "hunter2-very-secret"
    with pytest.raises(fla.KeyPasswordError) as e:
        fla.SigningKey.from_bytes((KEYS / "rsa2048.p12").read_bytes(), secret)
    assert secret not in str(e.value) and secret not in repr(e.value)


@pytest.mark.parametrize(
    "status,body",
    [(200, b""), (200, b"not json"), (200, b"[1,2]"), (200, b'{"access_token":5}'),
     (200, b'{"access_token":"t","token_type":"MAC"}'), (200, b"{" * 100000),
     (200, b'{"access_token":"' + b"a" * (300 * 1024) + b'","token_type":"Bearer"}'),
     (500, b"<html>down</html>"), (400, os.urandom(5000)), (401, b'{"error":""}'),
     (302, b""), (200, b'{"access_token":"t","token_type":"Bearer","expires_in":-5}')],
)
def test_garbage_token_responses(status: int, body: bytes) -> None:
    with pytest.raises(fla.TokenError) as e:
        fla.parse_token_response(status, [("Content-Type", "application/json")], body)
    assert len(str(e.value)) < 2000


@pytest.mark.parametrize("status", [-1, 2**16, 2**40, 2**64, 1.5, True])
def test_impossible_status(status: int) -> None:
    with pytest.raises(fla.ValidationError):
        fla.parse_token_response(status, [], b"")


@pytest.mark.parametrize("status", [0, 99, 1000])
def test_odd_status_is_a_typed_error(status: int) -> None:
    # The core reads any 16-bit status; one that is not 2xx is the token endpoint's failure.
    with pytest.raises(fla.TokenEndpointError):
        fla.parse_token_response(status, [], b"")


def test_huge_and_hostile_api_bodies() -> None:
    req = fla.api_request("GET", "x", base_url="https://h/b", access_token="tok")
    for body in [b"x" * (5 << 20), b"[" * 200000, os.urandom(100000), b'{"type":5}']:
        err = fla.error_from_response(500, [("Content-Type", "application/problem+json")], body)
        assert isinstance(err, fla.ApiError)
        if body.startswith(b"{"):
            assert fla.parse_api_response(req, 200, [("Content-Type", "application/json")], body).json() == {"type": 5}
        else:
            with pytest.raises(fla.ResponseError):
                fla.parse_api_response(req, 200, [("Content-Type", "application/json")], body)


def test_secrets_stay_out_of_reprs() -> None:
    key = fla.SigningKey.from_bytes(GOOD_PEM)
    a = fla.sign_assertion(key, "cid", "https://h/token")
    req = fla.token_request("https://h/token", a)
    sig = a.compact.rsplit(".", 1)[1]
    for text in (repr(a), str(a), repr(req), repr(key)):
        assert sig not in text and "PRIVATE" not in text
    api = fla.api_request("GET", "x", base_url="https://h/b", access_token="s3cr3t-token")
    assert "s3cr3t-token" not in repr(api)
    t = fla.AccessToken("s3cr3t-token", 0, 60)
    assert "s3cr3t-token" not in repr(t) and "s3cr3t-token" not in str(t)


def test_deep_json_bodies_are_refused() -> None:
    deep: Any = 1
    for _ in range(200):
        deep = [deep]
    with pytest.raises(fla.ValidationError):
        fla.api_request("POST", "x", base_url="https://h/b", access_token="t", json=deep)
    with pytest.raises(fla.ValidationError):
        fla.api_request("POST", "x", base_url="https://h/b", access_token="t", json={"n": float("nan")})
