"""Bulk building: many records, one call, a per-row error report."""

from __future__ import annotations

import datetime
import json
import math

import careerpro_fla as fla

BASE = "http://127.0.0.1:1/REST/federalLearningAccount/v1"


def test_good_and_bad_rows_together() -> None:
    records = [
        {"enterpriseNumber": "0884.303.369", "ssin": "85.07.30-033.28", "startDate": datetime.date(2025, 3, 3),
         "endDate": "2025-03-04", "name": "Forklift", "durationHours": 14, "formal": True},
        {"enterpriseNumber": "0884303369", "ssin": "85073003329", "startDate": "2025-02-30", "name": "x"},
        {"enterpriseNumber": None, "ssin": "85073003328", "name": "y"},
        {"enterpriseNumber": "0884303369", "ssin": "85073003328", "name": "z", "endDate": math.nan},
        "not a dict",
    ]
    result = fla.build_requests(
        records, path="/employers/{enterpriseNumber}/trainings", base_url=BASE, access_token="tok",
    )
    assert result.rows == [0, 3] and len(result) == 2 and not result.ok
    first = result.requests[0]
    assert first.url == BASE + "/employers/0884303369/trainings"
    assert json.loads(first.body or "") == {
        "ssin": "85073003328", "startDate": "2025-03-03", "endDate": "2025-03-04",
        "name": "Forklift", "durationHours": 14, "formal": True,
    }
    assert json.loads(result.requests[1].body or "")["endDate"] is None
    report = {(e.row, e.field, e.code) for e in result.errors}
    assert report == {
        (1, "ssin", "ssin_invalid"), (1, "startDate", "date_invalid"),
        (2, "enterpriseNumber", "invalid_argument"), (4, None, "invalid_argument"),
    }
    assert result.error_dicts()[0].keys() == {"row", "field", "code", "message"}
    assert all(e.exception == "ValidationError" for e in result.errors)


def test_custom_mapping_and_required() -> None:
    result = fla.build_requests(
        [{"id": "A/1", "when": "2024-01-01", "n": "3"}, {"id": "B", "n": 4}],
        path="things/{id}", method="PUT", base_url=BASE, access_token="tok",
        fields={"when": "date", "n": "integer"}, required=["when"], keep_path_fields=True,
    )
    # The core converts CSV-style text to the field's kind ("3" → 3 for an integer).
    assert [r.url for r in result.requests] == [BASE + "/things/A%2F1"]
    assert json.loads(result.requests[0].body or "") == {"id": "A/1", "when": "2024-01-01", "n": 3}
    assert {(e.row, e.field) for e in result.errors} == {(1, "when")}
    ok = fla.build_requests([{"id": "A/1", "n": 3}], path="things/{id}", base_url=BASE, access_token="tok",
                            fields={"n": "integer"})
    assert ok.requests[0].url == BASE + "/things/A%2F1" and ok.requests[0].body == '{"n":3}'


def test_default_mapping_is_documented() -> None:
    assert fla.default_bulk_fields()["ssin"] == "ssin"
    assert fla.default_bulk_fields()["startDate"] == "date"


def test_a_hundred_thousand_rows() -> None:
    rows = [{"enterpriseNumber": "0884303369", "ssin": "85073003328", "startDate": "2025-03-03", "i": i}
            for i in range(100_000)]
    result = fla.build_requests(rows, path="/employers/{enterpriseNumber}/trainings", base_url=BASE,
                                access_token="tok")
    assert len(result) == 100_000 and result.ok
    traces = {r.header("BelGov-Trace-Id") for r in result.requests[:1000]}
    assert len(traces) == 1000
