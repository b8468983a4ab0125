"""The token-manager scenario vectors (tests/vectors/scenarios), replayed through the binding
(the jitter's seed fixed, as the vectors say)."""

from __future__ import annotations

import json
from typing import Any, Dict

import pytest

import careerpro_fla as fla

from .conftest import VECTORS

SCENARIOS = sorted((VECTORS / "scenarios").glob("*.json"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_scenario(path: Any) -> None:
    s: Dict[str, Any] = json.loads(path.read_text())
    m = fla.TokenManager(seed=s["seed"], **s["config"])
    for i, ev in enumerate(s["events"]):
        where = f"{s['name']} event {i}: {ev}"
        x = ev["expect"]
        kind = ev["event"]
        if kind == "poll":
            act = m.poll(ev["now"])
            assert act.kind == x["action"], where
            if isinstance(act, fla.UseToken):
                assert act.token.secret == x["token"], where
                assert m.token_expires_at_ms == x["expires_at"], where
            elif isinstance(act, fla.FetchToken):
                assert act.ticket == x["ticket"], where
            elif isinstance(act, fla.Wait):
                assert (act.until_ms, act.reason) == (x["until"], x["reason"]), where
            else:
                assert isinstance(act, fla.Fail), where
                assert act.error.code == x["code"], where
                if "message_contains" in x:
                    assert x["message_contains"] in act.error.message, where
        elif kind in ("respond", "transport_error"):
            def call() -> str:
                if kind == "respond":
                    return m.handle_response(ev["ticket"], ev["status"], [tuple(h) for h in ev["headers"]],
                                             ev["body"].encode(), ev["now"])
                return m.handle_transport_error(ev["ticket"], ev["kind"], ev["now"])
            if x["result"] == "error":
                with pytest.raises(fla.CareerProError) as e:
                    call()
                assert e.value.code == x["code"], where
                if "message_contains" in x:
                    assert x["message_contains"] in e.value.message, where
            else:
                assert call() == x["result"], where
        elif kind == "invalidate":
            assert m.invalidate(ev["now"]) == x["invalidated"], where
        elif kind == "assertion_time":
            assert m.assertion_time(ev["now"]) == x["seconds"], where
            assert m.clock_skew == x["clock_skew"], where
        else:
            pytest.fail(f"unknown event {kind}")
