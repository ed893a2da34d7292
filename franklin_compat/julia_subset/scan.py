"""The lexical side of reading Julia text: blanks and comments, names, strings, numbers.

Used by :mod:`.literals`; every scan moves forward and never recurses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..core.source import Source
from .show import to_julia_string
from .values import JuliaRegex, ident_char, ident_start

__all__ = ["HINT", "MAX_INT_DIGITS", "ReadFailure", "Scanner"]

#: The longest integer read: Python converts at most 4300 digits between text and ``int``.
MAX_INT_DIGITS = 4300
_MAX_INT = 1 << 14_000  # about 4214 decimal digits: Python prints the value

HINT = "Franklin evaluates this as Julia; franklin_compat only reads literals: write a literal value"


class ReadFailure(Exception):
    """Where and why reading stopped; turned into a :class:`Diagnostic` by the public functions."""

    def __init__(self, pos: int, message: str, *, end: int | None = None, hint: str = HINT) -> None:
        super().__init__(message)
        self.pos = pos
        self.end = pos + 1 if end is None else end
        self.message = message
        self.hint = hint


_ESCAPES = {
    "n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "$": "$",
    "a": "\a", "b": "\b", "f": "\f", "v": "\v", "e": "\x1b",
}
_NUMBER = re.compile(
    r"0x[0-9a-fA-F](?:_?[0-9a-fA-F])*|0b[01](?:_?[01])*|0o[0-7](?:_?[0-7])*"
    r"|(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eEf][+-]?[0-9]+)?"
)


class Scanner:
    """Position-keeping scanner over one text."""

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
                raise ReadFailure(start, "this `#=` comment is never closed", end=start + 2,
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
        if i >= n or not ident_start(text[i]):
            return i
        i += 1
        while i < n and ident_char(text[i]) and not (text[i] == "!" and text.startswith("=", i + 1)):
            i += 1
        return i

    def qualified_end(self, i: int) -> int:
        """End of ``Dates.Date``-style names."""
        j = self.ident_end(i)
        while j + 1 < self.n and self.text[j] == "." and ident_start(self.text[j + 1]):
            j = self.ident_end(j + 1)
        return j

    def describe(self, i: int) -> str:
        if i >= self.n:
            return "the end of the text"
        c = self.text[i]
        if c == "\n":
            return "a line break"
        if ident_start(c):
            return f"`{self.text[i:self.qualified_end(i)]}`"
        return f"`{c}`"

    def braces_end(self, i: int) -> int:
        """End of type parameters ``{String, Any}`` after a type name."""
        text, n = self.text, self.n
        start, depth, i = i, 0, i
        while True:
            if i >= n:
                raise ReadFailure(start, "this `{` is never closed", hint="close it with `}`")
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if not depth:
                    return i + 1
            elif not (ident_char(c) or c in " ,."):
                raise ReadFailure(i, f"expected a type name inside `{{…}}`, found {self.describe(i)}")
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
                raise ReadFailure(opener, "this string is never closed", end=opener + len(quote),
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
                    raise ReadFailure(i, f"invalid escape sequence `\\{d}` in a string", end=i + 2,
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
            raise ReadFailure(i, f"invalid escape sequence `{text[i:end]}` in a string", end=end)
        pending.append(value)
        return k

    def flush(self, pending: bytearray, at: int) -> str:
        try:
            value = pending.decode("utf-8")
        except UnicodeDecodeError:
            raise ReadFailure(at, "these byte escapes do not form valid UTF-8 text",
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
            raise ReadFailure(i, f"invalid escape sequence `{text[i:end]}` in a string", end=end)
        out.append(chr(code))
        return k

    def interpolation(self, i: int, ce: int, interps: dict[int, int], out: list[str]) -> int:
        """``$name`` / ``$(…)``: the value of a name set earlier in the block, else the text as written."""
        text = self.text
        if text.startswith("(", i + 1):
            end = interps[i]
            name = text[i + 2:end - 1].strip()
        elif i + 1 < ce and ident_start(text[i + 1]):
            end = min(self.ident_end(i + 1), ce)
            name = text[i + 1:end]
        else:
            raise ReadFailure(i, "invalid interpolation syntax: `$` must be followed by a name or `(`",
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
        if j < self.n and (ident_char(text[j]) or text[j] in '."(['):
            raise ReadFailure(j, f"unexpected {self.describe(j)} right after the number `{m.group()}`",
                              hint=HINT + " (Julia reads `2x` as a product)")
        s = m.group().replace("_", "")
        if any(c in s for c in ".eEf") and s[:2] not in ("0x", "0b", "0o"):
            return float(s.replace("f", "e")), j
        # Python reads and prints at most 4300 decimal digits (``sys.get_int_max_str_digits``)
        based = s[:2] in ("0x", "0b", "0o")
        value = int(s[2:], {"x": 16, "b": 2, "o": 8}[s[1]]) if based else None
        if (value is None and len(s) > MAX_INT_DIGITS) or (value is not None and value >= _MAX_INT):
            raise ReadFailure(i, f"cannot read an integer of more than {MAX_INT_DIGITS:,} decimal digits",
                              end=j, hint="write the number as a string")
        return (value if value is not None else int(s, 10)), j
