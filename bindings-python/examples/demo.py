"""`make demo`: the main job against the local sandbox, from Python, narrated.

Load a key as Chaman users have it (a password-protected .p12), check its certificate against
Chaman's rules, get a token, send an FLA request, show the answer, and show how errors come
back. The sandbox stands in for services.socialsecurity.be; its FLA resources are illustrative.

Usage: python demo.py URLS_JSON CREDENTIALS_DIR   (the Makefile passes both)
"""
import json
import sys
import time
import urllib.request
from pathlib import Path

import careerpro_fla as fla
from careerpro_fla.client import Client

CLIENT_ID = "self_service_expeditor_demo"


def step(n: int, title: str) -> None:
    print(f"\n── {n}. {title}")


def admin(urls: dict, path: str, body: dict) -> None:
    """The sandbox's admin API (fault injection); not part of the library."""
    req = urllib.request.Request(f"{urls['admin_url']}{path}", data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(req).read()


def show(title: str, e: fla.CareerProError) -> None:
    print(f"{title}: {type(e).__name__} {e.code} (HTTP {e.status})")
    print(f"   {e.message}")
    for issue in getattr(e, "issues", []):
        print(f"   issue: in {issue.get('in')} {issue.get('name')}: {issue.get('detail')}")


def main() -> None:
    urls = json.loads(Path(sys.argv[1]).read_text())
    creds = Path(sys.argv[2])
    print(f"careerpro-fla {fla.__version__} (Python) against the local sandbox at {urls['base_url']}")
    print("(the sandbox stands in for services.socialsecurity.be; its FLA resources are illustrative)")

    step(1, "Load the key and certificate (PKCS#12, as exported for Chaman)")
    key = fla.SigningKey.from_bytes((creds / "demo.p12").read_bytes(), password="demo-password")
    print(f"key:         {key!r}")
    cert = key.certificate
    assert cert is not None, "the .p12 holds a certificate"
    print(f"certificate: {cert.subject}")
    findings = cert.check_chaman()
    print("Chaman's rules: " + ("all met" if not findings else "; ".join(f.message for f in findings)))

    step(2, "Get a token (client assertion, RFC 7523, signed RS256)")
    profile = fla.Profile.fla(urls["base_url"], "employer")
    assertion = fla.sign_assertion(key, CLIENT_ID, profile.audience)
    print(f"assertion header {assertion.header}, claims {assertion.claims}")
    print("the token request, as the client sends it (secrets redacted):")
    print("   " + fla.to_curl(fla.token_request(profile.token_url, assertion, profile.scope)).replace("\n", "\n   "))

    with Client(key, CLIENT_ID, profile) as client:   # httpx under the hood
        token = client.access_token()
        print(f"got:  {token!r}")

        step(3, "Send an FLA request: register a training (illustrative resource)")
        ssin = fla.Ssin("85.07.30-033.28")
        employer = fla.EnterpriseNumber("BE 0884.303.369")
        print(f"validated locally: SSIN {ssin.formatted()} → {ssin.value}, enterprise {employer.formatted()} → {employer.value}")
        created = client.post(f"/employers/{employer.value}/trainings", json={
            "ssin": ssin.value, "name": "Forklift safety", "startDate": "2026-03-02",
            "endDate": "2026-03-03", "durationHours": 14, "formal": True})
        print(f"{created.status} Created, Location {created.location}, BelGov-Trace-Id {created.trace_id}")
        assert created.location
        print("GET it back:\n   " + json.dumps(client.get(created.location).json(), indent=2).replace("\n", "\n   "))

        step(4, "Handled errors")
        try:
            fla.Ssin("85.07.30-033.29")
        except fla.ValidationError as e:
            print(f"a) a typo in an SSIN never leaves the machine: {e.code} — {e.message}")
        try:
            client.post(f"/employers/{employer.value}/trainings", json={
                "ssin": ssin.value, "name": "x", "startDate": "2026-03-04", "endDate": "2026-03-01",
                "durationHours": 0, "formal": True})
        except fla.ProblemError as e:
            show("b) the server refuses the input", e)
        admin(urls, "/faults", {"path_prefix": "/REST/federalLearningAccount", "status": 429, "retry_after": 1, "count": 1})
        started = time.monotonic()
        page = client.get(f"/employers/{employer.value}/trainings")
        print(f"c) 429 Too Many Requests, Retry-After: 1 → waited {time.monotonic() - started:.1f} s, "
              f"retried: {page.status}, {len(page.items())} item(s)")
        admin(urls, "/expire-tokens", {})
        again = client.get(f"/employers/{employer.value}/trainings")
        print(f"d) 401 expiredAccessToken → one new token, retried: {again.status}")
        try:
            client.get("/employers/0202438604/trainings")
        except fla.ProblemError as e:
            show("e) another employer's data", e)
    print("\ndone: every request was built and every answer interpreted by the core; httpx sent the bytes.")


if __name__ == "__main__":
    main()
