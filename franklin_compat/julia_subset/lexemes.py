"""The values of Julia's literal tokens: strings (escapes, ``$``, triple-quote dedent), chars, numbers.

The tree-sitter grammar finds where a literal starts and ends; what it means is
decided here, with :mod:`.scan`'s unescaping (the page-variable reader's own) so
that both readers agree on every escape.
"""

from __future__ import annotations

from .scan import MAX_INT_DIGITS, ReadFailure, Scanner
from .values import Char, ident_start

__all__ = ["LexError", "char_value", "find_holes", "number_value", "string_parts"]

_MAX_INT_BITS = 14_000  # about 4214 decimal digits: Python prints the value


class LexError(Exception):
    """A literal Julia rejects (a bad escape, ``'ab'``); ``at`` is the offset inside the literal."""

    def __init__(self, message: str, at: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.at = at


def find_holes(content: str) -> list[tuple[int, int]]:
    """The ``$name`` and ``$(…)`` spans of a string's source text, in order.

    Found here rather than taken from the grammar, whose scanner misses an
    interpolation right after a ``"`` inside triple quotes (``href="$(url)"``).
    """
    try:
        _, parens = Scanner('"""' + content + '"""').string_end(0, raw=False)
    except ReadFailure as e:
        raise LexError(e.message, max(0, e.pos - 3)) from None
    holes: list[tuple[int, int]] = []
    scanner = Scanner(content)
    i, n = 0, len(content)
    while i < n:
        c = content[i]
        if c == "\\":
            i += 2
        elif c == "$":
            if i + 3 in parens:
                end = parens[i + 3] - 3
            elif i + 1 < n and ident_start(content[i + 1]):
                end = scanner.ident_end(i + 1)
            else:
                raise LexError("invalid interpolation syntax: `$` must be followed by a name or `(`", i)
            holes.append((i, end))
            i = end
        else:
            i += 1
    return holes


def string_parts(content: str, holes: list[tuple[int, int]], *, triple: bool, raw: bool) -> list[str | int]:
    """The pieces of a string literal: text, and for each interpolation its index in ``holes``.

    ``content`` is the source between the quotes; ``holes`` the ``(start, end)`` offsets in it
    of each ``$x`` / ``$(…)``.  Triple-quoted strings lose their first newline and the
    indentation common to their lines, measured on the source text as Julia does.
    """
    chunks: list[str] = []
    start = 0
    for s, e in holes:
        chunks.append(content[start:s])
        start = e
    chunks.append(content[start:])
    prefix = ""
    if triple:
        shape = content
        for s, e in reversed(holes):  # an interpolation counts as text, not as indentation
            shape = shape[:s] + "x" + shape[e:]
        prefix = Scanner(shape).dedent_prefix(0, len(shape))
        if chunks[0].startswith("\n"):
            chunks[0] = _strip_indent(chunks[0][1:], prefix, at_start=True)
        elif prefix:
            chunks[0] = _strip_indent(chunks[0], prefix, at_start=False)
        for k in range(1, len(chunks)):
            chunks[k] = _strip_indent(chunks[k], prefix, at_start=False)
    out: list[str | int] = []
    for k, chunk in enumerate(chunks):
        if chunk:
            out.append(_unescape(chunk, raw=raw))
        if k < len(holes):
            out.append(k)
    return out


def _strip_indent(text: str, prefix: str, *, at_start: bool) -> str:
    """Drop ``prefix`` after each line break (and at the start when ``at_start``)."""
    if not prefix:
        return text
    lines = text.split("\n")
    first = 0 if at_start else 1
    for k in range(first, len(lines)):
        line = lines[k]
        if line.startswith(prefix):
            lines[k] = line[len(prefix):]
        elif not line.strip(" \t") and prefix.startswith(line):
            lines[k] = ""
    return "\n".join(lines)


def _unescape(chunk: str, *, raw: bool) -> str:
    try:
        return Scanner(chunk).unescape(0, len(chunk), triple=False, raw=raw, interps={})
    except ReadFailure as e:
        raise LexError(e.message, e.pos) from None


def char_value(token: str) -> Char:
    """``'a'``, ``'\\n'``, ``'\\''``, ``'\\u00e9'`` → the character."""
    inner = token[1:-1]
    value = _unescape(inner, raw=False) if inner.startswith("\\") else inner
    if len(value) != 1:
        raise LexError(f"{token} is not one character")
    return Char(value)


def number_value(token: str, *, is_float: bool) -> int | float:
    """An integer or float literal: ``1_000``, ``0x1f``, ``0b101``, ``1.5e3``, ``2f0``, ``.5``."""
    text = token.replace("_", "")
    low = text.lower()
    if not is_float:
        based = low.startswith(("0x", "0b", "0o"))
        value = (int(text[2:], {"x": 16, "b": 2, "o": 8}[low[1]]) if based
                 else None if len(text) > MAX_INT_DIGITS else int(text, 10))
        if value is None or (based and value.bit_length() > _MAX_INT_BITS):
            raise LexError(f"an integer of more than {MAX_INT_DIGITS:,} decimal digits")
        return value
    if low.startswith("0x"):
        return float.fromhex(text)
    return float(low.replace("f", "e"))
