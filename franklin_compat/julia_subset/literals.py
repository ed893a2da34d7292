"""A safe reader of Julia literals: the values ``+++`` blocks, ``@def`` lines and ``config.md`` write.

Nothing here evaluates code: strings, numbers, booleans, vectors, tuples, pairs,
``Dict``, ``Date``, ranges and ``get(ENV, …)`` are read; anything else -- a
variable, a call, a comprehension, arithmetic -- is a :class:`~.scan.ReadFailure`
at the exact character.  Brackets nest through an explicit stack, so reading is
linear in the text and never recurses on nesting depth.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core.dictorder import sized_table
from ..core.lazy_re import lazy_compile
from .scan import HINT, ReadFailure, Scanner
from .show import julia_type
from .values import MAX_VALUE_DEPTH, Pair, SizedDict, Symbol, TypedVector, ident_char, ident_start, too_deep

__all__ = ["KEYWORDS", "LiteralReader"]


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
KEYWORDS = _BLOCK_OPENERS - {"do"} | {"mutable", "const", "global", "local", "abstract", "primitive",
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
_ISO_DATE = lazy_compile(r"(\d{1,4})-(\d{1,2})-(\d{1,2})")
_ISO_DATETIME = lazy_compile(
    r"(\d{1,4})-(\d{1,2})-(\d{1,2})(?:T(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3}))?)?)?"
)
_ISO_SHAPE = lazy_compile(r"\d+-\d+-\d+")
_MAX_RANGE = 100_000
_DEEP_HINT = "page variables nest a few levels; split this value into several variables"


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


class LiteralReader(Scanner):
    """The explicit-stack expression reader."""

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
                    raise ReadFailure(i, "expected a value, found the end of the text")
                c = text[i]
                if c in "+-":
                    f.signs.append((c, i))
                    i += 1
                    continue
                if c in "])" and f.kind != "top" and not f.ops and not f.signs:
                    if c != _CLOSER[f.kind]:
                        raise ReadFailure(i, f"expected a value or `{_CLOSER[f.kind]}`, found `{c}`")
                    value, i = self.close(stack, i)
                    stack[-1].operands.append((self.signed(stack[-1], value), f.start))
                    operand = False
                    continue
                start = i
                value, i, opened = self.operand(f, i)
                if opened is not None:
                    if len(stack) > MAX_VALUE_DEPTH:
                        raise ReadFailure(start, f"cannot read a value nested more than {MAX_VALUE_DEPTH} "
                                          "brackets deep", end=start + 1, hint=_DEEP_HINT)
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
                    raise ReadFailure(j, "cannot read `;` inside parentheses: it separates Julia statements")
                return self.finish(f), i
            elif c in ")]":
                if f.kind == "top" or c != _CLOSER[f.kind]:
                    want = "the end of the value" if f.kind == "top" else f"`{_CLOSER[f.kind]}`"
                    raise ReadFailure(j, f"expected {want}, found `{c}`")
                value, i = self.close(stack, j)
                stack[-1].operands.append((self.signed(stack[-1], value), f.start))
            elif text.startswith("=>", j):
                self.push_op(f, "=>", j)
                i, operand = j + 2, True
            elif (c == "*" or c == ":") and not text.startswith(("*=", "::", ":="), j):
                self.push_op(f, c, j)
                i, operand = j + 1, True
            elif c in "[(" and j == i:
                raise ReadFailure(
                    j, f"cannot read `{c}` right after a value: indexing and calls are Julia code")
            elif c in _OPERATORS:
                op_end = j + 1
                while op_end < n and text[op_end] in _OPERATORS and op_end - j < 3:
                    op_end += 1
                hint = HINT
                if c == "-" and f.operands and _ISO_SHAPE.match(text, f.operands[-1][1]):
                    hint = 'Julia reads 2021-12-01 as a subtraction: write Date(2021, 12, 1) or "2021-12-01"'
                raise ReadFailure(j, f"cannot read the operator `{text[j:op_end]}`: only `=>`, `*` between "
                               "strings and `a:b` ranges are read", end=op_end, hint=hint)
            elif f.kind == "top":
                return self.finish(f), i
            elif text.startswith("for", j) and self.ident_end(j) == j + 3:
                raise ReadFailure(j, "cannot read a comprehension (`… for … in …`)", end=j + 3)
            elif f.kind == "[" and j > i and "\n" not in text[i:j]:
                raise ReadFailure(j, f"expected `,` or `]`, found {self.describe(j)}: space-separated items "
                               "make a Julia matrix, which is not read",
                                  hint="separate vector items with commas")
            else:
                raise ReadFailure(j, f"expected `,` or `{_CLOSER[f.kind]}`, found {self.describe(j)}")

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
        if c == ":" and i + 1 < n and ident_start(text[i + 1]):
            j = self.ident_end(i + 1)
            return Symbol(text[i + 1:j]), j, None
        if c == "[":
            return None, i + 1, _Frame("[", i)
        if c == "(":
            return None, i + 1, _Frame("(", i)
        if c == "'":
            raise ReadFailure(i, "cannot read `'…'`: that is a Julia character, not a string",
                              hint='write text between double quotes: "…"')
        if not ident_start(c):
            raise ReadFailure(i, f"expected a value, found {self.describe(i)}")
        j = self.qualified_end(i)
        name = text[i:j]
        if j < n and text[j] == '"':
            if name in ("raw", "r"):
                value, k = self.read_string(j, name)
                return value, k, None
            raise ReadFailure(i, f"cannot read the string macro `{name}\"…\"`", end=j + 1)
        if name in _CONSTANTS:
            return _CONSTANTS[name], j, None
        k = self.braces_end(j) if j < n and text[j] == "{" else j
        if k < n and text[k] == "(":
            if name not in _CALLS:
                raise ReadFailure(i, f"cannot read the call `{text[i:k]}(…)`: only Date, DateTime, Dict "
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
            raise ReadFailure(i, f"cannot read `{name} = …` inside parentheses: named tuples and keyword "
                           "arguments are not read", end=j)
        raise ReadFailure(i, f"cannot read the name `{name}`: it is a Julia variable, not a literal", end=j)

    def signed(self, f: _Frame, value: object) -> object:
        """Apply the unary ``-``/``+`` read before ``value`` (numbers only)."""
        while f.signs:
            sign, pos = f.signs.pop()
            if not isinstance(value, (int, float)):
                raise ReadFailure(pos, f"cannot read unary `{sign}` before a value of type {_kind(value)}: "
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
            raise ReadFailure(pos, f"cannot read `*` between {_kind(left)} and {_kind(right)}: only "
                             "strings are joined")
        ints = isinstance(right, int) and not isinstance(right, bool)
        if isinstance(left, _Range) and left.step is None and ints:
            assert isinstance(right, int)
            return _Range(left.start, right, left.stop)
        if isinstance(left, int) and not isinstance(left, bool) and ints:
            assert isinstance(right, int)
            return _Range(left, right, None)
        raise ReadFailure(pos, "cannot read this range: only integer ranges `a:b` and `a:s:b` are read")

    def value(self, v: object, pos: int) -> object:
        """Turn a pending range into the list it stands for."""
        if not isinstance(v, _Range):
            return v
        step = 1 if v.step is None else v.step
        if step == 0:
            raise ReadFailure(pos, "cannot read a range with a step of 0")
        r = range(v.start, v.stop + (1 if step > 0 else -1), step)
        if len(r) > _MAX_RANGE:
            raise ReadFailure(pos, f"this range has {len(r)} items; at most {_MAX_RANGE} are read")
        return list(r)

    def finish_item(self, f: _Frame) -> tuple[object, int]:
        while f.ops:
            self.reduce(f)
        value, start = f.operands.pop()
        return self.value(value, start), start

    def separate(self, f: _Frame, sep: str, pos: int) -> None:
        if f.kind == "[" and f.sep and f.sep != sep:
            raise ReadFailure(pos, "cannot mix `,` with `;` or line breaks between the items of one vector")
        f.sep = sep
        value, start = self.finish_item(f)
        f.items.append(value)
        f.starts.append(start)

    def finish(self, f: _Frame) -> object:
        """The value of the whole top-level expression (``a, b`` is a tuple, as in Julia)."""
        value, _ = self.finish_item(f)
        if f.sep:
            f.items.append(value)
            value = tuple(f.items)
        if too_deep(value):  # `a => b => …` nests without brackets
            raise ReadFailure(f.start, f"cannot read a value nested more than {MAX_VALUE_DEPTH} levels deep",
                              hint=_DEEP_HINT)
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
                raise ReadFailure(at, f"cannot put a value of type {_kind(item)} in a {f.name}[…] vector")
            out.append(value)
        return TypedVector("Int64" if f.name == "Int" else f.name, out)

    def call(self, f: _Frame) -> object:
        args, starts = f.items, f.starts
        if f.name == "Dict":
            out = SizedDict()
            for arg, at in zip(args, starts, strict=True):
                if not isinstance(arg, Pair):
                    raise ReadFailure(
                        at, f"Dict(…) takes `key => value` pairs, found a value of type {_kind(arg)}")
                try:
                    out[arg.first] = arg.second
                except TypeError:
                    raise ReadFailure(
                        at, f"cannot use a value of type {_kind(arg.first)} as a Dict key") from None
            kinds = {(julia_type(p.first)[0], julia_type(p.second)[0]) for p in args if isinstance(p, Pair)}
            if len(kinds) <= 1:
                out.table = sized_table(len(args))  # (pairs of one type: Julia sizes the table for them)
            return out
        if f.name == "get":
            if len(args) != 3 or args[0] is not _ENV or type(args[1]) is not str:
                raise ReadFailure(f.start, 'only get(ENV, "NAME", default) is read', end=f.start + 3)
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
                raise ReadFailure(f.starts[0], f'{name}("{args[0]}") is not a date written {shape}')
            nums = [int(g) for g in m.groups() if g is not None]
            if len(nums) == 7:
                nums[6] = int(m.group(7).ljust(3, "0"))
        else:
            for arg, at in zip(args, f.starts, strict=True):
                if not isinstance(arg, int) or isinstance(arg, bool):
                    raise ReadFailure(
                        at, f'{name}(…) takes integers (year, month, day, …) or one "yyyy-mm-dd" '
                                    f"string, found a value of type {_kind(arg)}")
                nums.append(arg)
            if not 1 <= len(nums) <= _DATE_ARITY[name]:
                raise ReadFailure(
                    f.start, f"{name}(…) takes 1 to {_DATE_ARITY[name]} integers, found {len(nums)}",
                                  end=f.start + len(name))
        y, mo, d, hh, mi, ss, ms = [*nums, *[1, 1, 0, 0, 0, 0][len(nums) - 1:]][:7]
        try:
            if name == "Date":
                return _dt.date(y, mo, d)
            return _dt.datetime(y, mo, d, hh, mi, ss, ms * 1000)
        except (ValueError, OverflowError) as e:
            raise ReadFailure(f.start, f"{name}{tuple(nums)} is not a valid date: {e}",
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
            except ReadFailure:
                return None
            if c == "\n":
                if not depth and not blocks and prev not in _CONTINUES:
                    return i
            elif c in "([{":
                depth += 1
            elif c in ")]}":
                depth = max(0, depth - 1)
            elif ident_start(c):
                j = self.ident_end(i)
                word = text[i:j]
                if not depth and word in _BLOCK_OPENERS:
                    blocks += 1
                elif not depth and word == "end" and blocks:
                    blocks -= 1
                i, prev = j, "a"
                continue
            elif c == "'" and not (ident_char(prev) or prev in ")]}\"'"):
                close = text.find("'", i + 2, i + 12)
                if close > 0:
                    i, prev = close + 1, "'"
                    continue
            if c not in " \t\r\n":
                prev = c
            i += 1
        return None if depth or blocks else n


def _unclosed(f: _Frame) -> ReadFailure:
    bracket = "[" if f.kind == "[" else "("
    what = f.name + bracket
    return ReadFailure(f.start, f"this `{what}` is never closed", end=f.start + len(what),
                       hint=f"close it with `{_CLOSER[f.kind]}`")


def _promote(items: list[object]) -> list[object]:
    """Julia promotes the numbers of a vector literal to one type (``[1, 2.5]`` is ``[1.0, 2.5]``)."""
    nums = [x for x in items if isinstance(x, (int, float))]
    kinds = {type(x) for x in nums}
    if len(nums) < len(items) or len(kinds) < 2:
        return items
    out: list[object] = [_as_float(x) if float in kinds else int(x) for x in nums]
    return out


def _as_float(x: float) -> float:
    """Julia's ``Float64(x)``: an integer beyond the floats is ``±Inf`` (Python raises)."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def _kind(v: object) -> str:
    """A short Julia-flavoured name of a value's type, for messages."""
    if isinstance(v, _Env):
        return "variable"
    return julia_type(v)[0]
