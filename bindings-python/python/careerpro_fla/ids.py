"""Belgian identifiers and dates: parse what people type, validate, format for the wire.

Each class asks the core once, through the bridge (``parse_ssin``, ``parse_enterprise_number``,
``parse_nsso_number``, ``parse_date``), and keeps its answer: the rules live in the core, the
same in every language. Instances are immutable, hashable and ordered like their wire value.

>>> s = Ssin("85.07.30-033.28")
>>> s.value, s.formatted(), s.birth_year, s.birth_date
('85073003328', '85.07.30-033.28', 1985, Date('1985-07-30'))
>>> EnterpriseNumber("BE 0884.303.369").formatted()
'0884.303.369'
>>> Date.from_ymd(2024, 2, 29).days_since_epoch()
19782
"""

from __future__ import annotations

import calendar
import operator
from typing import Any, Callable, Optional, Tuple, Union, final

from . import _bridge

__all__ = ["Date", "EnterpriseNumber", "NssoNumber", "Ssin", "is_leap_year"]


class _Identifier:
    """Equality, order and hash by a key, for instances of the same class only; immutable."""

    __slots__ = ()

    def _key(self) -> Any:
        raise NotImplementedError

    def __eq__(self, other: object) -> bool:
        return self._compare(other, operator.eq)

    def __ne__(self, other: object) -> bool:
        return self._compare(other, operator.ne)

    def __lt__(self, other: object) -> bool:
        return self._compare(other, operator.lt)

    def __le__(self, other: object) -> bool:
        return self._compare(other, operator.le)

    def __gt__(self, other: object) -> bool:
        return self._compare(other, operator.gt)

    def __ge__(self, other: object) -> bool:
        return self._compare(other, operator.ge)

    def _compare(self, other: object, op: Callable[[Any, Any], Any]) -> bool:
        # Like the other classes of the package: another type is not equal and not ordered.
        if not isinstance(other, _Identifier) or type(other) is not type(self):
            return NotImplemented  # type: ignore[no-any-return]  # the protocol's answer
        return bool(op(self._key(), other._key()))

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._key()))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _set(self, name: str, value: Any) -> None:
        object.__setattr__(self, name, value)


@final
class Ssin(_Identifier):
    """An SSIN (INSZ/NISS), validated: ``Ssin("85073003328")``, ``Ssin("85.07.30-033.28")``."""

    __slots__ = ("_value", "_formatted", "_is_bis", "_birth_year", "_birth_date")
    _value: str
    _formatted: str
    _is_bis: bool
    _birth_year: int
    _birth_date: Optional[str]

    def __init__(self, text: str) -> None:
        out = _bridge.call("parse_ssin", {"text": text})
        self._set("_value", out["value"])
        self._set("_formatted", out["formatted"])
        self._set("_is_bis", out["is_bis"])
        self._set("_birth_year", out["birth_year"])
        self._set("_birth_date", out.get("birth_date"))

    @property
    def value(self) -> str:
        """The 11 digits, as the wire wants them."""
        return self._value

    def formatted(self) -> str:
        """``YY.MM.DD-XXX.CC``, as people read it."""
        return self._formatted

    @property
    def is_bis(self) -> bool:
        """Whether this is a BIS number (month + 20 or + 40)."""
        return self._is_bis

    @property
    def birth_year(self) -> int:
        """The birth year (the check digits tell the century)."""
        return self._birth_year

    @property
    def birth_date(self) -> Optional[Date]:
        """The birth date, when the number carries a full one."""
        return None if self._birth_date is None else Date(self._birth_date)

    def _key(self) -> str:
        return self._value

    def __str__(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Ssin({self._value!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Ssin, (self._value,))


@final
class EnterpriseNumber(_Identifier):
    """A CBE (KBO/BCE) enterprise number, validated: ``EnterpriseNumber("0403.170.701")``."""

    __slots__ = ("_value", "_formatted")
    _value: str
    _formatted: str

    def __init__(self, text: str) -> None:
        out = _bridge.call("parse_enterprise_number", {"text": text})
        self._set("_value", out["value"])
        self._set("_formatted", out["formatted"])

    @property
    def value(self) -> str:
        """The 10 digits, as the wire wants them."""
        return self._value

    def formatted(self) -> str:
        """``0403.170.701``, as people read it."""
        return self._formatted

    def _key(self) -> str:
        return self._value

    def __str__(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"EnterpriseNumber({self._value!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (EnterpriseNumber, (self._value,))


@final
class NssoNumber(_Identifier):
    """An NSSO (RSZ/ONSS) employer number, validated: from text or an int."""

    __slots__ = ("_value", "_text", "_is_provisional")
    _value: int
    _text: str
    _is_provisional: bool

    def __init__(self, value: Union[str, int]) -> None:
        given = {"value": value} if isinstance(value, int) and not isinstance(value, bool) else {"text": value}
        out = _bridge.call("parse_nsso_number", given)
        self._set("_value", out["value"])
        self._set("_text", out["text"])
        self._set("_is_provisional", out["is_provisional"])

    @property
    def value(self) -> int:
        """The number as an int."""
        return self._value

    @property
    def is_provisional(self) -> bool:
        """Whether the number is a provisional one."""
        return self._is_provisional

    def _key(self) -> int:
        return self._value

    def __int__(self) -> int:
        return self._value

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"NssoNumber({self._text!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (NssoNumber, (self._value,))


@final
class Date(_Identifier):
    """A calendar date as the API sends it (``yyyy-MM-dd``), validated."""

    __slots__ = ("_value", "_year", "_month", "_day", "_days_since_epoch")
    _value: str
    _year: int
    _month: int
    _day: int
    _days_since_epoch: int

    def __init__(self, text: str) -> None:
        self._fill(_bridge.call("parse_date", {"text": text}))

    @staticmethod
    def from_ymd(year: int, month: int, day: int) -> Date:
        """A date from its parts."""
        return Date._from(_bridge.call("parse_date", {"year": year, "month": month, "day": day}))

    @staticmethod
    def from_unix(seconds: int) -> Date:
        """The UTC date of a Unix time (seconds)."""
        return Date._from(_bridge.call("parse_date", {"unix_ms": seconds * 1000}))

    @staticmethod
    def _from(out: Any) -> Date:
        date = Date.__new__(Date)
        date._fill(out)
        return date

    def _fill(self, out: Any) -> None:
        self._set("_value", out["value"])
        self._set("_year", out["year"])
        self._set("_month", out["month"])
        self._set("_day", out["day"])
        self._set("_days_since_epoch", out["days_since_epoch"])

    @property
    def year(self) -> int:
        """Year."""
        return self._year

    @property
    def month(self) -> int:
        """Month, 1 to 12."""
        return self._month

    @property
    def day(self) -> int:
        """Day of the month."""
        return self._day

    def days_since_epoch(self) -> int:
        """Days since 1970-01-01."""
        return self._days_since_epoch

    def isoformat(self) -> str:
        """``yyyy-MM-dd``."""
        return self._value

    def _key(self) -> Tuple[int, int, int]:
        return (int(self._year), int(self._month), int(self._day))

    def __str__(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Date({self._value!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Date, (self._value,))


def is_leap_year(year: int) -> bool:
    """Whether ``year`` is a leap year in the Gregorian calendar."""
    # The host's own calendar: the bridge has no operation for it, and the rule is the
    # Gregorian one in every language.
    return calendar.isleap(year)
