"""The bridge in Python: `_native.call` / `_native.Handle` and the `_bridge` layer over them."""

from __future__ import annotations

import array
import json
import pickle
import threading
from typing import Any, List

import pytest

import careerpro_fla as fla
from careerpro_fla import _bridge, _native, errors

from .conftest import KEYS

NOW_MS = 1767225600000


def test_every_bridge_code_maps_to_a_specific_class() -> None:
    codes = _bridge.call("error_codes", "{}")
    assert len(codes) >= 40
    for entry in codes:
        cls = errors.class_for(entry["code"])
        assert issubclass(cls, fla.CareerProError), entry["code"]
        assert cls is not fla.CareerProError, f"{entry['code']} maps to the base class"
    assert {c["code"] for c in codes} == set(errors._CLASSES)
    assert errors.class_for("a_code_from_the_future") is fla.CareerProError


def test_raw_call_answers_the_envelope() -> None:
    out = _native.call("parse_enterprise_number", '{"text": "BE 0884.303.369"}')
    assert json.loads(out) == {"ok": {"value": "0884303369", "formatted": "0884.303.369"}}
    out = json.loads(_native.call("parse_ssin", '{"text": "85.07.30-033.29"}'))
    assert out["error"]["code"] == "ssin_invalid" and out["error"]["retryable"] is False


def test_bridge_call_raises_the_typed_error_with_every_payload_member() -> None:
    with pytest.raises(fla.InvalidClient) as e:
        _bridge.call(
            "parse_token_response",
            {"status": 401, "headers": [["Content-Type", "application/json"],
                                        ["BelGov-Trace-Id", "t-1"], ["Retry-After", "5"]]},
            b'{"error":"invalid_client","error_description":"bad sig"}',
        )
    err = e.value
    assert (err.code, err.status, err.trace_id) == ("oauth_invalid_client", 401, "t-1")
    assert (err.retry_after_ms, err.retry_after, err.retryable) == (5000, 5, False)
    assert err.oauth == {"error": "invalid_client", "error_description": "bad sig", "error_uri": None}
    assert (err.error, err.error_description) == ("invalid_client", "bad sig")
    assert (err.transport, err.problem) == (None, None)
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is fla.InvalidClient and clone.retry_after_ms == 5000


def test_problem_payload_reads_like_the_wire() -> None:
    body = (
        b'{"type":"urn:problem-type:belgif:badRequest","title":"Bad Request","status":400,'
        b'"detail":"d","instance":"urn:uuid:1","limit":3,"issues":[{"type":"t","in":"body",'
        b'"name":"ssin","value":"1","detail":"wrong"}]}'
    )
    headers = [("Content-Type", "application/problem+json")]
    payload = _bridge.call("error_from_response", {"status": 400, "headers": headers}, body)
    err = errors.from_payload(payload)
    assert isinstance(err, fla.ProblemError)
    # The same exception as the compiled module's own path raises.
    native = fla.error_from_response(400, headers, body)
    assert type(native) is type(err) and native.problem == err.problem
    assert err.problem is not None and err.problem["limit"] == 3
    assert err.issues == [
        {"type": "t", "title": None, "detail": "wrong", "in": "body", "name": "ssin", "value": "1"}
    ]


def test_transport_errors_carry_the_kind() -> None:
    out = _bridge.call(
        "handle_transport_error",
        {"method": "GET", "url": "https://example.test/x", "kind": "tls", "detail": "bad cert"},
    )
    assert out["kind"] == "give_up"
    err = errors.from_payload(out["error"])
    assert isinstance(err, fla.TransportError) and err.transport == "tls" and not err.retryable


def test_now_ms_fixes_the_host_clock() -> None:
    out = _bridge.call("retry_after", {"value": "Thu, 01 Jan 2026 00:00:10 GMT"}, now_ms=NOW_MS)
    assert out == {"delay_ms": 10000}


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview, lambda b: array.array("B", b)])
def test_data_is_any_bytes_like(wrap: Any) -> None:
    pem = (KEYS / "p384.pkcs8.pem").read_bytes()
    handle = _bridge.open("signing_key", {}, wrap(pem))
    assert handle.call("info")["algorithm"] == "ES384"
    body = wrap(b'{"access_token":"abc","token_type":"Bearer","expires_in":60}')
    token = _bridge.call("parse_token_response", {"status": 200}, body, now_ms=NOW_MS)
    assert (token["access_token"], token["expires_at"]) == ("abc", NOW_MS + 60000)


def test_data_of_the_wrong_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="bytes-like"):
        _native.call("parse_certificates", "{}", 5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        _native.call("parse_certificates", "{}", "text")  # type: ignore[arg-type]


def test_handles_open_fail_typed_and_hide_secrets() -> None:
    with pytest.raises(_native.BridgeError) as raw:
        _native.Handle("no_such_kind", "{}")
    assert json.loads(raw.value.args[0])["error"]["code"] == "invalid_argument"
    with pytest.raises(fla.KeyLoadError):
        _bridge.open("signing_key", {}, b"not a key")
    with pytest.raises(fla.ValidationError):
        _bridge.open("signing_key", {"passwd": "x"}, b"")
    key = _native.Handle("signing_key", '{"key_id": "k1"}', (KEYS / "p384.pkcs8.pem").read_bytes())
    assert key.kind == "signing_key"
    assert repr(key) == "Handle('signing_key')"
    assert "PRIVATE" not in repr(_bridge.open("signing_key", {}, (KEYS / "p384.pkcs8.pem").read_bytes()))


def test_a_handle_is_shared_between_threads() -> None:
    key = _bridge.open("signing_key", {}, (KEYS / "p384.pkcs8.pem").read_bytes())
    results: List[str] = []
    failures: List[BaseException] = []

    def sign(n: int) -> None:
        try:
            for i in range(5):
                a = key.call("sign_assertion", {"client_id": "c", "audience": "https://a.test/token",
                                                "jti": f"j-{n}-{i}", "now": NOW_MS})
                results.append(a["jti"])
        except BaseException as e:  # noqa: BLE001 - reported below
            failures.append(e)

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures
    assert sorted(results) == sorted(f"j-{n}-{i}" for n in range(8) for i in range(5))


def test_a_token_manager_keeps_its_state_across_calls() -> None:
    manager = _bridge.open("token_manager")
    action = manager.call("poll", {"now": NOW_MS})
    assert action["kind"] == "fetch_token"
    handled = manager.call(
        "handle_response",
        {"ticket": action["ticket"], "status": 200, "now": NOW_MS},
        b'{"access_token":"abc","token_type":"Bearer","expires_in":3600}',
    )
    assert "handled" in handled
    action = manager.call("poll", {"now": NOW_MS + 1000})
    assert action["kind"] == "use_token" and action["token"]["access_token"] == "abc"


def test_identifiers_are_immutable_values_over_the_bridge() -> None:
    s = fla.Ssin("85.07.30-033.28")
    assert (s.formatted(), s.is_bis, s.birth_date) == ("85.07.30-033.28", False, fla.Date("1985-07-30"))
    assert pickle.loads(pickle.dumps(s)) == s and repr(s) == "Ssin('85073003328')"
    with pytest.raises(AttributeError):
        s.value = "x"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        s.other = 1  # type: ignore[attr-defined]
    assert s != "85073003328" and s != fla.EnterpriseNumber("0884303369")
    with pytest.raises(TypeError):
        _ = s < "85073003328"  # type: ignore[operator]
    assert sorted([fla.Date("2024-03-01"), fla.Date("2024-02-29")])[0] == fla.Date.from_ymd(2024, 2, 29)
    assert fla.Date.from_unix(86400 * 365).isoformat() == "1971-01-01"
    n = fla.NssoNumber(197)
    assert int(n) == 197 and fla.NssoNumber(str(n)) == n and not n.is_provisional
    with pytest.raises(fla.ValidationError) as e:
        fla.NssoNumber(5)
    assert e.value.code == "nsso_number_invalid"
    with pytest.raises(fla.ValidationError):
        fla.Date.from_ymd(2023, 2, 29)
    assert fla.is_leap_year(2024) and not fla.is_leap_year(2023)
