"""Franklin's token table (reference §2): one left-to-right scan, no backtracking.

At each candidate character the finders for that character are tried in
Franklin's order; the first that matches wins and the scan resumes after it,
so tokens never overlap.  Which tokens then pair into blocks is decided in
:mod:`franklin_compat.reading.blocks`.
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Token(NamedTuple):
    kind: str
    start: int
    end: int


# Characters at which some token may start; everything else is skipped in bulk.
_CANDIDATES = re.compile(r"[{}\n<+\-~\[\]:\\@#&$_`*]")
_CANDIDATES_MATH = re.compile(r"[{}\\]")

_LETTERS = re.compile(r"[^\W\d_]+")
_EMOJI = re.compile(r":([A-Za-z0-9+_\-]+):")
_FOOTNOTE = re.compile(r"\[\^(\w+)\](:)?")
_DIV_NAME = re.compile(r"@@([\w\-,:/]+)")
_ENTITY = re.compile(r"&(?:[a-z0-9]+|#[0-9]{1,6}|#x[0-9a-f]{1,6});")
# A run of one of these that starts no token starts none until its last few characters
# (``-->``, ``_$>_``, five backticks): skipped at once, so long runs cost linear time.
_RUNS = {"`": (re.compile(r"`+"), 5), "*": (re.compile(r"\*+"), 0), "-": (re.compile(r"-+"), 2),
         "_": (re.compile(r"_+"), 1)}
_LANG = re.compile(r"[A-Za-z][A-Za-z0-9_\-+.#]*(?::[^\s`]*)?")
_SPACE = " \t\n}"  # Franklin's SPACE_CHAR: a closing brace ends a fence too

HEADER_KINDS = ("H1", "H2", "H3", "H4", "H5", "H6")


def tokenize(text: str, *, math: bool = False) -> list[Token]:
    """All tokens of ``text``; with ``math`` only braces, ``\\{ \\}`` and commands."""
    out: list[Token] = []
    append = out.append
    n = len(text)
    pos = 0
    cands = _CANDIDATES_MATH if math else _CANDIDATES
    while True:
        m = cands.search(text, pos)
        if m is None:
            break
        i = m.start()
        c = text[i]
        tok = _find_math(text, i, c) if math else _find(text, i, c, n)
        if tok is None:
            pos = i + 1
            if c in _RUNS and not math:
                run, keep = _RUNS[c]
                pos = max(pos, run.match(text, i).end() - keep)  # type: ignore[union-attr]
            continue
        append(tok)
        pos = tok.end
    return out


def _find_math(text: str, i: int, c: str) -> Token | None:
    if c == "{":
        return Token("LXB_OPEN", i, i + 1)
    if c == "}":
        return Token("LXB_CLOSE", i, i + 1)
    nxt = text[i + 1 : i + 2]
    if nxt in ("{", "}"):
        return Token("INACTIVE", i, i + 2)
    m = _LETTERS.match(text, i + 1)
    if m:
        return Token("LX_COMMAND", i, m.end())
    return None


def _after(text: str, j: int, allowed: str, n: int) -> bool:
    """Is the character at ``j`` one of ``allowed`` (end of text counts as space)?"""
    return j >= n or text[j] in allowed


def _find(text: str, i: int, c: str, n: int) -> Token | None:
    if c == "{":
        return Token("LXB_OPEN", i, i + 1)
    if c == "}":
        return Token("LXB_CLOSE", i, i + 1)
    if c == "\n":
        return Token("LINE_RETURN", i, i + 1)
    if c == "<":
        return Token("COMMENT_OPEN", i, i + 4) if text.startswith("<!--", i) else None
    if c == "+":
        if text.startswith("+++", i) and _after(text, i + 3, "\n", n):
            return Token("MD_DEF_TOML", i, i + 3)
        return None
    if c == "-":
        if text.startswith("-->", i):
            return Token("COMMENT_CLOSE", i, i + 3)
        return _hrule(text, i, c, n)
    if c == "~":
        return Token("ESCAPE", i, i + 3) if text.startswith("~~~", i) else None
    if c == "[":
        m = _FOOTNOTE.match(text, i)
        if m:
            after = text[m.end() : m.end() + 1]
            if after and (after.isalnum() or after in "]:"):
                # Franklin's candidate runs on over letters, digits, `]` and `:` (`is_footnote`),
                # so `[^a]b` or `[^a]]` fails its check and Julia's Markdown reads `[^a]` itself
                return Token("JULIA_FOOTNOTE", i, i + 3 + len(m.group(1)))
            return Token("FOOTNOTE_DEF" if m.group(2) else "FOOTNOTE_REF", i, m.end())
        return None
    if c == "]":
        return Token("LINK_DEF", i, i + 3) if text.startswith("]: ", i) else None
    if c == ":":
        m = _EMOJI.match(text, i)
        return Token("EMOJI", i, m.end()) if m else None
    if c == "\\":
        return _backslash(text, i, n)
    if c == "@":
        if text.startswith("@def ", i):
            return Token("MD_DEF_OPEN", i, i + 4)
        if text.startswith("@@", i):
            if _after(text, i + 2, " \t\n}", n):
                return Token("DIV_CLOSE", i, i + 2)
            m = _DIV_NAME.match(text, i)
            if m:
                return Token("DIV_OPEN", i, m.end())
        return None
    if c == "#":
        k = 1
        while k < 7 and i + k < n and text[i + k] == "#":
            k += 1
        if k <= 6 and i + k < n and text[i + k] == " ":
            return Token(HEADER_KINDS[k - 1], i, i + k + 1)
        return None
    if c == "&":
        m = _ENTITY.match(text, i)
        return Token("ENTITY", i, m.end()) if m else None
    if c == "$":
        if text.startswith("$$", i):
            return Token("MATH_B", i, i + 2)
        return Token("MATH_A", i, i + 1)
    if c == "_":
        if text.startswith("_$>_", i):
            return Token("MATH_I_OPEN", i, i + 4)
        if text.startswith("_$<_", i):
            return Token("MATH_I_CLOSE", i, i + 4)
        return _hrule(text, i, c, n)
    if c == "`":
        return _backticks(text, i, n)
    if c == "*":
        return _hrule(text, i, c, n)
    return None


def _hrule(text: str, i: int, c: str, n: int) -> Token | None:
    j = i
    while j < n and text[j] == c:
        j += 1
    if j - i < 3:
        return None
    k = j
    while k < n and text[k] in " \t":
        k += 1
    if k < n and text[k] != "\n":
        return None
    return Token("HORIZONTAL_RULE", i, j)


_BACKSLASH_PAIRS = {
    "\\": "CHAR_LINEBREAK",
    " ": "CHAR_BACKSPACE",
    "*": "CHAR_ASTERISK",
    "_": "CHAR_UNDERSCORE",
    "`": "CHAR_BACKTICK",
    "@": "CHAR_ATSIGN",
    "{": "INACTIVE",
    "}": "INACTIVE",
    "$": "INACTIVE",
    "[": "MATH_C_OPEN",
    "]": "MATH_C_CLOSE",
}


def _backslash(text: str, i: int, n: int) -> Token | None:
    nxt = text[i + 1 : i + 2]
    kind = _BACKSLASH_PAIRS.get(nxt)
    if kind is not None:
        return Token(kind, i, i + 2 if nxt != " " else i + 1)
    for word, kind in (
        ("\\newenvironment{", "LX_NEWENVIRONMENT"),
        ("\\newcommand{", "LX_NEWCOMMAND"),
        ("\\begin{", "LX_BEGIN"),
        ("\\end{", "LX_END"),
    ):
        if text.startswith(word, i):
            return Token(kind, i, i + len(word) - 1)
    m = _LETTERS.match(text, i + 1)
    if m:
        return Token("LX_COMMAND", i, m.end())
    return None


def _backticks(text: str, i: int, n: int) -> Token | None:
    j = i
    while j < n and text[j] == "`":
        j += 1
    run = j - i
    if run == 1:
        return Token("CODE_SINGLE", i, j)
    if run == 2:
        return Token("CODE_DOUBLE", i, j)
    if run > 5:
        return None
    name = {3: "TRIPLE", 4: "QUAD", 5: "PENTA"}[run]
    if _after(text, j, _SPACE, n):
        return Token(f"CODE_{name}", i, j)
    if run == 3 and j < n and text[j] in "!>;]?" and _after(text, j + 1, _SPACE, n):
        return Token("CODE_TRIPLE" + text[j], i, j + 1)
    m = _LANG.match(text, j)
    if m:
        return Token(f"CODE_LANG{run}", i, m.end())
    return None


def footnote_id(token_text: str) -> str | None:
    """The id of a ``[^id]`` / ``[^id]:`` token, or None if Franklin would reject it."""
    m = _FOOTNOTE.fullmatch(token_text)
    return m.group(1) if m else None
