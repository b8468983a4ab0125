"""Assertion + token request: the core (native, via its example binary) against PyJWT +
cryptography on the same keys, in the same run. Prints a Markdown table.

Usage: bench.py PATH_TO_bench_assertion [KEYS_DIR] [ITERATIONS]
"""
import json
import statistics
import subprocess
import sys
import time
import urllib.parse
import uuid
from pathlib import Path

import jwt
from cryptography.hazmat.primitives.serialization import load_pem_private_key

TOKEN_URL = "https://services.socialsecurity.be/REST/oauth/v5/token"
SCOPE = "scope:sigedis:gestion:careerpro-federal-learning-account:employer"
CLIENT_ID = "self_service_expeditor_12345"
ALG = {"RS256 RSA-2048": "RS256", "RS256 RSA-4096": "RS256", "ES384 P-384": "ES384", "ES512 P-521": "ES512"}


def pyjwt_median_us(key_path: Path, alg: str, iterations: int) -> float:
    key = load_pem_private_key(key_path.read_bytes(), password=None)

    def run() -> None:
        now = 1_767_225_600
        claims = {"iss": CLIENT_ID, "sub": CLIENT_ID, "aud": TOKEN_URL, "jti": str(uuid.uuid4()),
                  "iat": now, "exp": now + 300}
        assertion = jwt.encode(claims, key, algorithm=alg, headers={"typ": "JWT"})
        urllib.parse.urlencode({
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion, "scope": SCOPE})

    for _ in range(iterations // 10 + 5):
        run()
    samples = []
    for _ in range(iterations):
        t = time.perf_counter()
        run()
        samples.append((time.perf_counter() - t) * 1e6)
    return statistics.median(samples)


def main() -> None:
    binary = sys.argv[1]
    keys = Path(sys.argv[2] if len(sys.argv) > 2 else "tests/keys")
    iterations = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    out = subprocess.run([binary, str(keys), str(iterations)], check=True, capture_output=True, text=True).stdout
    rows = [json.loads(line) for line in out.splitlines() if line.strip()]
    print(f"assertion + token request, median of {iterations} (µs per operation; lower is better)\n")
    print("| case | careerpro-fla (Rust core) | PyJWT + cryptography | core / PyJWT |")
    print("|---|---:|---:|---:|")
    for row in rows:
        peer = pyjwt_median_us(keys / row["key"], ALG[row["case"]], iterations)
        print(f"| {row['case']} | {row['median_us']:.1f} | {peer:.1f} | {row['median_us'] / peer:.2f}× |")


if __name__ == "__main__":
    main()
