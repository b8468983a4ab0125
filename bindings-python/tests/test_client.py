"""The clients' request loop over a canned transport (no network): the core's advice per
attempt, the token manager's ticket given back when signing fails, transport failures typed."""

from __future__ import annotations

import asyncio
from typing import Any, List, Tuple

import pytest

import careerpro_fla as fla
from careerpro_fla._flow import transport_kind

from .conftest import KEYS

PROFILE = fla.Profile.fla("acceptance", "employer")
TOKEN = (200, [("Content-Type", "application/json")],
         b'{"access_token":"s3cr3t","token_type":"Bearer","expires_in":3600}')
Answer = Tuple[int, List[Tuple[str, str]], bytes]


def key() -> fla.SigningKey:
    return fla.SigningKey.from_bytes((KEYS / "p384.pkcs8.pem").read_bytes())


class Canned:
    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.sent: List[fla.Request] = []

    def __call__(self, request: fla.Request) -> Answer:
        self.sent.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer  # type: ignore[no-any-return]


def test_retries_as_the_core_advises_then_succeeds() -> None:
    slept: List[float] = []
    t = Canned(TOKEN, (503, [("Retry-After", "2")], b""), (200, [("Content-Type", "application/json")], b'{"items":[1]}'))
    c = fla.Client(key(), "cid", PROFILE, transport=t, sleep=slept.append)
    r = c.get("employers")
    assert r.json() == {"items": [1]} and r.items() == [1] and slept == [2.0]
    assert [q.url.rsplit("/", 1)[-1] for q in t.sent] == ["token", "employers", "employers"]
    assert t.sent[1].header("authorization") == "Bearer s3cr3t"


def test_a_refused_token_is_refreshed_once() -> None:
    expired = (401, [("Content-Type", "application/problem+json")],
               b'{"type":"urn:problem-type:belgif:expiredAccessToken","status":401}')
    t = Canned(TOKEN, expired, TOKEN, (201, [("Location", "trainings/7")], b""))
    r = fla.Client(key(), "cid", PROFILE, transport=t).post("trainings", json={"a": 1})
    assert r.status == 201 and r.location is not None and r.location.endswith("/trainings/7")


def test_signing_failure_gives_the_ticket_back() -> None:
    calls: List[bytes] = []

    def hsm(data: bytes) -> bytes:
        calls.append(data)
        raise RuntimeError("HSM offline")

    c = fla.Client(fla.ExternalKey("ES384", hsm), "cid", PROFILE, transport=Canned())
    for _ in range(2):
        with pytest.raises(RuntimeError, match="HSM offline"):
            c.access_token()
    assert len(calls) == 2 and c.token_manager.in_flight is None


def test_transport_failure_keeps_its_cause_and_names_the_url() -> None:
    cause = ConnectionRefusedError(111, "Connection refused")
    failure = fla.TransportFailure(transport_kind(cause), cause)
    t = Canned(TOKEN, failure, failure, failure)  # refused: nothing was sent, so retried
    with pytest.raises(fla.TransportError) as e:
        fla.Client(key(), "cid", PROFILE, transport=t, sleep=lambda s: None).post("trainings", json={})
    assert e.value.__cause__ is cause and e.value.transport == "refused"
    assert PROFILE.api_base_url + "/trainings" in e.value.message


def test_the_async_client_shares_the_loop() -> None:
    answers = [TOKEN] + [(200, [], b"")] * 20

    async def transport(request: fla.Request) -> Answer:
        await asyncio.sleep(0)
        return answers.pop(0)

    async def run() -> List[int]:
        async with fla.AsyncClient(key(), "cid", PROFILE, transport=transport) as c:
            return [r.status for r in await asyncio.gather(*[c.get("x") for _ in range(20)])]

    assert asyncio.run(run()) == [200] * 20 and answers == []


def test_transport_kinds_from_exceptions() -> None:
    import socket
    import ssl

    def wrapped(inner: BaseException) -> BaseException:
        outer = OSError("wrapped")
        outer.__cause__ = inner
        return outer

    assert transport_kind(wrapped(socket.gaierror(-2, "Name or service not known"))) == "dns"
    assert transport_kind(wrapped(ConnectionRefusedError())) == "refused"
    assert transport_kind(wrapped(ssl.SSLError("bad cert"))) == "tls"
    assert transport_kind(wrapped(TimeoutError())) == "timeout"
    assert transport_kind(RuntimeError("?")) == "other"
    kinds = fla._bridge.defaults()["transport_kinds"]  # type: ignore[attr-defined]
    assert set(kinds) == {"timeout", "dns", "refused", "connect", "tls", "other"}
