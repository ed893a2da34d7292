"""String functions: ``split``, ``join``, ``strip``, ``replace`` (several pairs at once, regexes,
``s"\\1"``), ``startswith``, ``occursin``, ``lpad``, case changes, character tests, byte indices."""

from __future__ import annotations

import re
from typing import Any

from ..core.refs import julia_lowercase
from .calls import Builtin, Fix, builtin
from .errors import throw
from .lib_regex import byte_offset, compiled, substitute
from .ops import tname, to_string
from .protocols import char_index, iterate
from .runtime import Runtime
from .values import Char, JuliaRegex, Pair, Symbol, TypedVector

__all__ = ["STRINGS", "find_in_string", "match_range"]

STRINGS: dict[str, Any] = {}


def _s(x: Any, fn: str) -> str:
    if isinstance(x, str) and not isinstance(x, Symbol):
        return str.__str__(x)
    raise throw("MethodError", f"no method matching {fn}(::{tname(x)})")


def _substrings(parts: list[str]) -> TypedVector:
    return TypedVector("SubString{String}", parts)


@builtin(STRINGS, "join")
def _join(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    items = [to_string(x) for x in iterate(rt, args[0])]
    delim = to_string(args[1]) if len(args) > 1 else ""
    last = to_string(args[2]) if len(args) > 2 else delim
    size = sum(len(x) for x in items) + len(delim) * max(0, len(items) - 1)
    rt.built(size)
    if len(items) < 2:
        return "".join(items)
    return delim.join(items[:-1]) + last + items[-1]


def _char_test_of(rt: Runtime, f: Any) -> Any:
    """A Julia predicate on characters as a Python one."""
    def test(c: str) -> bool:
        return rt.call(f, [Char(c)], {}) is True
    return test


def _char_set(x: Any) -> Any:
    """A predicate on characters from a Char, a collection of chars, or a function."""
    if isinstance(x, Char):
        return lambda c: c == x
    if isinstance(x, (list, tuple, set)) or (isinstance(x, str) and not isinstance(x, Symbol)):
        chars = {str.__str__(c) for c in x}
        return lambda c: c in chars
    return None


def _splitter(reverse: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        s = _s(args[0], "split")
        limit = int(kw.get("limit", 0))
        parts: list[str]
        if len(args) == 1:
            keep = bool(kw.get("keepempty", False))
            parts = re.split(r"\s+", s) if keep else s.split()
            return _substrings(_limited(parts, limit, s))
        dlm = args[1]
        keep = bool(kw.get("keepempty", True))
        if isinstance(dlm, str) and not isinstance(dlm, (Char, Symbol)):
            if dlm == "":
                parts = list(s)
            elif limit > 0:
                parts = s.rsplit(dlm, limit - 1) if reverse else s.split(dlm, limit - 1)
            else:
                parts = s.split(dlm)
        elif isinstance(dlm, JuliaRegex):
            parts, start = [], 0
            for m in compiled(dlm).finditer(s):
                if m.end() == m.start() and (m.start() == 0 or m.start() == len(s)):
                    continue
                parts.append(s[start:m.start()])
                start = m.end()
                if 0 < limit <= len(parts) + 1:
                    break
            parts.append(s[start:])
        else:
            pred = _char_set(dlm) or _char_test_of(rt, dlm)
            parts = []
            cur: list[str] = []
            for c in s:
                if pred(c) and not (0 < limit <= len(parts) + 1):
                    parts.append("".join(cur))
                    cur = []
                else:
                    cur.append(c)
            parts.append("".join(cur))
        if not keep:
            parts = [p for p in parts if p]
        return _substrings(parts)
    return fn


def _limited(parts: list[str], limit: int, s: str) -> list[str]:
    if limit <= 0 or len(parts) <= limit:
        return parts
    return [*parts[:limit - 1], s.split(None, limit - 1)[-1]]


STRINGS["split"] = Builtin("split", _splitter(False))
STRINGS["rsplit"] = Builtin("rsplit", _splitter(True))


def _stripper(name: str) -> Any:
    method = {"strip": str.strip, "lstrip": str.lstrip, "rstrip": str.rstrip}[name]

    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        s = _s(args[0], name)
        if len(args) == 1:
            return method(s)
        chars = _char_set(args[1]) or _char_test_of(rt, args[1])
        i, j = 0, len(s)
        if name != "rstrip":
            while i < j and chars(s[i]):
                i += 1
        if name != "lstrip":
            while j > i and chars(s[j - 1]):
                j -= 1
        return s[i:j]
    return fn


for _n in ("strip", "lstrip", "rstrip"):
    STRINGS[_n] = Builtin(_n, _stripper(_n))


@builtin(STRINGS, "chomp")
def _chomp(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    s = _s(args[0], "chomp")
    return s[:-2] if s.endswith("\r\n") else s[:-1] if s.endswith("\n") else s


@builtin(STRINGS, "chop")
def _chop(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    s = _s(args[0], "chop")
    head, tail = int(kw.get("head", 0)), int(kw.get("tail", 1))
    return s[head:max(head, len(s) - tail)]


STRINGS["chopprefix"] = Builtin("chopprefix", lambda rt, a, kw: _s(a[0], "chopprefix").removeprefix(
    _s(a[1], "chopprefix")))
STRINGS["chopsuffix"] = Builtin("chopsuffix", lambda rt, a, kw: _s(a[0], "chopsuffix").removesuffix(
    _s(a[1], "chopsuffix")))


def _affix(name: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        if len(args) == 1:
            return Fix(STRINGS[name], args[0])
        s, p = _s(args[0], name), args[1]
        if isinstance(p, JuliaRegex):
            pat = compiled(p)
            if name == "startswith":
                return pat.match(s) is not None
            return any(m.end() == len(s) for m in pat.finditer(s))
        if isinstance(p, Char):
            p = str.__str__(p)
        text = _s(p, name)
        return s.startswith(text) if name == "startswith" else s.endswith(text)
    return fn


for _n in ("startswith", "endswith"):
    STRINGS[_n] = Builtin(_n, _affix(_n))


def find_in_string(rt: Runtime, pat: Any, s: str, start: int = 0) -> tuple[int, int, Any] | None:
    """The first match of ``pat`` (a String, Char, Regex or predicate) at or after character ``start``:
    (start, end) as character offsets and the regex match, if any."""
    if isinstance(pat, JuliaRegex):
        m = compiled(pat).search(s, start)
        return (m.start(), m.end(), m) if m else None
    if isinstance(pat, Char):
        k = s.find(str.__str__(pat), start)
        return (k, k + 1, None) if k >= 0 else None
    if isinstance(pat, str) and not isinstance(pat, Symbol):
        k = s.find(str.__str__(pat), start)
        return (k, k + len(pat), None) if k >= 0 else None
    if getattr(pat, "jl_call", None) is not None:
        for k in range(start, len(s)):
            if rt.call(pat, [Char(s[k])], {}) is True:
                return (k, k + 1, None)
        return None
    raise throw("MethodError", f"no method matching findnext(::{tname(pat)}, ::String, ::Int64)")


def _occursin(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if len(args) == 1:
        return Fix(STRINGS["occursin"], args[0])
    needle, hay = args
    return find_in_string(rt, needle, _s(hay, "occursin")) is not None


STRINGS["occursin"] = Builtin("occursin", _occursin)


@builtin(STRINGS, "contains")
def _contains(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    if len(args) == 1:
        return Fix(STRINGS["contains"], args[0], first=False)
    hay, needle = args
    return find_in_string(rt, needle, _s(hay, "contains")) is not None


@builtin(STRINGS, "replace")
def _replace(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    s = args[0]
    pairs = [p for p in args[1:] if isinstance(p, Pair)]
    if len(pairs) != len(args) - 1 or not pairs:
        raise throw("MethodError",
                    f"no method matching replace(::{tname(s)}, …): give pattern => replacement")
    if not isinstance(s, str):
        from .lib_collections import replace_items

        return replace_items(rt, s, pairs, kw)
    s = _s(s, "replace")
    count = kw.get("count")
    if len(pairs) == 1 and count is None and type(pairs[0].first) is str and type(pairs[0].second) is str:
        pat, rep = pairs[0].first, pairs[0].second
        if pat:
            rt.built(len(s) + s.count(pat) * max(0, len(rep) - len(pat)))
        return s.replace(pat, rep)
    return _replace_general(rt, s, pairs, count)


def _replace_general(rt: Runtime, s: str, pairs: list[Pair], count: Any) -> str:
    """Several patterns at once: at each point the earliest match wins, the first pattern on a tie."""
    nxt: list[tuple[int, int, Any] | None] = [find_in_string(rt, p.first, s, 0) for p in pairs]
    out: list[str] = []
    i, done, size = 0, 0, 0
    while count is None or done < int(count):
        best = -1
        for k, m in enumerate(nxt):
            if m is not None and m[0] < i:
                m = nxt[k] = find_in_string(rt, pairs[k].first, s, i)
            if m is not None and (best < 0 or m[0] < nxt[best][0]):  # type: ignore[index]
                best = k
        if best < 0:
            break
        a, b, mobj = nxt[best]  # type: ignore[misc]
        piece = substitute(rt, pairs[best].second, mobj, s[a:b])
        out.append(s[i:a])
        out.append(piece)
        size += (a - i) + len(piece)
        rt.check_size(size)
        done += 1
        if b == a:
            if a < len(s):
                out.append(s[a])
            i = a + 1
            if i > len(s):
                break
        else:
            i = b
        rt.steps -= 1
    out.append(s[i:] if i <= len(s) else "")
    return "".join(out)


def _caser(name: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        (x,) = args
        if isinstance(x, Char):
            c = str.__str__(x)
            return Char(julia_lowercase(c) if name == "lowercase" else c.upper())
        s = _s(x, name)
        if name == "lowercase":
            return julia_lowercase(s)
        if name == "uppercase":
            return s.upper()
        if name == "titlecase":
            return s.title()
        if not s:
            return s
        return (s[0].upper() if name == "uppercasefirst" else s[0].lower()) + s[1:]
    return fn


for _n in ("lowercase", "uppercase", "titlecase", "uppercasefirst", "lowercasefirst"):
    STRINGS[_n] = Builtin(_n, _caser(_n))


def _pad(left: bool) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        s = to_string(args[0])
        n = int(args[1])
        p = to_string(args[2]) if len(args) > 2 else " "
        rt.built(n)
        missing = n - len(s)
        if missing <= 0 or not p:
            return s
        fill = (p * (missing // len(p) + 1))[:missing]
        return fill + s if left else s + fill
    return fn


STRINGS["lpad"] = Builtin("lpad", _pad(True))
STRINGS["rpad"] = Builtin("rpad", _pad(False))


@builtin(STRINGS, "repeat")
def _repeat(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    x, n = args[0], int(args[1]) if len(args) > 1 else int(kw.get("outer", 1))
    if n < 0:
        raise throw("ArgumentError", f"can't repeat a string {n} times")
    if isinstance(x, str):
        rt.built(len(x) * n)
        return str.__str__(x) * n
    items = list(iterate(rt, x))
    rt.built(len(items) * n, "vector")
    return items * n


@builtin(STRINGS, "ncodeunits", "sizeof")
def _ncodeunits(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (s,) = args
    return len(_s(s, "ncodeunits").encode("utf-8"))


@builtin(STRINGS, "textwidth")
def _textwidth(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    (s,) = args
    return len(s)


def _index_step(name: str) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        s, i = _s(args[0], name), int(args[1])
        n = int(args[2]) if len(args) > 2 else 1
        nbytes = len(s.encode("utf-8"))
        if name == "thisind":
            while i > 1 and i <= nbytes and not _starts_char(s, i):
                i -= 1
            return i
        for _ in range(n):
            if name == "nextind":
                i += 1
                while i <= nbytes and not _starts_char(s, i):
                    i += 1
            else:
                i -= 1
                while i > 0 and not _starts_char(s, i):
                    i -= 1
        return i
    return fn


def _starts_char(s: str, i: int) -> bool:
    try:
        char_index(s, i)
        return True
    except Exception:
        return False


for _n in ("nextind", "prevind", "thisind"):
    STRINGS[_n] = Builtin(_n, _index_step(_n))


def _char_test(name: str, test: Any) -> Any:
    def fn(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
        (c,) = args
        if isinstance(c, str) and len(c) == 1:
            return bool(test(str.__str__(c)))
        if name == "isascii" and isinstance(c, str):
            return c.isascii()
        raise throw("MethodError", f"no method matching {name}(::{tname(c)})")
    return fn


for _n, _t in (("isdigit", lambda c: "0" <= c <= "9"), ("isletter", str.isalpha), ("isspace", str.isspace),
               ("isuppercase", str.isupper), ("islowercase", str.islower), ("isnumeric", str.isnumeric),
               ("isascii", str.isascii), ("ispunct", lambda c: not c.isalnum() and c.isprintable()
                                                        and not c.isspace()),
               ("isxdigit", lambda c: c in "0123456789abcdefABCDEF"), ("isprint", str.isprintable),
               ("iscntrl", lambda c: ord(c) < 32 or 127 <= ord(c) < 160)):
    STRINGS[_n] = Builtin(_n, _char_test(_n, _t))


@builtin(STRINGS, "escape_string")
def _escape_string(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    from .show import show_string

    return show_string(_s(args[0], "escape_string"))[1:-1]


@builtin(STRINGS, "SubString")
def _substring(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    s = _s(args[0], "SubString")
    a = char_index(s, int(args[1])) if len(args) > 1 else 0
    b = char_index(s, int(args[2])) + 1 if len(args) > 2 else len(s)
    return s[a:b]


@builtin(STRINGS, "codeunit")
def _codeunit(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    s, i = _s(args[0], "codeunit"), int(args[1])
    return s.encode("utf-8")[i - 1]


def match_range(s: str, found: tuple[int, int, Any]) -> range:
    """A match at characters [a, b) as Julia's byte range ``i:j``."""
    a, b, _ = found
    start = byte_offset(s, a)
    end = byte_offset(s, b) - 1 if b > a else start - 1
    return range(start, end + 1)

