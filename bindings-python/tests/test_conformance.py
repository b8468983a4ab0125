"""The conformance suite (`tests/conformance/*.json`, format in its README) replayed through the
raw bridge: `_native.call` and `_native.Handle`, the envelope compared as the README says."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

from careerpro_fla import _native

from .conftest import REPO

CASES_DIR = REPO / "tests" / "conformance"
NOW_MS = 1767225600000  # 2026-01-01T00:00:00Z: the host clock of every case
ABSENT = "<absent>"
CONTAINS = "<contains>"


def _cases() -> List[Tuple[str, Dict[str, Any]]]:
    found = []
    for path in sorted(CASES_DIR.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8"))["cases"]:
            found.append((f"{path.name}:{case['name']}", case))
    return found


CASES = _cases()


def matches(expected: Any, actual: Any, where: str = "$") -> Optional[str]:
    """None when `actual` matches `expected` by the README's rules, else where and why not."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {actual!r}"
        for name, want in expected.items():
            if want == ABSENT:
                if name in actual:
                    return f"{where}.{name}: expected absent, got {actual[name]!r}"
                continue
            if name not in actual:
                return f"{where}.{name}: missing (expected {want!r})"
            why = matches(want, actual[name], f"{where}.{name}")
            if why:
                return why
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return f"{where}: expected {len(expected)} elements, got {actual!r}"
        for i, (want, got) in enumerate(zip(expected, actual)):
            why = matches(want, got, f"{where}[{i}]")
            if why:
                return why
        return None
    if isinstance(expected, str) and expected.startswith(CONTAINS):
        if isinstance(actual, str) and expected[len(CONTAINS):] in actual:
            return None
        return f"{where}: expected a string containing {expected[len(CONTAINS):]!r}, got {actual!r}"
    # JSON scalars: bool is not a number, 1 == 1.0 is.
    same_kind = isinstance(expected, bool) == isinstance(actual, bool)
    if same_kind and type(expected) in (int, float) and type(actual) in (int, float):
        return None if expected == actual else f"{where}: expected {expected!r}, got {actual!r}"
    if same_kind and type(expected) is type(actual) and expected == actual:
        return None
    return f"{where}: expected {expected!r}, got {actual!r}"


def check(expect: Dict[str, Any], envelope: str) -> None:
    answer = json.loads(envelope)
    (key,) = expect
    assert key in answer, f"expected {key}, got {envelope}"
    why = matches(expect[key], answer[key])
    assert why is None, f"{why}\nanswer: {envelope}"


def text(input: Any) -> str:
    """The input as the host sends it: absent is empty text, a string is raw text."""
    if input is None:
        return ""
    return input if isinstance(input, str) else json.dumps(input)


def data(spec: Optional[Dict[str, str]]) -> bytes:
    if spec is None:
        return b""
    if "text" in spec:
        return spec["text"].encode("utf-8")
    if "base64" in spec:
        return base64.b64decode(spec["base64"], validate=True)
    return (REPO / spec["file"]).read_bytes()


@pytest.mark.parametrize("case", [c for _, c in CASES], ids=[i for i, _ in CASES])
def test_case(case: Dict[str, Any]) -> None:
    if "op" in case:
        envelope = _native.call(case["op"], text(case.get("input")), data(case.get("bytes")), now_ms=NOW_MS)
        check(case["expect"], envelope)
        return
    spec = case["open"]
    expect_open = case.get("expect_open", {"ok": True})
    try:
        handle = _native.Handle(spec["kind"], text(spec.get("input")), data(spec.get("bytes")), now_ms=NOW_MS)
    except _native.BridgeError as e:
        check(expect_open, str(e.args[0]))
        return
    assert "ok" in expect_open, f"opening succeeded; expected {expect_open}"
    for step in case.get("steps", []):
        envelope = handle.call(step["op"], text(step.get("input")), data(step.get("bytes")), now_ms=NOW_MS)
        check(step["expect"], envelope)


def test_cases_are_found_and_named_uniquely() -> None:
    assert CASES, f"no cases in {CASES_DIR}"
    names = [ident for ident, _ in CASES]
    assert len(names) == len(set(names)), "case names must be unique within a file"


def test_matching_rules() -> None:
    assert matches({"a": 1}, {"a": 1, "b": 2}) is None
    assert matches({"a": ABSENT}, {"b": 1}) is None
    assert matches({"a": ABSENT}, {"a": None}) is not None
    assert matches([1, 2], [1, 2, 3]) is not None
    assert matches([{"a": 1}], [{"a": 1, "z": 0}]) is None
    assert matches("<contains>bc", "abcd") is None
    assert matches("<contains>x", "abcd") is not None
    assert matches(1, 1.0) is None
    assert matches(1, True) is not None
    assert matches(None, None) is None
    assert matches(None, {}) is not None
    assert matches({"a": {"b": [1]}}, {"a": {"b": [2]}}) == "$.a.b[0]: expected 1, got 2"
