"""Per-call overhead of building a request and reading its answer through careerpro_fla,
against the same work written by hand with httpx — no network, canned answers, one process.

    make python-binding && .venv/bin/python bindings-python/bench_overhead.py [--rounds N]

(a) POST of a small JSON body answered 201 + Location; (b) GET answered with a 50-item page.
Hand-written: an ``httpx.Request`` with the same headers and JSON body; the answer's status
checked, then ``Location`` read or ``response.json()``. Ours: ``api_request`` (the core builds
the request), the ``httpx.Request`` made from it (what the clients send), and
``parse_api_response`` (the core reads the answer) then ``.json()``. Medians of N rounds, µs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import uuid
from typing import Any, Callable, Dict, List, Tuple

import httpx

import careerpro_fla as fla

BASE = "https://services.socialsecurity.be/REST/federalLearningAccount/v1"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.c2FtcGxl.c2ln"  # any bearer token
PATH = "employers/0884303369/trainings"
TRAINING = {"ssin": "85073003328", "name": "Forklift safety", "startDate": "2025-03-03",
            "endDate": "2025-03-04", "durationHours": 14, "formal": True}
CREATED: Tuple[int, List[Tuple[str, str]], bytes] = (
    201, [("Location", f"{BASE}/{PATH}/42"), ("BelGov-Trace-Id", "t-1"), ("Content-Length", "0")], b"")
PAGE_BODY = json.dumps({
    "items": [dict(TRAINING, id=i, name=f"Training {i}") for i in range(50)],
    "total": 50,
}).encode()
PAGE: Tuple[int, List[Tuple[str, str]], bytes] = (
    200, [("Content-Type", "application/json"), ("BelGov-Trace-Id", "t-2")], PAGE_BODY)


def median_us(fn: Callable[[], Any], rounds: int) -> float:
    for _ in range(min(200, rounds)):
        fn()
    samples = []
    for _ in range(rounds):
        t = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t) / 1000)
    return statistics.median(samples)


def hand_headers() -> Dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json, application/problem+json",
            "BelGov-Trace-Id": str(uuid.uuid4())}


def hand_post() -> Any:
    request = httpx.Request("POST", f"{BASE}/{PATH}", headers=hand_headers(), json=TRAINING)
    response = httpx.Response(CREATED[0], headers=CREATED[1], content=CREATED[2], request=request)
    if response.status_code != 201:
        raise RuntimeError(response.status_code)
    return response.headers["Location"]


def hand_page() -> Any:
    request = httpx.Request("GET", f"{BASE}/{PATH}", headers=hand_headers())
    response = httpx.Response(PAGE[0], headers=PAGE[1], content=PAGE[2], request=request)
    if response.status_code != 200:
        raise RuntimeError(response.status_code)
    return response.json()["items"]


def ours_post(send: bool) -> Callable[[], Any]:
    def run() -> Any:
        r = fla.api_request("POST", PATH, base_url=BASE, access_token=TOKEN, json=TRAINING)
        if send:
            httpx.Request(r.method, r.url, headers=r.headers, content=r.content)
        return fla.parse_api_response(r, *CREATED).location

    return run


def ours_page(send: bool) -> Callable[[], Any]:
    def run() -> Any:
        r = fla.api_request("GET", PATH, base_url=BASE, access_token=TOKEN)
        if send:
            httpx.Request(r.method, r.url, headers=r.headers, content=r.content)
        return fla.parse_api_response(r, *PAGE).items()

    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20000)
    args = parser.parse_args()
    assert ours_post(True)() == hand_post() and ours_page(True)() == hand_page()
    print(f"careerpro_fla {fla.__version__}, httpx {httpx.__version__}; "
          f"µs per build + parse, median of {args.rounds} rounds")
    print(f"{'case':<24}{'httpx by hand':>14}{'ours':>10}{'ratio':>8}{'ours w/o httpx.Request':>25}")
    for name, hand, ours, bare in [
        ("(a) POST → 201 Location", hand_post, ours_post(True), ours_post(False)),
        ("(b) GET → 50-item page", hand_page, ours_page(True), ours_page(False)),
    ]:
        h = median_us(hand, args.rounds)
        o = median_us(ours, args.rounds)
        b = median_us(bare, args.rounds)
        print(f"{name:<24}{h:>14.1f}{o:>10.1f}{o / h:>7.2f}×{b:>25.1f}")


if __name__ == "__main__":
    main()
