"""Julia's regexes (PCRE) run by Python's ``re``: the pattern translated, offsets counted in bytes.

The translation covers what differs in practice: named groups ``(?<n>…)``,
``\\z``/``\\Z``, ``\\h``, ``\\R``, ``\\Q…\\E``, POSIX classes, ``\\p{L}``.  Python's
engine has no step limit, so a pattern that may backtrack exponentially
(a repeated group that itself repeats, ``(a+)+``) is refused (FC804) rather than
risk a hang; Julia's PCRE would stop such a match after ten million steps.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from .calls import builtin
from .errors import limit, throw, unsupported
from .jtypes import CONSTRUCTORS, JType
from .protocols import Lazy, char_index
from .runtime import Runtime
from .values import JuliaRegex, RegexMatch, SubstitutionString

__all__ = ["REGEX", "byte_offset", "compiled", "find_regex", "make_match", "substitute"]

REGEX: dict[str, Any] = {}

_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "x": re.VERBOSE, "a": re.ASCII}
_POSIX = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
          "space": r"\s", "xdigit": "0-9A-Fa-f", "punct": r"!-/:-@\[-`{-~", "word": r"\w", "blank": r" \t"}
_OUTSIDE = {"z": r"\Z", "Z": r"(?=\n?\Z)", "h": r"[ \t]", "H": r"[^ \t]", "R": r"(?:\r\n|\n|\r)",
            "e": r"\x1b"}


@functools.lru_cache(maxsize=256)
def _translate(pattern: str) -> str:
    """PCRE syntax → Python's; raises ``ValueError`` for what cannot be translated."""
    out: list[str] = []
    i, n = 0, len(pattern)
    in_class = False
    groups: list[bool] = []  # per open group: does it hold an unbounded repetition?
    last_group_unbounded = False
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            d = pattern[i + 1]
            if d == "Q":
                end = pattern.find("\\E", i + 2)
                end = n if end < 0 else end
                out.append(re.escape(pattern[i + 2:end]))
                i = end + 2
                continue
            if d == "p" or d == "P":
                m = re.match(r"\\[pP]\{?(\w+)\}?", pattern[i:])
                prop = m.group(1) if m else ""
                if prop not in ("L", "N", "Nd") or in_class:
                    raise ValueError(f"the Unicode property \\{d}{{{prop}}}")
                text = {"L": r"[^\W\d_]", "N": r"\d", "Nd": r"\d"}[prop]
                out.append(text if d == "p" else {"L": r"[\W\d_]", "N": r"\D", "Nd": r"\D"}[prop])
                i += len(m.group(0)) if m else 2
                continue
            if d == "K" or d == "G":
                raise ValueError(f"\\{d}")
            if not in_class and d in _OUTSIDE:
                out.append(_OUTSIDE[d])
            elif in_class and d == "h":
                out.append(r" \t")
            elif d == "e":
                out.append(r"\x1b")
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if c == "[" and pattern.startswith("[:", i):
                end = pattern.find(":]", i)
                name = pattern[i + 2:end] if end > 0 else ""
                if name in _POSIX:
                    out.append(_POSIX[name])
                    i = end + 2
                    continue
            if c == "]":
                in_class = False
            out.append(c)
            i += 1
            continue
        if c == "[":
            in_class = True
            out.append(c)
            i += 1
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":
                out.append(r"\]")
                i += 1
            continue
        if c == "(":
            if pattern.startswith("(?<", i) and i + 3 < n and pattern[i + 3] not in "=!":
                out.append("(?P<")
                i += 3
            elif pattern.startswith("(?|", i):
                raise ValueError("branch reset groups (?|…)")
            else:
                out.append(c)
                i += 1
            groups.append(False)
            continue
        if c == ")":
            last_group_unbounded = groups.pop() if groups else False
            out.append(c)
            i += 1
            if _unbounded_at(pattern, i):
                if last_group_unbounded and not _possessive_at(pattern, i):
                    raise OverflowError
                if groups:
                    groups[-1] = True
            elif last_group_unbounded and groups:
                groups[-1] = True
            continue
        if groups and (c in "*+" or (c == "{" and _unbounded_at(pattern, i))):
            groups[-1] = True
        out.append(c)
        i += 1
    return "".join(out)


def _unbounded_at(p: str, i: int) -> bool:
    return i < len(p) and (p[i] in "*+" or re.match(r"\{\d*,\}", p[i:]) is not None)


def _possessive_at(p: str, i: int) -> bool:
    m = re.match(r"(?:[*+]|\{\d*,\})\+", p[i:])
    return m is not None


@functools.lru_cache(maxsize=256)
def _compile(pattern: str, flags: str) -> re.Pattern[str]:
    bits = 0
    for f in flags:
        bits |= _FLAGS[f]
    return re.compile(_translate(pattern), bits)


def compiled(r: JuliaRegex) -> re.Pattern[str]:
    try:
        return _compile(r.pattern, r.flags)
    except OverflowError:
        raise limit(f"the regex r\"{r.pattern}\" repeats a group that itself repeats: its matching time can "
                    "grow exponentially, and franklin_compat's regex engine has no step limit") from None
    except ValueError as e:
        raise unsupported(f"{e} in the regex r\"{r.pattern}\"") from None
    except re.error as e:
        raise throw("ErrorException", f"PCRE compilation error: {e.msg} at offset {e.pos}") from None


def byte_offset(s: str, k: int) -> int:
    """The 1-based byte index of character ``k`` (0-based) of ``s``."""
    return k + 1 if s.isascii() else len(s[:k].encode("utf-8")) + 1


def make_match(s: str, m: re.Match[str]) -> RegexMatch:
    names: list[str | None] = [None] * (m.re.groups)
    for name, k in m.re.groupindex.items():
        names[k - 1] = name
    caps = m.groups()
    offsets = tuple(byte_offset(s, m.start(k + 1)) if caps[k] is not None else 0 for k in range(len(caps)))
    return RegexMatch(m.group(0), tuple(caps), byte_offset(s, m.start()), offsets, tuple(names))


def find_regex(r: JuliaRegex, s: str, pos: int = 0) -> re.Match[str] | None:
    return compiled(r).search(s, pos)


def substitute(rt: Runtime, rep: Any, m: re.Match[str] | None, matched: str) -> str:
    """The replacement text for one match: a string, ``s"\\1"``, or a function of the match."""
    from .ops import to_string

    if isinstance(rep, SubstitutionString):
        if m is None:
            raise throw("ErrorException", "a SubstitutionString needs a regex pattern")
        return _expand(rep.text, m)
    if isinstance(rep, str):
        return str.__str__(rep)
    if getattr(rep, "jl_call", None) is not None:
        from .values import Char

        arg: Any = Char(matched) if m is None and len(matched) == 1 else matched
        return to_string(rt.call(rep, [arg], {}))
    return to_string(rep)


def _expand(template: str, m: re.Match[str]) -> str:
    out: list[str] = []
    i, n = 0, len(template)
    while i < n:
        c = template[i]
        if c == "\\" and i + 1 < n:
            d = template[i + 1]
            if d.isdigit():
                out.append(m.group(int(d)) or "")
                i += 2
                continue
            g = re.match(r"\\g<(\w+)>", template[i:])
            if g:
                key = g.group(1)
                out.append(m.group(int(key) if key.isdigit() else key) or "")
                i += len(g.group(0))
                continue
            if d == "\\":
                out.append("\\")
                i += 2
                continue
        out.append(c)
        i += 1
    return "".join(out)


def _make_regex(rt: Runtime, t: JType, args: list[Any], kw: dict[str, Any]) -> Any:
    pattern = str.__str__(args[0])
    flags = str.__str__(args[1]) if len(args) > 1 else ""
    r = JuliaRegex(pattern, flags)
    compiled(r)
    return r


CONSTRUCTORS["Regex"] = _make_regex


@builtin(REGEX, "match")
def _match(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    r, s = args[0], args[1]
    if not isinstance(r, JuliaRegex):
        raise throw("MethodError", "no method matching match: the first argument must be a Regex")
    text = str.__str__(s)
    start = char_index(text, args[2], allow_end=True) if len(args) > 2 else 0
    m = compiled(r).search(text, start)
    return make_match(text, m) if m else None


@builtin(REGEX, "eachmatch")
def _eachmatch(rt: Runtime, args: list[Any], kw: dict[str, Any]) -> Any:
    r, s = args
    text = str.__str__(s)
    found = [make_match(text, m) for m in compiled(r).finditer(text)]
    rt.charge(len(text))
    return Lazy(lambda rt_: iter(found), lambda rt_: len(found), "Base.RegexMatchIterator")
