"""Verifies every client assertion in the golden vectors with PyJWT + cryptography, which share
no code with the core: signature against the certificate's public key, header, and the claims
the platform requires (iss = sub = client id, aud = token endpoint, exp = iat + lifetime).

Usage: verify_pyjwt.py tests/vectors
"""
import json
import sys
import urllib.parse
from pathlib import Path

import jwt
from cryptography.x509 import load_pem_x509_certificate


def main() -> int:
    vectors_dir = Path(sys.argv[1])
    keys_dir = vectors_dir.parent / "keys"
    vectors = json.loads((vectors_dir / "assertions.json").read_text())["vectors"]
    failures = 0
    for v in vectors:
        try:
            cert = load_pem_x509_certificate((keys_dir / v["certificate"]).read_bytes())
            header = jwt.get_unverified_header(v["assertion"])
            assert header == v["header"], f"header {header} != {v['header']}"
            claims = jwt.decode(
                v["assertion"], cert.public_key(), algorithms=[v["alg"]], audience=v["audience"],
                options={"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                         "require": ["iss", "sub", "aud", "jti", "iat", "exp"]})
            assert claims == v["claims"], f"claims {claims} != {v['claims']}"
            assert claims["iss"] == claims["sub"] == v["client_id"]
            assert claims["aud"] == v["audience"] and isinstance(claims["aud"], str)
            assert claims["exp"] - claims["iat"] == v["lifetime"] and claims["iat"] == v["now"]
            assert claims["jti"] == v["jti"]
            form = dict(urllib.parse.parse_qsl(v["token_request"]["body"], strict_parsing=True))
            assert form["client_assertion"] == v["assertion"]
            assert form["grant_type"] == "client_credentials"
            assert form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
            assert form.get("scope") == v["scope"], f"scope {form.get('scope')} != {v['scope']}"
        except Exception as e:  # report every failure, not just the first
            failures += 1
            print(f"FAIL {v['name']}: {type(e).__name__}: {e}")
    passed = len(vectors) - failures
    print(f"pyjwt: {passed} passed, {failures} failed")
    return 1 if failures or not vectors else 0


if __name__ == "__main__":
    sys.exit(main())
