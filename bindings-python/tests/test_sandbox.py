"""Integration against the local sandbox (tests/sandbox): sync and async clients, one token
fetch for 50 concurrent tasks, 429 honoured, 401 recovered, an agent for two employers, a
training provider on its own base URL, bulk requests sent."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
from typing import Any, Dict, List

import pytest

import careerpro_fla as fla
from careerpro_fla.client import AsyncClient, Client, RequestsClient

from .conftest import SANDBOX, admin

TRAINING = {"ssin": "85073003328", "name": "Forklift safety", "startDate": "2025-03-03",
            "endDate": "2025-03-04", "durationHours": 14, "formal": True}


def client_info(name: str) -> Dict[str, Any]:
    info: Dict[str, Any] = json.loads((SANDBOX / "clients" / f"{name}.json").read_text())
    return info


def key_of(name: str) -> fla.SigningKey:
    info = client_info(name)
    return fla.SigningKey.from_bytes((SANDBOX / "clients" / info["private_key"]).read_bytes())


def profile(urls: Dict[str, Any], quality: str) -> fla.Profile:
    return fla.Profile.fla(urls["base_url"], quality)


def token_requests(urls: Dict[str, Any]) -> List[Dict[str, Any]]:
    log = admin(urls, "GET", "/requests")
    entries = log["requests"] if isinstance(log, dict) else log
    return [e for e in entries if e.get("kind") == "token"]


def test_sync_create_list_page_delete(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("employer")
    ent = info["enterprise_number"]
    with Client(key_of("employer"), info["client_id"], profile(fresh_sandbox, "employer")) as c:
        created = [c.post("employers", segments=[ent, "trainings"], json=dict(TRAINING, name=f"t{i}"))
                   for i in range(5)]
        assert all(r.status == 201 and r.location for r in created)
        items = list(c.paginate("employers", segments=[ent, "trainings"], query={"pageSize": 2}))
        assert len(items) == 5
        assert len(list(c.pages("employers", segments=[ent, "trainings"], query={"pageSize": 2}))) == 3
        with pytest.raises(fla.ProblemError) as e:
            c.post("employers", segments=[ent, "trainings"], json=dict(TRAINING, ssin="85073003329"))
        assert e.value.status == 400 and e.value.issues and e.value.trace_id
        with pytest.raises(fla.ProblemError) as e:
            c.get("employers", segments=["0202438604", "trainings"])
        assert e.value.type.endswith("missingPermission")
    assert len(token_requests(fresh_sandbox)) == 1


def test_requests_adapter_and_429_honoured(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("employer-ec")
    ent = info["enterprise_number"]
    admin(fresh_sandbox, "POST", "/faults",
          {"path_prefix": "/REST/federalLearningAccount", "status": 429, "retry_after": 1, "count": 1})
    slept: List[float] = []
    with RequestsClient(key_of("employer-ec"), info["client_id"], profile(fresh_sandbox, "employer"),
                        ) as c:
        c._sleep = slept.append  # record instead of sleeping
        r = c.get("employers", segments=[ent, "trainings"])
    assert r.status == 200 and slept == [1.0]


def test_401_recovered_with_one_new_token(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("employer")
    ent = info["enterprise_number"]
    with Client(key_of("employer"), info["client_id"], profile(fresh_sandbox, "employer")) as c:
        c.get("employers", segments=[ent, "trainings"])
        admin(fresh_sandbox, "POST", "/expire-tokens", {})
        assert c.get("employers", segments=[ent, "trainings"]).status == 200
    assert len(token_requests(fresh_sandbox)) == 2


def test_invalid_client_is_typed(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("employer")
    wrong_key = key_of("agent")
    with Client(wrong_key, info["client_id"], profile(fresh_sandbox, "employer")) as c:
        with pytest.raises(fla.InvalidClient) as e:
            c.get("employers", segments=[info["enterprise_number"], "trainings"])
    assert e.value.status == 401 and e.value.retryable is False


def test_agent_for_two_employers_and_threads_share_one_fetch(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("agent")
    with Client(key_of("agent"), info["client_id"], profile(fresh_sandbox, "agent")) as c:
        def work(i: int) -> int:
            ent = info["mandates"][i % 2]
            return c.post("employers", segments=[ent, "trainings"], json=TRAINING).status

        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            statuses = list(pool.map(work, range(40)))
    assert statuses == [201] * 40
    assert len(token_requests(fresh_sandbox)) == 1


def test_training_provider_on_its_own_base_url(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("training-provider")
    p = profile(fresh_sandbox, "training_provider").with_scope(info["scopes"][0])
    assert p.api_base_url == fresh_sandbox["training_provider_api_url"]
    with Client(key_of("training-provider"), info["client_id"], p) as c:
        created = c.post("trainings", json=TRAINING)
        assert created.status == 201
        assert c.get(created.location or "").json()["name"] == TRAINING["name"]


def test_bulk_requests_sent(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("employer")
    with Client(key_of("employer"), info["client_id"], profile(fresh_sandbox, "employer")) as c:
        rows = [dict(TRAINING, enterpriseNumber=info["enterprise_number"], name=f"n{i}") for i in range(10)]
        rows[3]["ssin"] = "123"
        built = fla.build_requests(rows, path="employers/{enterpriseNumber}/trainings",
                                   base_url=c.profile, access_token=c.access_token())
        assert len(built) == 9 and [e.row for e in built.errors] == [3]
        answers = c.send_bulk(built)
    assert all(isinstance(a, fla.ApiResponse) and a.status == 201 for a in answers)


async def test_async_fifty_tasks_one_fetch(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("employer")
    ent = info["enterprise_number"]
    async with AsyncClient(key_of("employer"), info["client_id"], profile(fresh_sandbox, "employer")) as c:
        results = await asyncio.gather(*[
            c.get("employers", segments=[ent, "trainings"]) for _ in range(50)
        ])
        assert all(r.status == 200 for r in results)
        admin(fresh_sandbox, "POST", "/faults",
              {"path_prefix": "/REST/federalLearningAccount", "status": 503, "retry_after": 0, "count": 1})
        assert (await c.get("employers", segments=[ent, "trainings"])).status == 200
        pages = [p async for p in c.pages("employers", segments=[ent, "trainings"])]
        assert len(pages) == 1
    assert len(token_requests(fresh_sandbox)) == 1


async def test_async_token_endpoint_outage_is_typed(fresh_sandbox: Dict[str, Any]) -> None:
    info = client_info("employer")
    admin(fresh_sandbox, "POST", "/faults", {"path_prefix": "/REST/oauth", "status": 503, "count": 1})
    async with AsyncClient(key_of("employer"), info["client_id"], profile(fresh_sandbox, "employer"),
                           token_wait_s=0.0) as c:
        with pytest.raises(fla.TokenEndpointError) as e:
            await c.get("employers", segments=[info["enterprise_number"], "trainings"])
        assert e.value.status == 503 and e.value.retryable
