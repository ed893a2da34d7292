"""Julia's ``Dates.format`` with Franklin's locale variables, for ``fd_mtime`` and ``{{fill}}``."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

_DATE_TOKEN = re.compile(r"\\(.)|([yYmdHIMSsuUeEp])\2*|(.)", re.S)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def julia_date(d: dt.date, fmt: str, g: dict[str, Any] | None = None) -> str:
    """Julia's ``Dates.format(d, fmt)`` with Franklin's ``date_months``/``date_days`` locale variables."""
    g = g or {}
    months = [str(x) for x in g.get("date_months") or []] or list(_MONTHS)
    short_months = [str(x) for x in g.get("date_shortmonths") or []] or [m[:3] for m in months]
    days = [str(x) for x in g.get("date_days") or []] or list(_DAYS)
    short_days = [str(x) for x in g.get("date_shortdays") or []] or [x[:3] for x in days]
    t = d if isinstance(d, dt.datetime) else dt.datetime(d.year, d.month, d.day)

    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None or m.group(3) is not None:
            return m.group(1) if m.group(1) is not None else m.group(3)
        code, width = m.group(2), len(m.group(0))
        if code in "yY":
            return f"{t.year:0{width}d}"[-width:]
        names = {"u": short_months, "U": months, "e": short_days, "E": days}
        if code in names:
            table = names[code]
            index = t.month - 1 if code in "uU" else t.weekday()
            return table[index] if index < len(table) else ""
        if code == "p":
            return "AM" if t.hour < 12 else "PM"
        value = {"m": t.month, "d": t.day, "H": t.hour, "I": (t.hour - 1) % 12 + 1, "M": t.minute,
                 "S": t.second, "s": t.microsecond // 1000}[code]
        return f"{value:0{width}d}"

    return _DATE_TOKEN.sub(one, fmt)

