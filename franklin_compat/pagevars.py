"""Page variables: a safe reader of the Julia literals in ``+++`` blocks and ``@def`` lines.

Franklin runs both forms as Julia code (reference §4.1).  Nothing here evaluates
anything: a hand-written scanner reads the literal subset that real sites write
(strings, numbers, booleans, vectors, tuples, pairs, ``Dict``, ``Date``, ranges,
``get(ENV, …)``) and reports anything else -- a variable, a call, a
comprehension, arithmetic -- as an ``FC201`` error at the exact character.
Brackets nest through an explicit stack, so reading is linear in the text and
never recurses on nesting depth.

The module also holds Franklin's default page variables and their aliases
(reference §4.2, §4.3) and prints values the way Julia's ``string()`` does, for
``{{fill x}}`` (reference §3.17).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from dateutil import parser as _dateparser

from .diagnostics import Diagnostic, FranklinSyntaxError, Severity
from .source import Source, Span

__all__ = [
    "ALIASES",
    "GLOBAL_DEFAULTS",
    "HINT",
    "LOCAL_DEFAULTS",
    "Assignment",
    "JuliaRegex",
    "Pair",
    "Symbol",
    "TypedVector",
    "canonical",
    "parse_date",
    "parse_value",
    "read_def",
    "read_toml_block",
    "to_julia_string",
]

HINT = "Franklin evaluates this as Julia; franklin_compat only reads literals: write a literal value"

#: Franklin's own warning for an ``@def`` that is not ``@def name = value``.
DEF_SHAPE_WARNING = (
    "Delimiters for an '@def ...' environment were found but at least one assignment "
    "does not have the proper syntax."
)


# --------------------------------------------------------------------------- values


class Symbol(str):
    """A Julia symbol ``:name``; a ``str`` because ``string(:name)`` is ``"name"``."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Symbol({str.__repr__(self)})"


class Pair(NamedTuple):
    """Julia's ``first => second``; a 2-tuple so it unpacks like one."""

    first: object
    second: object


@dataclass(frozen=True, slots=True)
class JuliaRegex:
    """A regex literal ``r"…"flags``, kept as text: Julia's PCRE is not Python's ``re``."""

    pattern: str
    flags: str = ""


class TypedVector(list[object]):
    """A vector written with its element type (``String[]``), kept so it prints as Julia does."""

    __slots__ = ("eltype",)
    eltype: str

    def __init__(self, eltype: str, items: Iterable[object] = ()) -> None:
        super().__init__(items)
        self.eltype = eltype


@dataclass(frozen=True, slots=True)
class Assignment:
    """One ``name = value``; ``text`` is the value's source, kept for faithful round trips."""

    name: str
    value: object
    text: str
    span: Span
    value_span: Span


# --------------------------------------------------------------------------- defaults

_NO_DATE = _dt.date(1, 1, 1)

#: Franklin's global defaults (``src/utils/vars.jl``, reference §4.2), set by ``config.md``.
GLOBAL_DEFAULTS: dict[str, object] = {
    "author": "",
    "prepath": "",
    "date_format": "U dd, yyyy",
    "date_days": TypedVector("String"),
    "date_shortdays": TypedVector("String"),
    "date_months": TypedVector("String"),
    "date_shortmonths": TypedVector("String"),
    "tag_page_path": "tag",
    "title_links": True,
    "ignore": TypedVector("String"),
    "keep_path": TypedVector("String"),
    "robots_disallow": TypedVector("String"),
    "generate_robots": True,
    "generate_rss": False,
    "website_title": "",
    "website_url": "",
    "website_description": "",
    "rss_file": "feed",
    "rss_full_content": False,
    "generate_sitemap": True,
    "sitemap_file": "sitemap",
    "content_tag": "div",
    "content_class": "franklin-content",
    "content_id": "",
    "div_content": "",
    "code_output_class": "code-output",
    "autocode": True,
    "automath": True,
    "literate_mds": False,
    "auto_code_path": False,
    "generate_tags": True,
    "fd_page_tags": None,
    "fd_tag_pages": None,
    "fd_rss_feed_url": "",
}

#: Franklin's page defaults (reference §4.3); a global of the same name overrides them.
LOCAL_DEFAULTS: dict[str, object] = {
    "title": None,
    "hasmath": False,
    "hascode": False,
    "date": _NO_DATE,
    "lang": "julia",
    "reflinks": True,
    "indented_code": False,
    "tags": TypedVector("String"),
    "prerender": True,
    "slug": "",
    "draft": False,
    "mintoclevel": 1,
    "maxtoclevel": 10,
    "reeval": False,
    "noeval": False,
    "showall": False,
    "fd_eval": False,
    "header_anchor_class": "header-anchor",
    "rss_description": "",
    "rss_title": "",
    "rss_author": "",
    "rss_category": "",
    "rss_comments": "",
    "rss_enclosure": "",
    "rss_pubdate": _NO_DATE,
    "sitemap_changefreq": "monthly",
    "sitemap_priority": 0.5,
    "sitemap_exclude": False,
    "robots_disallow_this_page": False,
    "fd_mtime_raw": _NO_DATE,
    "fd_ctime": "0001-01-01",
    "fd_mtime": "0001-01-01",
    "fd_rpath": "",
    "fd_url": "",
    "fd_full_url": "",
    "fd_tag": "",
    "fd_evalc": 1,
    "fd_page_html": "",
}

#: alias -> canonical name (Franklin resolves the global ones in ``config.md``, the rest on pages).
ALIASES: dict[str, str] = {
    "prefix": "prepath",
    "base_path": "prepath",
    "base_url": "website_url",
    "rss_website_url": "website_url",
    "rss_website_title": "website_title",
    "website_descr": "website_description",
    "rss_website_descr": "website_description",
    "rss_filename": "rss_file",
    "sitemap_filename": "sitemap_file",
    "rss": "rss_description",
    "rss_descr": "rss_description",
}


def canonical(name: str) -> str:
    """The name Franklin stores a variable under (``rss`` -> ``rss_description``)."""
    return ALIASES.get(name, name)


# --------------------------------------------------------------------------- reader internals


class _Fail(Exception):
    """Where and why reading stopped; turned into a :class:`Diagnostic` by the public functions."""

    def __init__(self, pos: int, message: str, *, end: int | None = None, hint: str = HINT) -> None:
        super().__init__(message)
        self.pos = pos
        self.end = pos + 1 if end is None else end
        self.message = message
        self.hint = hint


@dataclass(frozen=True, slots=True)
class _Range:
    """``a:b`` or ``a:s:b`` before it becomes a list (a range can take a third part)."""

    start: int
    stop: int
    step: int | None


class _Env:
    """``ENV``, legal only as the first argument of ``get(ENV, "NAME", default)``."""


_ENV = _Env()


@dataclass(slots=True)
class _Frame:
    """One open bracket (or the whole expression) and the item being read inside it."""

    kind: str  # "top", "[", "(" or "call"
    start: int  # offset of the bracket, or of the callee / element type before it
    name: str = ""  # callee of a call, element type of a typed vector
    items: list[object] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    sep: str = ""  # "," or ";" once chosen
    operands: list[tuple[object, int]] = field(default_factory=list)
    ops: list[tuple[str, int]] = field(default_factory=list)
    signs: list[tuple[str, int]] = field(default_factory=list)


_PREC = {"=>": 1, ":": 2, "*": 3}
_CLOSER = {"[": "]", "(": ")", "call": ")"}
_CONSTANTS: dict[str, object] = {
    "true": True,
    "false": False,
    "nothing": None,
    "missing": None,
    "Inf": math.inf,
    "Inf64": math.inf,
    "NaN": math.nan,
    "NaN64": math.nan,
}
_CALLS = {
    "Date": "Date",
    "Dates.Date": "Date",
    "DateTime": "DateTime",
    "Dates.DateTime": "DateTime",
    "Dict": "Dict",
    "get": "get",
}
_DATE_ARITY = {"Date": 3, "DateTime": 7}
_BLOCK_OPENERS = frozenset(
    {"function", "begin", "let", "if", "for", "while", "do", "struct", "module", "baremodule",
     "quote", "try", "macro"}
)
_KEYWORDS = _BLOCK_OPENERS - {"do"} | {"mutable", "const", "global", "local", "abstract", "primitive",
                                       "return", "export"}
_OPERATORS = frozenset("+-/\\^<>!&|%÷~?.'=$@≤≥≠∈∉")
_CONTINUES = frozenset(",=+-*/^&|<>:\\%÷~")
_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "$": "$",
    "a": "\a", "b": "\b", "f": "\f", "v": "\v", "e": "\x1b",
}
_NUMBER = re.compile(
    r"0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|0b[01](?:_?[01])*|0o[0-7](?:_?[0-7])*"
    r"|(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eEf][+-]?[0-9]+)?"
)
_ISO_DATE = re.compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})")
_ISO_DATETIME = re.compile(
    r"(\d{1,4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?)?"
)
_ISO_SHAPE = re.compile(r"\d+-\d+-\d+")
_MAX_RANGE = 100_000


def _ident_start(c: str) -> bool:
    return c == "_" or c.isalpha()


def _ident_char(c: str) -> bool:
    if c.isalnum() or c == "_" or c == "!":
        return True
    return c > "\x7f" and unicodedata.category(c)[0] == "M"


def _to_str(x: object) -> object | None:
    return x if type(x) is str else None


def _to_float(x: object) -> object | None:
    return float(x) if isinstance(x, (int, float)) else None


def _to_int(x: object) -> object | None:
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return int(x) if isinstance(x, int) else None


def _to_bool(x: object) -> object | None:
    return bool(x) if isinstance(x, int) and x in (0, 1) else None


#: element types a typed vector literal converts to (``Bool[1, 0]`` holds ``true, false``).
_CONVERT: dict[str, Callable[[object], object | None]] = {
    "String": _to_str, "Float64": _to_float, "Int": _to_int, "Int64": _to_int, "Bool": _to_bool,
}


class _Reader:
    """The scanner and the explicit-stack expression reader over one text."""

    def __init__(self, text: str, scope: Mapping[str, object] | None = None) -> None:
        self.text = text
        self.n = len(text)
        self.scope = scope
        #: ``$name`` / ``$(…)`` kept as written: (start, end) offsets.
        self.notes: list[tuple[int, int]] = []
        self._lines: Source | None = None

    def position(self, i: int) -> tuple[int, int]:
        """(line, col) of ``i`` in this text, for callers that gave no :class:`Source`."""
        if self._lines is None:
            self._lines = Source(self.text)
        return self._lines.position(i)

    # ---- lexical helpers

    def skip(self, i: int, *, newlines: bool) -> int:
        """Skip blanks and comments (``#…``, nested ``#= … =#``); newlines only if asked."""
        text, n = self.text, self.n
        while i < n:
            c = text[i]
            if c in " \t\r":
                i += 1
            elif c == "\n":
                if not newlines:
                    break
                i += 1
            elif c == "#":
                if text.startswith("#=", i):
                    i = self.block_comment_end(i)
                else:
                    nl = text.find("\n", i)
                    i = n if nl < 0 else nl
            else:
                break
        return i

    def block_comment_end(self, i: int) -> int:
        text, n = self.text, self.n
        start, depth, i = i, 1, i + 2
        while depth:
            if i >= n:
                raise _Fail(start, "this `#=` comment is never closed", end=start + 2,
                            hint="close it with `=#`")
            if text.startswith("#=", i):
                depth, i = depth + 1, i + 2
            elif text.startswith("=#", i):
                depth, i = depth - 1, i + 2
            else:
                i += 1
        return i

    def ident_end(self, i: int) -> int:
        text, n = self.text, self.n
        if i >= n or not _ident_start(text[i]):
            return i
        i += 1
        while i < n and _ident_char(text[i]) and not (text[i] == "!" and text.startswith("=", i + 1)):
            i += 1
        return i

    def qualified_end(self, i: int) -> int:
        """End of ``Dates.Date``-style names."""
        j = self.ident_end(i)
        while j + 1 < self.n and self.text[j] == "." and _ident_start(self.text[j + 1]):
            j = self.ident_end(j + 1)
        return j

    def describe(self, i: int) -> str:
        if i >= self.n:
            return "the end of the text"
        c = self.text[i]
        if c == "\n":
            return "a line break"
        if _ident_start(c):
            return f"`{self.text[i:self.qualified_end(i)]}`"
        return f"`{c}`"

    def braces_end(self, i: int) -> int:
        """End of type parameters ``{String, Any}`` after a type name."""
        text, n = self.text, self.n
        start, depth, i = i, 0, i
        while True:
            if i >= n:
                raise _Fail(start, "this `{` is never closed", hint="close it with `}`")
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if not depth:
                    return i + 1
            elif not (_ident_char(c) or c in " ,."):
                raise _Fail(i, f"expected a type name inside `{{…}}`, found {self.describe(i)}")
            i += 1

    # ---- strings

    def string_end(self, i: int, *, raw: bool) -> tuple[int, dict[int, int]]:
        """End of the string opening at ``i`` and its ``$(…)`` spans (start -> end).

        One explicit stack covers strings nested in interpolations nested in strings.
        """
        text, n = self.text, self.n
        opener = i
        quote = '"""' if text.startswith('"""', i) else '"'
        stack = [quote]
        i += len(quote)
        interps: dict[int, int] = {}
        interp_start = -1
        while stack:
            if i >= n:
                raise _Fail(opener, "this string is never closed", end=opener + len(quote),
                            hint=f"close it with {quote}")
            c, top = text[i], stack[-1]
            if top != "(":
                if c == "\\":
                    i += 2
                elif c == '"' and (top == '"' or text.startswith('"""', i)):
                    stack.pop()
                    i += len(top)
                elif c == "$" and text.startswith("(", i + 1) and not (raw and len(stack) == 1):
                    if len(stack) == 1:
                        interp_start = i
                    stack.append("(")
                    i += 2
                else:
                    i += 1
            elif c == '"':
                inner = '"""' if text.startswith('"""', i) else '"'
                stack.append(inner)
                i += len(inner)
            else:
                if c == "(":
                    stack.append("(")
                elif c == ")":
                    stack.pop()
                    if len(stack) == 1:
                        interps[interp_start] = i + 1
                i += 1
        return i, interps

    def dedent_prefix(self, cs: int, ce: int) -> str:
        """Julia's triple-quote indentation: the common blank prefix of the lines after the first.

        Blank lines do not count, except the last one (the line of the closing quotes).
        """
        text = self.text
        prefix: str | None = None
        nl = text.find("\n", cs, ce)
        while nl >= 0:
            ls = nl + 1
            nxt = text.find("\n", ls, ce)
            le = ce if nxt < 0 else nxt
            ws = ls
            while ws < le and text[ws] in " \t":
                ws += 1
            if ws < le or le == ce:
                if prefix is None:
                    prefix = text[ls:ws]
                else:
                    k = 0
                    while k < len(prefix) and ls + k < ws and prefix[k] == text[ls + k]:
                        k += 1
                    prefix = prefix[:k]
            nl = nxt
        return prefix or ""

    def read_string(self, i: int, prefix: str) -> tuple[object, int]:
        """A ``"…"``, ``\"\"\"…\"\"\"``, ``raw"…"`` or ``r"…"flags`` literal starting at ``i``."""
        text, n = self.text, self.n
        end, interps = self.string_end(i, raw=bool(prefix))
        q = 3 if text.startswith('"""', i) else 1
        cs, ce = i + q, end - q
        if prefix == "r":
            f = end
            while f < n and text[f] in "imsxa":
                f += 1
            return JuliaRegex(text[cs:ce], text[end:f]), f
        return self.unescape(cs, ce, triple=q == 3, raw=prefix == "raw", interps=interps), end

    def unescape(self, cs: int, ce: int, *, triple: bool, raw: bool, interps: dict[int, int]) -> str:
        """The string's value: dedent (triple quotes), escapes, interpolation kept or resolved."""
        text = self.text
        out: list[str] = []
        pending = bytearray()  # bytes of \x / octal escapes, decoded together as UTF-8
        pending_at = cs
        prefix = self.dedent_prefix(cs, ce) if triple else ""
        i = cs
        if triple and i < ce and text[i] == "\n":
            i += 1
            if prefix and text.startswith(prefix, i, ce):
                i += len(prefix)
        while i < ce:
            c = text[i]
            if c == "\\" and not raw:
                d = text[i + 1] if i + 1 < ce else ""
                if d in ("x", "0", "1", "2", "3", "4", "5", "6", "7"):
                    if not pending:
                        pending_at = i
                    i = self.byte_escape(i, ce, pending)
                    continue
                if pending:
                    out.append(self.flush(pending, pending_at))
                if d and d in _ESCAPES:
                    out.append(_ESCAPES[d])
                    i += 2
                elif d == "\n":  # line continuation: drop the newline and the next indentation
                    i += 2
                    while i < ce and text[i] in " \t":
                        i += 1
                elif d in ("u", "U"):
                    i = self.unicode_escape(i, ce, out)
                else:
                    raise _Fail(i, f"invalid escape sequence `\\{d}` in a string", end=i + 2,
                                hint="Julia rejects this escape: write `\\\\` for a backslash")
                continue
            if pending:
                out.append(self.flush(pending, pending_at))
            if c == "\\":  # raw string: backslashes are literal except before a quote
                j = i
                while j < ce and text[j] == "\\":
                    j += 1
                run = j - i
                if j < ce and text[j] == '"':
                    out.append("\\" * (run // 2) + ('"' if run % 2 else ""))
                    j += run % 2
                else:
                    out.append("\\" * (run if j < ce else run // 2))
                i = j
            elif c == "$" and not raw:
                i = self.interpolation(i, ce, interps, out)
            else:
                out.append(c)
                i += 1
                if c == "\n" and prefix and text.startswith(prefix, i, ce):
                    i += len(prefix)
        if pending:
            out.append(self.flush(pending, pending_at))
        return "".join(out)

    def byte_escape(self, i: int, ce: int, pending: bytearray) -> int:
        text = self.text
        hexa = text[i + 1] == "x"
        j = i + 2 if hexa else i + 1
        k = j
        digits = "0123456789abcdefABCDEF" if hexa else "01234567"
        while k < ce and k - j < (2 if hexa else 3) and text[k] in digits:
            k += 1
        value = int(text[j:k], 16 if hexa else 8) if k > j else -1
        if not 0 <= value <= 0xFF:
            end = max(k, i + 2)
            raise _Fail(i, f"invalid escape sequence `{text[i:end]}` in a string", end=end)
        pending.append(value)
        return k

    def flush(self, pending: bytearray, at: int) -> str:
        try:
            value = pending.decode("utf-8")
        except UnicodeDecodeError:
            raise _Fail(at, "these byte escapes do not form valid UTF-8 text",
                        hint="write the character itself or a \\u escape") from None
        pending.clear()
        return value

    def unicode_escape(self, i: int, ce: int, out: list[str]) -> int:
        text = self.text
        width = 4 if text[i + 1] == "u" else 8
        j = k = i + 2
        while k < ce and k - j < width and text[k] in "0123456789abcdefABCDEF":
            k += 1
        code = int(text[j:k], 16) if k > j else -1
        if not 0 <= code <= 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            end = max(k, i + 2)
            raise _Fail(i, f"invalid escape sequence `{text[i:end]}` in a string", end=end)
        out.append(chr(code))
        return k

    def interpolation(self, i: int, ce: int, interps: dict[int, int], out: list[str]) -> int:
        """``$name`` / ``$(…)``: the value of a name set earlier in the block, else the text as written."""
        text = self.text
        if text.startswith("(", i + 1):
            end = interps[i]
            name = text[i + 2:end - 1].strip()
        elif i + 1 < ce and _ident_start(text[i + 1]):
            end = min(self.ident_end(i + 1), ce)
            name = text[i + 1:end]
        else:
            raise _Fail(i, "invalid interpolation syntax: `$` must be followed by a name or `(`",
                        hint="write `\\$` for a literal dollar sign")
        if self.scope is not None and name in self.scope:
            out.append(to_julia_string(self.scope[name]))
        else:
            out.append(text[i:end])
            self.notes.append((i, end))
        return end

    # ---- numbers

    def read_number(self, i: int) -> tuple[object, int]:
        text = self.text
        m = _NUMBER.match(text, i)
        assert m is not None  # the caller saw a digit, or "." and a digit
        j = m.end()
        if j < self.n and (_ident_char(text[j]) or text[j] in '."(['):
            raise _Fail(j, f"unexpected {self.describe(j)} right after the number `{m.group()}`",
                        hint=HINT + " (Julia reads `2x` as a product)")
        s = m.group().replace("_", "")
        if s[:2] in ("0x", "0b", "0o"):
            return int(s[2:], {"x": 16, "b": 2, "o": 8}[s[1]]), j
        if any(c in s for c in ".eEf"):
            return float(s.replace("f", "e")), j
        return int(s, 10), j

    # ---- expressions

    def expression(self, i: int) -> tuple[object, int]:
        """Read one expression at ``i``; return its value and the offset just after it.

        The top level ends at a line break, ``;`` or anything that cannot continue
        the expression; the caller decides whether what follows is acceptable.
        """
        text, n = self.text, self.n
        stack = [_Frame("top", i)]
        operand = True
        while True:
            f = stack[-1]
            if operand:
                i = self.skip(i, newlines=True)
                if i >= n:
                    if f.kind != "top":
                        raise _unclosed(f)
                    raise _Fail(i, "expected a value, found the end of the text")
                c = text[i]
                if c in "+-":
                    f.signs.append((c, i))
                    i += 1
                    continue
                if c in "])" and f.kind != "top" and not f.ops and not f.signs:
                    if c != _CLOSER[f.kind]:
                        raise _Fail(i, f"expected a value or `{_CLOSER[f.kind]}`, found `{c}`")
                    value, i = self.close(stack, i)
                    stack[-1].operands.append((self.signed(stack[-1], value), f.start))
                    operand = False
                    continue
                start = i
                value, i, opened = self.operand(f, i)
                if opened is not None:
                    stack.append(opened)
                    continue
                f.operands.append((self.signed(f, value), start))
                operand = False
                continue
            # operator position: i is just after the last token read
            if f.kind == "top":
                j = self.skip(i, newlines=False)
            elif f.kind == "[":
                j = self.skip(i, newlines=False)
                if j < n and text[j] == "\n":
                    k = self.skip(j, newlines=True)
                    if f.sep == "," or k >= n or text[k] in ",]":
                        j = k
                    else:  # a line break between items is Julia's `;` (vertical concatenation)
                        self.separate(f, ";", j)
                        i, operand = k, True
                        continue
            else:
                j = self.skip(i, newlines=True)
            if j >= n:
                if f.kind == "top":
                    return self.finish(f), i
                raise _unclosed(f)
            c = text[j]
            if c == "," or (c == ";" and f.kind == "["):
                self.separate(f, c, j)
                i, operand = j + 1, True
            elif c in ";\n":
                if f.kind != "top":
                    raise _Fail(j, "cannot read `;` inside parentheses: it separates Julia statements")
                return self.finish(f), i
            elif c in ")]":
                if f.kind == "top" or c != _CLOSER[f.kind]:
                    want = "the end of the value" if f.kind == "top" else f"`{_CLOSER[f.kind]}`"
                    raise _Fail(j, f"expected {want}, found `{c}`")
                value, i = self.close(stack, j)
                stack[-1].operands.append((self.signed(stack[-1], value), f.start))
            elif text.startswith("=>", j):
                self.push_op(f, "=>", j)
                i, operand = j + 2, True
            elif (c == "*" or c == ":") and not text.startswith(("*=", "::", ":="), j):
                self.push_op(f, c, j)
                i, operand = j + 1, True
            elif c in "[(" and j == i:
                raise _Fail(j, f"cannot read `{c}` right after a value: indexing and calls are Julia code")
            elif c in _OPERATORS:
                op_end = j + 1
                while op_end < n and text[op_end] in _OPERATORS and op_end - j < 3:
                    op_end += 1
                hint = HINT
                if c == "-" and f.operands and _ISO_SHAPE.match(text, f.operands[-1][1]):
                    hint = 'Julia reads 2021-12-01 as a subtraction: write Date(2021, 12, 1) or "2021-12-01"'
                raise _Fail(j, f"cannot read the operator `{text[j:op_end]}`: only `=>`, `*` between "
                               "strings and `a:b` ranges are read", end=op_end, hint=hint)
            elif f.kind == "top":
                return self.finish(f), i
            elif text.startswith("for", j) and self.ident_end(j) == j + 3:
                raise _Fail(j, "cannot read a comprehension (`… for … in …`)", end=j + 3)
            elif f.kind == "[" and j > i and "\n" not in text[i:j]:
                raise _Fail(j, f"expected `,` or `]`, found {self.describe(j)}: space-separated items "
                               "make a Julia matrix, which is not read",
                            hint="separate vector items with commas")
            else:
                raise _Fail(j, f"expected `,` or `{_CLOSER[f.kind]}`, found {self.describe(j)}")

    def operand(self, f: _Frame, i: int) -> tuple[object, int, _Frame | None]:
        """Read a literal at ``i``, or open a bracket (returned as a new frame)."""
        text, n = self.text, self.n
        c = text[i]
        if c == '"':
            value, j = self.read_string(i, "")
            return value, j, None
        if "0" <= c <= "9" or (c == "." and i + 1 < n and "0" <= text[i + 1] <= "9"):
            value, j = self.read_number(i)
            return value, j, None
        if c == ":" and i + 1 < n and _ident_start(text[i + 1]):
            j = self.ident_end(i + 1)
            return Symbol(text[i + 1:j]), j, None
        if c == "[":
            return None, i + 1, _Frame("[", i)
        if c == "(":
            return None, i + 1, _Frame("(", i)
        if c == "'":
            raise _Fail(i, "cannot read `'…'`: that is a Julia character, not a string",
                        hint='write text between double quotes: "…"')
        if not _ident_start(c):
            raise _Fail(i, f"expected a value, found {self.describe(i)}")
        j = self.qualified_end(i)
        name = text[i:j]
        if j < n and text[j] == '"':
            if name in ("raw", "r"):
                value, k = self.read_string(j, name)
                return value, k, None
            raise _Fail(i, f"cannot read the string macro `{name}\"…\"`", end=j + 1)
        if name in _CONSTANTS:
            return _CONSTANTS[name], j, None
        k = self.braces_end(j) if j < n and text[j] == "{" else j
        if k < n and text[k] == "(":
            if name not in _CALLS:
                raise _Fail(i, f"cannot read the call `{text[i:k]}(…)`: only Date, DateTime, Dict "
                               "and get(ENV, …) are read", end=k)
            return None, k + 1, _Frame("call", i, name=_CALLS[name])
        if k < n and text[k] == "[" and name[0].isupper():
            eltype = re.sub(r"\s*,\s*", ", ", text[i:k].replace(" ", ""))
            return None, k + 1, _Frame("[", i, name=eltype)
        if name == "ENV" and f.kind == "call" and f.name == "get" and not f.items and not f.operands:
            return _ENV, j, None
        after = self.skip(j, newlines=False)
        keyword = text.startswith("=", after) and not text.startswith(("==", "=>"), after)
        if keyword and f.kind in ("(", "call"):
            raise _Fail(i, f"cannot read `{name} = …` inside parentheses: named tuples and keyword "
                           "arguments are not read", end=j)
        raise _Fail(i, f"cannot read the name `{name}`: it is a Julia variable, not a literal", end=j)

    def signed(self, f: _Frame, value: object) -> object:
        """Apply the unary ``-``/``+`` read before ``value`` (numbers only)."""
        while f.signs:
            sign, pos = f.signs.pop()
            if not isinstance(value, (int, float)):
                raise _Fail(pos, f"cannot read unary `{sign}` before a value of type {_kind(value)}: "
                                 "only numbers take a sign")
            value = -value if sign == "-" else +value
        return value

    def push_op(self, f: _Frame, op: str, pos: int) -> None:
        prec = _PREC[op]
        while f.ops and (_PREC[f.ops[-1][0]] > prec or (_PREC[f.ops[-1][0]] == prec and op != "=>")):
            self.reduce(f)
        f.ops.append((op, pos))

    def reduce(self, f: _Frame) -> None:
        op, pos = f.ops.pop()
        right, _ = f.operands.pop()
        left, start = f.operands.pop()
        f.operands.append((self.combine(op, pos, left, right), start))

    def combine(self, op: str, pos: int, left: object, right: object) -> object:
        if op == "=>":
            return Pair(self.value(left, pos), self.value(right, pos))
        if op == "*":
            if type(left) is str and type(right) is str:
                return left + right
            raise _Fail(pos, f"cannot read `*` between {_kind(left)} and {_kind(right)}: only "
                             "strings are joined")
        ints = isinstance(right, int) and not isinstance(right, bool)
        if isinstance(left, _Range) and left.step is None and ints:
            assert isinstance(right, int)
            return _Range(left.start, right, left.stop)
        if isinstance(left, int) and not isinstance(left, bool) and ints:
            assert isinstance(right, int)
            return _Range(left, right, None)
        raise _Fail(pos, "cannot read this range: only integer ranges `a:b` and `a:s:b` are read")

    def value(self, v: object, pos: int) -> object:
        """Turn a pending range into the list it stands for."""
        if not isinstance(v, _Range):
            return v
        step = 1 if v.step is None else v.step
        if step == 0:
            raise _Fail(pos, "cannot read a range with a step of 0")
        r = range(v.start, v.stop + (1 if step > 0 else -1), step)
        if len(r) > _MAX_RANGE:
            raise _Fail(pos, f"this range has {len(r)} items; at most {_MAX_RANGE} are read")
        return list(r)

    def finish_item(self, f: _Frame) -> tuple[object, int]:
        while f.ops:
            self.reduce(f)
        value, start = f.operands.pop()
        return self.value(value, start), start

    def separate(self, f: _Frame, sep: str, pos: int) -> None:
        if f.kind == "[" and f.sep and f.sep != sep:
            raise _Fail(pos, "cannot mix `,` with `;` or line breaks between the items of one vector")
        f.sep = sep
        value, start = self.finish_item(f)
        f.items.append(value)
        f.starts.append(start)

    def finish(self, f: _Frame) -> object:
        """The value of the whole top-level expression (``a, b`` is a tuple, as in Julia)."""
        value, _ = self.finish_item(f)
        if f.sep:
            f.items.append(value)
            return tuple(f.items)
        return value

    def close(self, stack: list[_Frame], pos: int) -> tuple[object, int]:
        """Close the innermost bracket at ``pos``; return its value and the offset after it."""
        f = stack.pop()
        if f.operands:
            value, start = self.finish_item(f)
            f.items.append(value)
            f.starts.append(start)
        if f.kind == "(":
            if len(f.items) == 1 and f.sep != ",":
                return f.items[0], pos + 1
            return tuple(f.items), pos + 1
        if f.kind == "call":
            return self.call(f), pos + 1
        items: list[object] = []
        if f.sep == ";":
            for item in f.items:
                if isinstance(item, list):
                    items.extend(item)
                else:
                    items.append(item)
        else:
            items = f.items
        items = _promote(items)
        return (self.typed(f, items) if f.name else items), pos + 1

    def typed(self, f: _Frame, items: list[object]) -> TypedVector:
        """``T[…]``: check and convert the items as Julia's ``convert(T, x)`` would."""
        convert = _CONVERT.get(f.name)
        if convert is None:
            return TypedVector(f.name, items)
        out: list[object] = []
        for k, item in enumerate(items):
            value = convert(item)
            if value is None:
                at = f.starts[k] if f.sep != ";" else f.start
                raise _Fail(at, f"cannot put a value of type {_kind(item)} in a {f.name}[…] vector")
            out.append(value)
        return TypedVector("Int64" if f.name == "Int" else f.name, out)

    def call(self, f: _Frame) -> object:
        args, starts = f.items, f.starts
        if f.name == "Dict":
            out: dict[object, object] = {}
            for arg, at in zip(args, starts, strict=True):
                if not isinstance(arg, Pair):
                    raise _Fail(at, f"Dict(…) takes `key => value` pairs, found a value of type {_kind(arg)}")
                try:
                    out[arg.first] = arg.second
                except TypeError:
                    raise _Fail(at, f"cannot use a value of type {_kind(arg.first)} as a Dict key") from None
            return out
        if f.name == "get":
            if len(args) != 3 or args[0] is not _ENV or type(args[1]) is not str:
                raise _Fail(f.start, 'only get(ENV, "NAME", default) is read', end=f.start + 3)
            return args[2]
        return self.date(f)

    def date(self, f: _Frame) -> object:
        """``Date(y, m, d)``, ``Date("yyyy-mm-dd")``, ``DateTime(…)``; never today's date."""
        args, name = f.items, f.name
        nums: list[int] = []
        if len(args) == 1 and type(args[0]) is str:
            m = (_ISO_DATE if name == "Date" else _ISO_DATETIME).fullmatch(args[0])
            if m is None:
                shape = "yyyy-mm-dd" if name == "Date" else "yyyy-mm-ddTHH:MM:SS"
                raise _Fail(f.starts[0], f'{name}("{args[0]}") is not a date written {shape}')
            nums = [int(g) for g in m.groups() if g is not None]
            if len(nums) == 7:
                nums[6] = int(m.group(7).ljust(3, "0"))
        else:
            for arg, at in zip(args, f.starts, strict=True):
                if not isinstance(arg, int) or isinstance(arg, bool):
                    raise _Fail(at, f'{name}(…) takes integers (year, month, day, …) or one "yyyy-mm-dd" '
                                    f"string, found a value of type {_kind(arg)}")
                nums.append(arg)
            if not 1 <= len(nums) <= _DATE_ARITY[name]:
                raise _Fail(f.start, f"{name}(…) takes 1 to {_DATE_ARITY[name]} integers, found {len(nums)}",
                            end=f.start + len(name))
        y, mo, d, hh, mi, ss, ms = [*nums, *[1, 1, 0, 0, 0, 0][len(nums) - 1:]][:7]
        try:
            if name == "Date":
                return _dt.date(y, mo, d)
            return _dt.datetime(y, mo, d, hh, mi, ss, ms * 1000)
        except (ValueError, OverflowError) as e:
            raise _Fail(f.start, f"{name}{tuple(nums)} is not a valid date: {e}",
                        end=f.start + len(name)) from None

    # ---- statements (``+++`` blocks)

    def statement_end(self, i: int) -> int | None:
        """Where a Julia statement starting at ``i`` ends (a line break outside brackets,
        strings and ``… end`` blocks); ``None`` when it never ends.  Used to resume reading."""
        text, n = self.text, self.n
        depth = blocks = 0
        prev = "\n"
        while i < n:
            c = text[i]
            try:
                if c == '"':
                    i, _ = self.string_end(i, raw=False)
                    prev = '"'
                    continue
                if c == "#":
                    i = self.skip(i, newlines=False)
                    continue
            except _Fail:
                return None
            if c == "\n":
                if not depth and not blocks and prev not in _CONTINUES:
                    return i
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                depth = max(0, depth - 1)
            elif _ident_start(c):
                j = self.ident_end(i)
                word = text[i:j]
                if not depth and word in _BLOCK_OPENERS:
                    blocks += 1
                elif not depth and word == "end" and blocks:
                    blocks -= 1
                i, prev = j, "a"
                continue
            elif c == "'" and not (_ident_char(prev) or prev in ")]}\"'"):
                close = text.find("'", i + 2, i + 12)
                if close > 0:
                    i, prev = close + 1, "'"
                    continue
            if c not in " \t\r\n":
                prev = c
            i += 1
        return None if depth or blocks else n


def _unclosed(f: _Frame) -> _Fail:
    bracket = "[" if f.kind == "[" else "("
    what = f.name + bracket
    return _Fail(f.start, f"this `{what}` is never closed", end=f.start + len(what),
                 hint=f"close it with `{_CLOSER[f.kind]}`")


def _promote(items: list[object]) -> list[object]:
    """Julia promotes the numbers of a vector literal to one type (``[1, 2.5]`` is ``[1.0, 2.5]``)."""
    nums = [x for x in items if isinstance(x, (int, float))]
    kinds = {type(x) for x in nums}
    if len(nums) < len(items) or len(kinds) < 2:
        return items
    out: list[object] = [float(x) if float in kinds else int(x) for x in nums]
    return out


def _kind(v: object) -> str:
    """A short Julia-flavoured name of a value's type, for messages."""
    if isinstance(v, _Env):
        return "variable"
    return _jtype(v)[0]


# --------------------------------------------------------------------------- diagnostics


def _diagnostic(
    fail: _Fail,
    reader: _Reader,
    offset: int,
    source: Source | None,
    *,
    code: str = "FC201",
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    """Locate ``fail`` in the document (through ``source``) or else in the reader's text itself."""
    start = min(fail.pos, reader.n)
    end = max(start, min(fail.end, reader.n))
    if source is not None:
        line, col = source.position(offset + start)
        end_line, end_col = source.position(offset + end)
    else:
        line, col = reader.position(start)
        end_line, end_col = reader.position(end)
    return Diagnostic(
        code=code,
        message=fail.message,
        severity=severity,
        path=source.path if source is not None else None,
        line=line,
        col=col,
        end_line=end_line,
        end_col=end_col,
        hint=fail.hint,
        offset=offset + start,
    )


def _note_diagnostic(
    reader: _Reader, note: tuple[int, int], offset: int, source: Source | None
) -> Diagnostic:
    start, end = note
    written = reader.text[start:end]
    fail = _Fail(
        start,
        f"cannot evaluate the interpolation `{written}`: the text is kept as written",
        end=end,
        hint="Franklin evaluates `$…` inside strings; define the name earlier in the same `+++` "
        "block, or write `\\$` for a literal dollar sign",
    )
    return _diagnostic(fail, reader, offset, source, code="FC203", severity=Severity.WARNING)


# --------------------------------------------------------------------------- public reading API


def parse_value(expr: str, *, offset: int = 0, source: Source | None = None) -> object:
    """Read one Julia literal; anything else raises :class:`FranklinSyntaxError` (``FC201``).

    ``offset`` is where ``expr`` starts in ``source``, so errors point into the document.
    String interpolation cannot be evaluated here and is kept as written.
    """
    reader = _Reader(expr)
    try:
        value, end = reader.expression(reader.skip(0, newlines=True))
        rest = reader.skip(end, newlines=True)
        if rest < len(expr):
            raise _Fail(rest, f"expected the end of the value, found {reader.describe(rest)}")
    except _Fail as fail:
        diag = _diagnostic(fail, reader, offset, source)
        raise FranklinSyntaxError(diag.code, diag.message, diagnostic=diag) from None
    return value


def read_def(
    line_text: str, *, offset: int, source: Source | None = None
) -> tuple[Assignment | None, Diagnostic | None]:
    """Read one ``@def name = value`` (``line_text`` is what follows ``@def ``).

    Like Franklin, everything from ``<!--`` on is cut first and only the first
    expression counts; an empty value is Julia's ``nothing``.  A wrong shape is
    Franklin's ``FC202`` warning, an unreadable value an ``FC201`` error; text
    after the value (``FC204``) and unevaluated interpolation (``FC203``) are
    warnings that still return the assignment.
    """
    cut = line_text.find("<!--")
    text = line_text if cut < 0 else line_text[:cut]
    reader = _Reader(text)
    i = 0
    while i < len(text) and text[i] in " \t":
        i += 1
    name_end = reader.ident_end(i)
    j = name_end
    while j < len(text) and text[j] in " \t":
        j += 1
    if name_end == i or not text.startswith("=", j) or text.startswith(("==", "=>"), j):
        shape = _Fail(i, DEF_SHAPE_WARNING, end=max(i + 1, name_end), hint="write `@def name = value`")
        return None, _diagnostic(shape, reader, offset, source, code="FC202", severity=Severity.WARNING)
    name = text[i:name_end]
    try:
        k = reader.skip(j + 1, newlines=True)
        if k >= len(text):
            span = Span(offset + i, offset + j + 1)
            return Assignment(name, None, "", span, Span(offset + j + 1, offset + j + 1)), None
        value, end = reader.expression(k)
        rest = reader.skip(end, newlines=True)
    except _Fail as fail:
        return None, _diagnostic(fail, reader, offset, source)
    span, value_span = Span(offset + i, offset + end), Span(offset + k, offset + end)
    assignment = Assignment(name, value, text[k:end], span, value_span)
    if reader.notes:
        return assignment, _note_diagnostic(reader, reader.notes[0], offset, source)
    if rest < len(text):
        extra = _Fail(rest, f"text after the value is ignored: {reader.describe(rest)}…",
                      end=len(text.rstrip()), hint="Franklin reads only the first expression of an `@def`")
        return assignment, _diagnostic(extra, reader, offset, source, code="FC204", severity=Severity.WARNING)
    return assignment, None


def read_toml_block(
    body: str, *, offset: int, source: Source | None = None
) -> tuple[list[Assignment], list[Diagnostic]]:
    """Read the ``name = value`` statements between two ``+++`` lines.

    ``#`` and ``#= … =#`` comments, blank lines and ``using``/``import`` lines are
    skipped.  ``$name`` in a string takes the value of a name set earlier in the
    block, as when Julia runs it.  A statement that cannot be read gives an
    ``FC201`` error and reading resumes after it, so every problem is reported.
    """
    scope: dict[str, object] = {}
    reader = _Reader(body, scope)
    n = len(body)
    assignments: list[Assignment] = []
    diagnostics: list[Diagnostic] = []
    skim = True  # false once a statement never ended: resume line by line from then on
    i = 0
    while True:
        try:
            i = reader.skip(i, newlines=True)
        except _Fail as fail:  # an unclosed `#=` swallows the rest of the block
            diagnostics.append(_diagnostic(fail, reader, offset, source))
            break
        if i < n and body[i] == ";":
            i += 1
            continue
        if i >= n:
            break
        start = i
        reader.notes.clear()
        try:
            word_end = reader.ident_end(i)
            word = body[i:word_end]
            if word in ("using", "import"):
                end = reader.statement_end(start)
                i = end if end is not None else _line_end(body, start)
                continue
            if word in _KEYWORDS:
                raise _Fail(start, f"cannot read Julia code (`{word} …`): only `name = value` lines are read",
                            end=word_end)
            if not word:
                raise _Fail(i, f"expected `name = value`, found {reader.describe(i)}")
            j = reader.skip(word_end, newlines=False)
            if not body.startswith("=", j) or body.startswith(("==", "=>"), j):
                raise _Fail(j, f"expected `=` after `{word}`, found {reader.describe(j)}")
            k = reader.skip(j + 1, newlines=True)
            value, end = reader.expression(k)
            after = reader.skip(end, newlines=False)
            if after < n and body[after] not in "\n;":
                raise _Fail(after, f"expected a line break after the value of `{word}`, found "
                                   f"{reader.describe(after)}")
        except _Fail as fail:
            diagnostics.append(_diagnostic(fail, reader, offset, source))
            resume = reader.statement_end(start) if skim else None
            skim = resume is not None
            i = resume if resume is not None else _line_end(body, start)
            continue
        scope[word] = value
        span, value_span = Span(offset + start, offset + end), Span(offset + k, offset + end)
        assignments.append(Assignment(word, value, body[k:end], span, value_span))
        diagnostics.extend(_note_diagnostic(reader, note, offset, source) for note in reader.notes)
        i = after
    return assignments, diagnostics


def _line_end(text: str, i: int) -> int:
    nl = text.find("\n", i)
    return len(text) if nl < 0 else nl


# --------------------------------------------------------------------------- Julia's string()


def to_julia_string(value: object) -> str:
    """What Julia's ``string(value)`` prints; ``{{fill x}}`` inserts exactly this."""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, _dt.datetime):
        return _datetime_text(value)
    if isinstance(value, _dt.date):
        return _date_text(value)
    return _show(value)


def _show(v: object) -> str:
    """Julia's ``show``/``repr``, as used for the items of a container."""
    if v is None:
        return "nothing"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, Symbol):
        name = str.__str__(v)
        ok = bool(name) and _ident_start(name[0]) and all(_ident_char(c) for c in name)
        return f":{name}" if ok else f"Symbol({_show_str(name)})"
    if isinstance(v, str):
        return _show_str(v)
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _show_float(v)
    if isinstance(v, _dt.datetime):
        return f'DateTime("{_datetime_text(v)}")'
    if isinstance(v, _dt.date):
        return f'Date("{_date_text(v)}")'
    if isinstance(v, JuliaRegex):
        return f'r"{v.pattern}"{v.flags}'
    if isinstance(v, Pair):
        first = _show(v.first)
        return f"{f'({first})' if isinstance(v.first, Pair) else first} => {_show(v.second)}"
    if isinstance(v, tuple):
        inner = ", ".join(_show(x) for x in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    if isinstance(v, list):
        return _show_vector(v)
    if isinstance(v, dict):
        keys, values = _eltype(list(v)), _eltype(list(v.values()))
        head = "Dict" if v and keys[1] and values[1] else f"Dict{{{keys[0]}, {values[0]}}}"
        return head + "(" + ", ".join(f"{_show(k)} => {_show(x)}" for k, x in v.items()) + ")"
    return str(v)


def _show_vector(v: list[object]) -> str:
    """Julia omits the element type only when the literal would infer it (``typeinfo_prefix``)."""
    name, implicit = _eltype(v)
    if isinstance(v, TypedVector) and v.eltype != name:
        name, implicit = v.eltype, v.eltype in _IMPLICIT
    prefix = "" if v and implicit else name
    if name == "Bool":
        items = ["1" if x else "0" for x in v]
    elif name == "Float64":  # a Julia Float64 vector holds floats only
        items = [_show(float(x)) if isinstance(x, (int, float)) else _show(x) for x in v]
    else:
        items = [_show(x) for x in v]
    return prefix + "[" + ", ".join(items) + "]"


_IMPLICIT = frozenset({"Int64", "Float64", "String", "Symbol", "Nothing"})


def _jtype(v: object) -> tuple[str, bool]:
    """Julia's type name for ``v`` and whether ``show`` can leave it implicit."""
    if v is None:
        return "Nothing", True
    simple = (
        (bool, "Bool"), (Symbol, "Symbol"), (str, "String"), (int, "Int64"), (float, "Float64"),
        (_dt.datetime, "DateTime"), (_dt.date, "Date"), (JuliaRegex, "Regex"),
    )
    for cls, name in simple:
        if isinstance(v, cls):
            return name, name in _IMPLICIT
    if isinstance(v, Pair):
        (a, ia), (b, ib) = _jtype(v.first), _jtype(v.second)
        return f"Pair{{{a}, {b}}}", ia and ib
    if isinstance(v, tuple):
        parts = [_jtype(x) for x in v]
        return "Tuple{" + ", ".join(p[0] for p in parts) + "}", all(p[1] for p in parts)
    if isinstance(v, list):
        el, implicit = (v.eltype, v.eltype in _IMPLICIT) if isinstance(v, TypedVector) else _eltype(v)
        return f"Vector{{{el}}}", implicit
    if isinstance(v, dict):
        return f"Dict{{{_eltype(list(v))[0]}, {_eltype(list(v.values()))[0]}}}", False
    return type(v).__name__, False


def _eltype(values: list[object]) -> tuple[str, bool]:
    """The element type Julia infers for a vector literal of ``values``."""
    types = {_jtype(x) for x in values}
    names = {t[0] for t in types}
    if len(types) == 1:
        return types.pop()
    if names and names <= {"Bool", "Int64", "Float64"}:
        return ("Float64", True) if "Float64" in names else ("Int64", True)
    if len(names) == 2 and "Nothing" in names:
        return f"Union{{Nothing, {(names - {'Nothing'}).pop()}}}", False
    return "Any", False


def _show_str(s: str) -> str:
    """Julia's quoted form of a string: escapes ``"``, ``\\``, ``$`` and control characters."""
    out = ['"']
    for k, c in enumerate(s):
        if c in '"$\\':
            out.append("\\" + c)
        elif c == "\0":
            out.append("\\x00" if s[k + 1:k + 2].isdigit() else "\\0")
        elif c == "\x1b":
            out.append("\\e")
        elif "\a" <= c <= "\r":
            out.append("\\" + "abtnvfr"[ord(c) - 7])
        elif c.isprintable() or unicodedata.category(c) == "Zs":
            out.append(c)
        elif ord(c) < 0x80:
            out.append(f"\\x{ord(c):02x}")
        elif ord(c) <= 0xFFFF:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(f"\\U{ord(c):08x}")
    out.append('"')
    return "".join(out)


def _show_float(x: float) -> str:
    """Julia's shortest float form: ``0.5``, ``1.0``, ``1.0e-5``, ``1.0e6``, ``Inf``."""
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Inf" if x > 0 else "-Inf"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign, digits, exponent = Decimal(repr(x)).as_tuple()
    assert isinstance(exponent, int)
    ds = "".join(map(str, digits)).lstrip("0")
    stripped = ds.rstrip("0")
    exponent += len(ds) - len(stripped)
    ds = stripped
    point = len(ds) + exponent  # digits before the decimal point
    if -4 < point <= 6:
        if point <= 0:
            text = "0." + "0" * -point + ds
        elif point >= len(ds):
            text = ds + "0" * (point - len(ds)) + ".0"
        else:
            text = ds[:point] + "." + ds[point:]
    else:
        text = f"{ds[0]}.{ds[1:] or '0'}e{point - 1}"
    return ("-" if sign else "") + text


def _date_text(d: _dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"


def _datetime_text(d: _dt.datetime) -> str:
    text = f"{_date_text(d)}T{d.hour:02d}:{d.minute:02d}:{d.second:02d}"
    return text + f".{d.microsecond // 1000:03d}" if d.microsecond >= 1000 else text


# --------------------------------------------------------------------------- dates in any form

_DEFAULT_A = _dt.datetime(2000, 1, 1)
_DEFAULT_B = _dt.datetime(2001, 2, 2)


def parse_date(value: object) -> _dt.date | None:
    """A date from a ``Date`` or from text as posts write it ("1 December 2021", "Dec 1, 2021").

    The text is parsed against two different fixed defaults: if the results
    differ, the text lacks a year, month or day and nothing is guessed.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        a = _dateparser.parse(value, default=_DEFAULT_A)
        b = _dateparser.parse(value, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        return None
    return a.date() if a.date() == b.date() else None
