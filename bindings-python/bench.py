"""Benchmark: the binding against PyJWT + cryptography (OpenSSL) in one process, and bulk
request building against a pure-Python loop doing the same validation and JSON encoding.

    bindings-python/bench.py [--rounds N]

Run with the venv that has the wheel installed (bindings-python/test.sh prints where), or with
`maturin develop` into <repo>/.venv. Prints a table; medians of N rounds, microseconds.
"""

from __future__ import annotations

import argparse
import datetime
import json
import statistics
import time
import urllib.parse
import uuid
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import jwt
from cryptography.hazmat.primitives import serialization

import careerpro_fla as fla

REPO = Path(__file__).resolve().parents[1]
KEYS = REPO / "tests" / "keys"
AUD = "https://services.socialsecurity.be/REST/oauth/v5/token"
CLIENT = "self_service_expeditor_12345"
SCOPE = fla.SCOPE_EMPLOYER
CASES = [("RS256 RSA-2048", "rsa2048.pkcs8.pem", "RS256"), ("RS256 RSA-4096", "rsa4096.pkcs8.pem", "RS256"),
         ("ES384 P-384", "p384.pkcs8.pem", "ES384"), ("ES512 P-521", "p521.pkcs8.pem", "ES512")]


def median_us(fn: Callable[[], Any], rounds: int) -> float:
    for _ in range(min(20, rounds)):
        fn()
    samples = []
    for _ in range(rounds):
        t = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t) / 1000)
    return statistics.median(samples)


def ours(key: fla.SigningKey) -> Callable[[], Any]:
    def run() -> Any:
        a = fla.sign_assertion(key, CLIENT, AUD)
        return fla.token_request(AUD, a, SCOPE)

    return run


def pyjwt(private: Any, alg: str) -> Callable[[], Any]:
    def run() -> Any:
        now = int(time.time())
        claims = {"iss": CLIENT, "sub": CLIENT, "aud": AUD, "jti": str(uuid.uuid4()), "iat": now, "exp": now + 300}
        compact = jwt.encode(claims, private, algorithm=alg, headers={"typ": "JWT"})
        return urllib.parse.urlencode({
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": compact, "scope": SCOPE,
        })

    return run


# --- bulk: the same checks in pure Python ----------------------------------------------------

def ssin_ok(text: str) -> str:
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) != 11 or any(c not in "0123456789.- " for c in text):
        raise ValueError("ssin")
    base, check = int(digits[:9]), int(digits[9:])
    if 97 - base % 97 != check and 97 - int("2" + digits[:9]) % 97 != check:
        raise ValueError("ssin")
    return digits


def enterprise_ok(text: str) -> str:
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) == 9:
        digits = "0" + digits
    if len(digits) != 10 or digits[0] not in "01" or 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValueError("enterprise")
    return digits


def date_ok(text: str) -> str:
    return datetime.date.fromisoformat(text).isoformat()


def python_bulk(rows: List[Dict[str, Any]], base: str, token: str) -> Tuple[list, list]:
    out, errors = [], []
    for i, row in enumerate(rows):
        try:
            body = dict(row)
            ent = enterprise_ok(body.pop("enterpriseNumber"))
            body["ssin"] = ssin_ok(body["ssin"])
            for f in ("startDate", "endDate"):
                if f in body:
                    body[f] = date_ok(body[f])
        except (ValueError, KeyError) as e:
            errors.append((i, str(e)))
            continue
        url = f"{base}/employers/{urllib.parse.quote(ent, safe='')}/trainings"
        headers = [("Authorization", f"Bearer {token}"), ("Accept", "application/json, application/problem+json"),
                   ("Content-Type", "application/json"), ("BelGov-Trace-Id", str(uuid.uuid4()))]
        out.append(("POST", url, headers, json.dumps(body, separators=(",", ":"))))
    return out, errors


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--records", type=int, default=100_000)
    args = ap.parse_args()

    print(f"careerpro_fla {fla.__version__}; PyJWT {jwt.__version__}; µs per assertion + token request, median of {args.rounds}")
    print(f"| {'key':<15} | {'careerpro-fla':>13} | {'PyJWT+cryptography':>18} | {'ratio':>6} |")
    print(f"|{'-'*17}|{'-'*15}|{'-'*20}|{'-'*8}|")
    for name, file, alg in CASES:
        data = (KEYS / file).read_bytes()
        key = fla.SigningKey.from_bytes(data)
        private = serialization.load_pem_private_key(data, password=None)
        a = median_us(ours(key), args.rounds)
        b = median_us(pyjwt(private, alg), args.rounds)
        print(f"| {name:<15} | {a:>13.0f} | {b:>18.0f} | {b / a:>5.2f}x |")

    base = "https://services.socialsecurity.be/REST/federalLearningAccount/v1"
    rows = [{"enterpriseNumber": "0884303369", "ssin": "85073003328", "name": f"Training {i}",
             "startDate": "2025-03-03", "endDate": "2025-03-04", "durationHours": 14, "formal": True}
            for i in range(args.records)]
    rows[7]["ssin"] = "85073003329"
    t = time.perf_counter()
    result = fla.build_requests(rows, path="/employers/{enterpriseNumber}/trainings", base_url=base,
                                access_token="tok")
    ours_s = time.perf_counter() - t
    t = time.perf_counter()
    py_out, py_err = python_bulk(rows, base, "tok")
    py_s = time.perf_counter() - t
    assert len(result) == len(py_out) and len(result.errors) == len(py_err) == 1
    print()
    print(f"bulk: {args.records} records validated and built (1 bad row reported)")
    print(f"| {'':<15} | {'careerpro-fla':>13} | {'pure Python':>18} | {'ratio':>6} |")
    print(f"|{'-'*17}|{'-'*15}|{'-'*20}|{'-'*8}|")
    print(f"| {'seconds':<15} | {ours_s:>13.3f} | {py_s:>18.3f} | {py_s / ours_s:>5.2f}x |")


if __name__ == "__main__":
    main()
