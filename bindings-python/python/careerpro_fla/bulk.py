"""Many records in, many API requests out: the core validates every row and builds one request
per good row (bridge operation ``bulk_build``); every bad value is reported with its row and
field instead of stopping at the first.

>>> result = build_requests(
...     [{"enterpriseNumber": "0884.303.369", "ssin": "85073003328"}, {"enterpriseNumber": "1"}],
...     path="employers/{enterpriseNumber}/trainings", base_url="https://h.test/api",
...     access_token="tok")
>>> result.rows, [(e.row, e.field, e.code) for e in result.errors]
([0], [(1, 'enterpriseNumber', 'enterprise_number_invalid')])
"""

from __future__ import annotations

import math
from typing import Any, Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Tuple, Union, final

from . import _bridge
from ._convert import dumps
from .api import Method, Request, _base, _token
from .errors import CareerProError, class_for
from .profile import Profile

__all__ = ["BulkResult", "FieldKind", "RowError", "build_requests", "default_bulk_fields"]

FieldKind = Literal[
    "ssin", "enterprise_number", "nsso_number", "date", "string", "integer", "number", "boolean",
    "any",
]


@final
class RowError:
    """One bad value: the row (0-based position in the input), the field, the error code and
    message (the value itself is not repeated: it may be personal data)."""

    __slots__ = ("row", "field", "code", "message")

    def __init__(self, row: int, field: Optional[str], code: str, message: str) -> None:
        self.row = row
        self.field = field
        self.code = code
        self.message = message

    @property
    def exception(self) -> str:
        """The exception class name the code maps to (``ValidationError``, …)."""
        return class_for(self.code).__name__

    def to_dict(self) -> Dict[str, Any]:
        """``{"row", "field", "code", "message"}``, for a DataFrame."""
        return {"row": self.row, "field": self.field, "code": self.code, "message": self.message}

    def __repr__(self) -> str:
        return f"RowError(row={self.row}, field={self.field!r}, code={self.code!r})"


@final
class BulkResult:
    """What :func:`build_requests` produced: ``requests[i]`` is for input row ``rows[i]``;
    ``errors`` lists every bad value of the rows that got no request."""

    __slots__ = ("requests", "rows", "errors")

    def __init__(self, requests: List[Request], rows: List[int], errors: List[RowError]) -> None:
        self.requests = requests
        self.rows = rows
        self.errors = errors

    def error_dicts(self) -> List[Dict[str, Any]]:
        """The errors as dicts (``pandas.DataFrame(result.error_dicts())``)."""
        return [e.to_dict() for e in self.errors]

    @property
    def ok(self) -> bool:
        """Whether every row gave a request."""
        return not self.errors

    def __len__(self) -> int:
        return len(self.requests)

    def __repr__(self) -> str:
        return f"BulkResult(requests={len(self.requests)}, errors={len(self.errors)})"


def default_bulk_fields() -> Dict[str, FieldKind]:
    """The field → kind mapping used when the caller gives none (the core's table)."""
    fields: Dict[str, FieldKind] = _bridge.call("bulk_fields")
    return dict(fields)


def build_requests(
    records: Iterable[Mapping[str, Any]],
    *,
    path: str,
    base_url: Union[str, Profile],
    access_token: Any,
    method: Optional[Method] = None,
    fields: Optional[Mapping[str, FieldKind]] = None,
    required: Optional[Sequence[str]] = None,
    keep_path_fields: Optional[bool] = None,
) -> BulkResult:
    """Validates ``records`` (an iterable of dicts: ``df.to_dict("records")``, Polars
    ``to_dicts()``) and builds one API request per good row. ``path`` is a template whose
    ``{field}``s are filled from the row (validated, percent-encoded, and left out of the body
    unless ``keep_path_fields``); ``fields`` maps field names to kinds (default:
    :func:`default_bulk_fields`); identifiers and dates are sent in their wire form.
    ``required`` fields must be present and not null. ``None``, NaN (pandas' missing cell) and
    ``NaT`` are JSON null; dates are ISO 8601."""
    spec: Dict[str, Any] = {"path": path}
    if method is not None:
        spec["method"] = method
    if fields is not None:
        spec["fields"] = dict(fields)
    if required is not None:
        spec["required"] = list(required)
    if keep_path_fields is not None:
        spec["keep_path_fields"] = keep_path_fields
    rows = list(records)
    head = (f'{{"base_url":{dumps(_base(base_url))},"access_token":{dumps(_token(access_token))},'
            f'"spec":{dumps(spec)},"rows":')
    unreadable: Dict[int, RowError] = {}
    try:
        text = head + dumps(rows) + "}"
    except CareerProError:
        # Some row holds NaN or a value JSON cannot carry: convert row by row, and report the
        # rows that stay unreadable at their position (`bulk_build` takes no host row errors
        # yet — see the report — so such a row is sent as null and its error replaced here).
        parts = []
        for n, row in enumerate(rows):
            part, error = _row_text(n, row)
            parts.append(part)
            if error is not None:
                unreadable[n] = error
        text = head + "[" + ",".join(parts) + "]}"
    out = _bridge.call("bulk_build", text)
    errors = [unreadable.get(e["row"]) or RowError(e["row"], e.get("field"), e["code"], e["message"])
              for e in out["errors"]]
    return BulkResult([Request._of(r) for r in out["requests"]], list(out["rows"]), errors)


def _row_text(n: int, row: Any) -> Tuple[str, Optional[RowError]]:
    """A row as JSON text, pandas' missing cells (NaN, ``NaT``) as null; or ``null`` and the
    row's error when a value cannot be sent."""
    if not isinstance(row, Mapping):
        try:
            return dumps(row), None  # the core reports it at its position
        except CareerProError:
            return "null", RowError(n, None, "invalid_argument",
                                    f"the row is a {type(row).__name__}, not a dict")
    fields = []
    for k, v in row.items():
        if not isinstance(k, str):
            return "null", RowError(n, None, "invalid_argument", "the row has a key that is not a string")
        if (isinstance(v, float) and math.isnan(v)) or type(v).__name__ == "NaTType":
            v = None
        try:
            fields.append(f"{dumps(k)}:{dumps(v)}")
        except CareerProError as e:
            return "null", RowError(n, k, "invalid_argument", e.message)
    return "{" + ",".join(fields) + "}", None
