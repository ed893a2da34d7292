"""Julia's ``Dates``: ``Date``/``DateTime`` from numbers or text (with a ``dateformat``), ``format``,
the accessors (``year``, ``monthname``…), periods (``Day(3)``), ``today``/``now``.

``today()`` and ``now()`` follow ``SOURCE_DATE_EPOCH`` when it is set, so that two
builds of a site give the same bytes.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import os
import re
from typing import Any

from .calls import Builtin, builtin
from .errors import throw
from .jtypes import CONSTRUCTORS, JType, named
from .ops import tname
from .values import DateFormat, Period

__all__ = ["DATES", "clock", "format_date", "parse_date"]

DATES: dict[str, Any] = {}

_MONTHS = [calendar.month_name[k] for k in range(1, 13)]
_DAYS = [calendar.day_name[k] for k in range(7)]
_CODES = frozenset("yYmuUdeEHIMSsp")
_UNITS = ("Year", "Month", "Week", "Day", "Hour", "Minute", "Second", "Millisecond")


def clock() -> _dt.datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` (UTC) when the environment sets it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.UTC).replace(tzinfo=None)
    return _dt.datetime.now()


def _tokens(fmt: str) -> list[tuple[str, int]]:
    """``"U d, Y"`` → ``[("U", 1), (" ", 0), ("d", 1), (", ", 0), ("Y", 1)]``; width 0 is literal text."""
    out: list[tuple[str, int]] = []
    i, n = 0, len(fmt)
    while i < n:
        c = fmt[i]
        if c == "\\" and i + 1 < n:
            out.append((fmt[i + 1], 0))
            i += 2
        elif c in _CODES:
            j = i
            while j < n and fmt[j] == c:
                j += 1
            out.append((c, j - i))
            i = j
        else:
            out.append((c, 0))
            i += 1
    return out


def format_date(d: _dt.date, fmt: str) -> str:
    """``Dates.format(d, fmt)`` with Julia's codes and widths (``y`` keeps the last digits)."""
    t = d if isinstance(d, _dt.datetime) else _dt.datetime(d.year, d.month, d.day)
    out: list[str] = []
    for code, width in _tokens(fmt):
        if width == 0:
            out.append(code)
        elif code == "y":
            out.append(f"{t.year:0{width}d}"[-width:])
        elif code in "YmdHIMS":
            hour12 = t.hour - 12 if t.hour > 12 else (12 if t.hour == 0 else t.hour)
            value = {"Y": t.year, "m": t.month, "d": t.day, "H": t.hour, "I": hour12, "M": t.minute,
                     "S": t.second}[code]
            out.append(f"{value:0{width}d}")
        elif code in "uU":
            name = _MONTHS[t.month - 1]
            out.append(name[:3] if code == "u" else name)
        elif code in "eE":
            name = _DAYS[t.weekday()]
            out.append(name[:3] if code == "e" else name)
        elif code == "p":
            out.append("AM" if t.hour < 12 else "PM")
        else:  # milliseconds
            text = f"{t.microsecond // 1000:03d}".rstrip("0")
            out.append(text.ljust(width, "0"))
    return "".join(out)


def parse_date(text: str, fmt: str, as_datetime: bool) -> _dt.date:
    """``Date(text, fmt)``: read the fields the format names; missing trailing fields default."""
    tokens = _tokens(fmt)
    fields = {"y": 1, "m": 1, "d": 1, "H": 0, "M": 0, "S": 0, "s": 0}
    pm: bool | None = None
    i, n = 0, len(text)
    for k, (code, width) in enumerate(tokens):
        if i >= n:
            break
        if width == 0:
            if text[i] != code:
                raise throw("ArgumentError",
                            f"Unable to parse date time. Expected directive Delim({code}) at char {i + 1}")
            i += 1
            continue
        if code in "uUeE":
            m = re.match(r"[^\W\d_]+", text[i:])
            word = m.group(0).lower() if m else ""
            names = [x.lower() for x in _MONTHS] if code in "uU" else [x.lower() for x in _DAYS]
            short = [x[:3] for x in names]
            table = names if code in "UE" else short
            if word not in table:
                what = "month" if code in "uU" else "day"
                raise throw("ArgumentError",
                            f"Unable to parse date time. Expected a {what} name at char {i + 1}")
            if code in "uU":
                fields["m"] = table.index(word) + 1
            i += len(word)
            continue
        if code == "p":
            word = text[i:i + 2].upper()
            if word not in ("AM", "PM"):
                raise throw("ArgumentError", f"Unable to parse date time. Expected AM or PM at char {i + 1}")
            pm = word == "PM"
            i += 2
            continue
        fixed = k + 1 < len(tokens) and tokens[k + 1][1] > 0 and tokens[k + 1][0] not in "uUeEp"
        m = re.match(rf"[+-]?\d{{1,{width}}}" if fixed else r"[+-]?\d+", text[i:])
        if m is None:
            raise throw("ArgumentError", f"Unable to parse date time. Expected digits at char {i + 1} of "
                                         f"{text!r}")
        value = int(m.group(0))
        key = {"y": "y", "Y": "y", "m": "m", "d": "d", "H": "H", "I": "H", "M": "M", "S": "S", "s": "s"}[code]
        if code == "s":
            value = int(m.group(0).ljust(3, "0")[:3])
        fields[key] = value
        i += len(m.group(0))
    if i < n:
        raise throw("ArgumentError",
                    f"Unable to parse date time. Found extra characters at the end of {text!r}")
    if pm is not None:
        fields["H"] = fields["H"] % 12 + (12 if pm else 0)
    return _make(fields["y"], fields["m"], fields["d"], fields["H"], fields["M"], fields["S"], fields["s"],
                 as_datetime)


def _make(y: int, m: int, d: int, hh: int, mm: int, ss: int, ms: int, as_datetime: bool) -> _dt.date:
    for name, value, lo, hi in (("Month", m, 1, 12), ("Hour", hh, 0, 23), ("Minute", mm, 0, 59),
                                ("Second", ss, 0, 59), ("Millisecond", ms, 0, 999)):
        if not lo <= value <= hi:
            raise throw("ArgumentError", f"{name}: {value} out of range ({lo}:{hi})")
    if not 1 <= y <= 9999:
        raise throw("ArgumentError", f"Year: {y} is outside the years this evaluator handles (1:9999)")
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise throw("ArgumentError", f"Day: {d} out of range (1:{last})")
    if as_datetime:
        return _dt.datetime(y, m, d, hh, mm, ss, ms * 1000)
    return _dt.date(y, m, d)


def _date_ctor(as_datetime: bool) -> Any:
    def make(rt: Any, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
        if len(args) == 1 and isinstance(args[0], _dt.date):
            src = args[0]
            if as_datetime:
                return src if isinstance(src, _dt.datetime) else _dt.datetime(src.year, src.month, src.day)
            return _dt.date(src.year, src.month, src.day)
        if args and isinstance(args[0], str):
            fmt = args[1] if len(args) > 1 else ("yyyy-mm-ddTHH:MM:SS.s" if as_datetime else "yyyy-mm-dd")
            text = fmt.text if isinstance(fmt, DateFormat) else str.__str__(fmt)
            return parse_date(str.__str__(args[0]), text, as_datetime)
        nums: list[int] = []
        for arg in args:
            a = arg.value if isinstance(arg, Period) else arg
            if isinstance(a, bool) or not isinstance(a, int):
                raise throw("MethodError", f"no method matching {'DateTime' if as_datetime else 'Date'}"
                                           f"(::{', ::'.join(tname(x) for x in args)})")
            nums.append(a)
        if not 1 <= len(nums) <= (7 if as_datetime else 3):
            raise throw("MethodError", f"no method matching {t}() with {len(nums)} arguments")
        y, m, d, hh, mm, ss, ms = [*nums, *[1, 1, 0, 0, 0, 0][len(nums) - 1:]][:7]
        return _make(y, m, d, hh, mm, ss, ms, as_datetime)
    return make


def _period_ctor(unit: str) -> Any:
    def make(rt: Any, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
        (x,) = args
        if isinstance(x, _dt.date):
            part = {"Year": x.year, "Month": x.month, "Day": x.day, "Week": x.isocalendar()[1]}
            if unit in part:
                return Period(unit, part[unit])
            if isinstance(x, _dt.datetime):
                return Period(unit, {"Hour": x.hour, "Minute": x.minute, "Second": x.second,
                                     "Millisecond": x.microsecond // 1000}[unit])
        if isinstance(x, float) and x.is_integer():
            x = int(x)
        if isinstance(x, bool) or not isinstance(x, int):
            raise throw("MethodError", f"no method matching {unit}(::{tname(x)})")
        return Period(unit, x)
    return make


def _make_dateformat(rt: Any, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    return DateFormat(str.__str__(args[0]))


CONSTRUCTORS.update({"Date": _date_ctor(False), "DateTime": _date_ctor(True), "DateFormat": _make_dateformat})
for _u in _UNITS:
    CONSTRUCTORS[_u] = _period_ctor(_u)
    DATES[_u] = named(_u)
for _n in ("Date", "DateTime", "DateFormat", "TimeType", "Period", "DatePeriod", "TimePeriod"):
    DATES[_n] = named(_n)


def _date_arg(args: list[Any], name: str) -> _dt.date:
    (d,) = args
    if not isinstance(d, _dt.date):
        raise throw("MethodError", f"no method matching {name}(::{tname(d)})")
    return d


def _accessor(name: str, fn: Any) -> Builtin:
    return Builtin(name, lambda rt, args, kw: fn(_date_arg(args, name)))


for _n, _f in (
        ("year", lambda d: d.year), ("month", lambda d: d.month), ("day", lambda d: d.day),
        ("dayofmonth", lambda d: d.day), ("dayofweek", lambda d: d.isoweekday()),
        ("dayofyear", lambda d: d.timetuple().tm_yday), ("week", lambda d: d.isocalendar()[1]),
        ("quarterofyear", lambda d: (d.month - 1) // 3 + 1),
        ("daysinmonth", lambda d: calendar.monthrange(d.year, d.month)[1]),
        ("isleapyear", lambda d: calendar.isleap(d.year)),
        ("yearmonthday", lambda d: (d.year, d.month, d.day)), ("yearmonth", lambda d: (d.year, d.month)),
        ("hour", lambda d: d.hour if isinstance(d, _dt.datetime) else 0),
        ("minute", lambda d: d.minute if isinstance(d, _dt.datetime) else 0),
        ("second", lambda d: d.second if isinstance(d, _dt.datetime) else 0),
        ("millisecond", lambda d: d.microsecond // 1000 if isinstance(d, _dt.datetime) else 0),
        ("firstdayofmonth", lambda d: d.replace(day=1)),
        ("lastdayofmonth", lambda d: d.replace(day=calendar.monthrange(d.year, d.month)[1])),
        ("firstdayofweek", lambda d: d - _dt.timedelta(days=d.weekday())),
        ("lastdayofweek", lambda d: d + _dt.timedelta(days=6 - d.weekday())),
):
    DATES[_n] = _accessor(_n, _f)


def _name_of(kind: str, short: bool) -> Any:
    def fn(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
        (x,) = args
        if isinstance(x, _dt.date):
            k = x.month - 1 if kind == "month" else x.weekday()
        elif isinstance(x, int) and not isinstance(x, bool):
            k = x - 1
            if not 0 <= k < (12 if kind == "month" else 7):
                raise throw("BoundsError", f"attempt to access {kind} names at index [{x}]")
        else:
            raise throw("MethodError", f"no method matching {kind}name(::{tname(x)})")
        name = (_MONTHS if kind == "month" else _DAYS)[k]
        return name[:3] if short else name
    return fn


for _n, _kind, _short in (("monthname", "month", False), ("monthabbr", "month", True),
                          ("dayname", "day", False), ("dayabbr", "day", True)):
    DATES[_n] = Builtin(_n, _name_of(_kind, _short))


@builtin(DATES, "format")
def _format(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    d, fmt = args[0], args[1]
    if not isinstance(d, _dt.date):
        raise throw("MethodError", f"no method matching format(::{tname(d)}, ::{tname(fmt)})")
    return format_date(d, fmt.text if isinstance(fmt, DateFormat) else str.__str__(fmt))


@builtin(DATES, "today")
def _today(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    return clock().date()


@builtin(DATES, "now")
def _now(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    return clock().replace(microsecond=clock().microsecond // 1000 * 1000)


@builtin(DATES, "value")
def _value(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if isinstance(x, Period):
        return x.value
    if isinstance(x, _dt.datetime):
        return (x - _dt.datetime(1, 1, 1)) // _dt.timedelta(milliseconds=1) + 86400000
    if isinstance(x, _dt.date):
        return x.toordinal()
    raise throw("MethodError", f"no method matching value(::{tname(x)})")


@builtin(DATES, "days")
def _days(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    if isinstance(x, Period) and x.unit in ("Day", "Week"):
        return x.value * (7 if x.unit == "Week" else 1)
    if isinstance(x, _dt.date):
        return x.toordinal()
    raise throw("MethodError", f"no method matching days(::{tname(x)})")


@builtin(DATES, "unix2datetime")
def _unix2datetime(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return _dt.datetime(1970, 1, 1) + _dt.timedelta(milliseconds=round(float(x) * 1000))


@builtin(DATES, "datetime2unix")
def _datetime2unix(rt: Any, args: list[Any], kw: dict[str, Any]) -> Any:
    (x,) = args
    return (x - _dt.datetime(1970, 1, 1)) / _dt.timedelta(seconds=1)
