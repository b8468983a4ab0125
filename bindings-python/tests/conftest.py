"""Shared fixtures: paths to the repository's keys and vectors, and a sandbox per session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest

REPO = Path(os.environ.get("CAREERPRO_REPO", Path(__file__).resolve().parents[2]))
KEYS = REPO / "tests" / "keys"
VECTORS = REPO / "tests" / "vectors"
SANDBOX = REPO / "tests" / "sandbox"


def load_vectors(name: str) -> Any:
    return json.loads((VECTORS / name).read_text())


@pytest.fixture(scope="session")
def sandbox() -> Iterator[Dict[str, Any]]:
    """A sandbox on a free port for the whole session (skipped without node or npm deps)."""
    if shutil.which("node") is None or not (SANDBOX / "node_modules").is_dir():
        pytest.skip("the sandbox needs node and tests/sandbox/node_modules (npm install)")
    state = Path(tempfile.mkdtemp(prefix="careerpro-sandbox-"))
    url_file = state / "urls.json"
    log = open(state / "log", "wb")
    proc = subprocess.Popen(
        ["node", str(SANDBOX / "server.mjs"), "--port", "0", "--url-file", str(url_file),
         "--exit-on-stdin-eof"],
        stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log, cwd=str(SANDBOX),
    )
    try:
        deadline = time.monotonic() + 20
        while not url_file.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the sandbox did not start: " + (state / "log").read_text())
            time.sleep(0.05)
        urls = json.loads(url_file.read_text())
        yield urls
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        shutil.rmtree(state, ignore_errors=True)


def admin(urls: Dict[str, Any], method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(
        urls["admin_url"] + path, data=data, method=method,
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as r:
        raw = r.read()
    return json.loads(raw) if raw else None


@pytest.fixture()
def fresh_sandbox(sandbox: Dict[str, Any]) -> Dict[str, Any]:
    """The session sandbox, reset (faults, log, resources) before the test."""
    admin(sandbox, "POST", "/reset", {})
    return sandbox


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The conformance suite's report: `N passed, N failed` per case file."""
    counts: Dict[str, Dict[str, int]] = {}
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            nodeid = getattr(report, "nodeid", "")
            if "test_conformance.py::test_case[" not in nodeid or report.when != "call":
                continue
            name = nodeid.split("[", 1)[1].split(":", 1)[0]
            counts.setdefault(name, {"passed": 0, "failed": 0})[outcome] += 1
    for name, c in sorted(counts.items()):
        terminalreporter.write_line(f"conformance {name}: {c['passed']} passed, {c['failed']} failed")
