"""The public API as mypy --strict sees it: a misspelt keyword or literal is an error, not a
silent `**kwargs`; and the extras say what to install when httpx or requests is missing."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

GOOD = """
    import careerpro_fla as fla
    from careerpro_fla import AsyncClient, Client, RequestsClient

    def use(key: fla.SigningKey) -> None:
        profile = fla.Profile.fla("acceptance", "employer")
        local = fla.Profile.fla(fla.Origin("http://127.0.0.1:8080"), "training_provider")
        with Client(key, "cid", profile, retry_policy=fla.RetryPolicyConfig(max_attempts=2)) as c:
            r = c.post("/x", json={"a": 1}, segments=["0884303369"])
            body: object = r.json()
            print(body, r.location, local)
        action = fla.TokenManager().poll()
        if isinstance(action, fla.FetchToken):
            print(action.ticket + 1)
        elif action.kind == "wait":
            print(action.reason)
        print(AsyncClient, RequestsClient)
"""

BAD = """
    import careerpro_fla as fla
    from careerpro_fla import Client

    def use(key: fla.SigningKey, profile: fla.Profile) -> None:
        c = Client(key, "cid", profile, retry_polcy=None)
        c.post("/x", jsn={"a": 1})
        fla.Profile.fla("acceptence", "employer")
        fla.Profile.fla("acceptance", "employee")
        fla.api_request("FETCH", "x", base_url="https://h", access_token="t")
"""


def mypy(tmp_path: Path, source: str) -> str:
    path = tmp_path / "snippet.py"
    path.write_text(textwrap.dedent(source))
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path / "cache"),
         str(path)],
        capture_output=True, text=True, timeout=300,
    )
    return done.stdout + done.stderr


def test_correct_code_is_clean(tmp_path: Path) -> None:
    out = mypy(tmp_path, GOOD)
    assert "Success" in out, out


def test_misspelt_keywords_and_literals_are_errors(tmp_path: Path) -> None:
    out = mypy(tmp_path, BAD)
    assert 'Unexpected keyword argument "retry_polcy" for "Client"' in out, out
    assert 'Unexpected keyword argument "jsn" for "post" of "Client"' in out, out
    assert "Literal['acceptence']" in out and "Literal['employee']" in out and "Literal['FETCH']" in out, out
    assert "Found 5 errors" in out, out


@pytest.mark.parametrize(
    "statement,extra",
    [
        ("careerpro_fla.Client(None, 'c', None)", "careerpro-fla[httpx]"),
        ("careerpro_fla.HttpxAuth", "careerpro-fla[httpx]"),
        ("careerpro_fla.RequestsAuth", "careerpro-fla[requests]"),
    ],
)
def test_a_missing_extra_is_named(statement: str, extra: str) -> None:
    module = "requests" if "requests" in extra else "httpx"
    code = textwrap.dedent(f"""
        import sys
        sys.modules[{module!r}] = None  # as if not installed
        import careerpro_fla
        key = careerpro_fla.SigningKey
        try:
            {statement}
        except ImportError as e:
            print("ImportError:", e)
        except Exception as e:
            print(type(e).__name__, e)
    """)
    if "Client(" in statement:
        # The client checks its arguments first; give it real ones.
        code = code.replace(
            "careerpro_fla.Client(None, 'c', None)",
            "careerpro_fla.Client(careerpro_fla.SigningKey.from_bytes(open(sys.argv[1], 'rb').read()), 'c', "
            "careerpro_fla.Profile.fla('acceptance', 'employer'))",
        )
    from .conftest import KEYS

    done = subprocess.run([sys.executable, "-c", code, str(KEYS / "p384.pkcs8.pem")],
                          capture_output=True, text=True, timeout=60)
    assert done.stdout.startswith("ImportError:") and f"pip install '{extra}'" in done.stdout, done


def test_the_clients_are_importable_from_the_package() -> None:
    import careerpro_fla as fla
    from careerpro_fla import client

    assert fla.Client is client.Client and fla.AsyncClient is client.AsyncClient
    assert fla.RequestsClient is client.RequestsClient
