"""Franklin's token table (reference §2): one compiled pattern, scanned once by ``finditer``.

Franklin's tokenizer walks the text left to right; at a candidate character it tries
that character's finders in order, the first that matches wins and the scan resumes
after it, so tokens never overlap.  :data:`_MASTER` is that table written as one
regular expression: an alternative per finder, in Franklin's order, each starting
with its literal character, so the C scanner skips plain text at full speed and
leftmost-first matching reproduces the walk.  A run of two or more ``-``, ``*`` or
``_`` (``-->`` and ``_$>_`` tried first) is Franklin's greedy ``HORIZONTAL_RULE``
candidate, whatever follows it on the line: a run of three or more is a token (its
position is checked in :func:`validate`), a run of two is consumed by a
``_skip`` alternative, so the walk resumes after the whole run as Franklin's does.
A run of braces or of ``\\\\`` pairs is matched at once and cut into its tokens
(:data:`_RUNS`): each of its characters (pairs) is a token whatever follows, and a page
of a million braces is not a million matches.

Which tokens pair into blocks is decided in :mod:`franklin_compat.reading.blocks`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import repeat
from operator import attrgetter
from typing import NamedTuple


class Token(NamedTuple):
    kind: str
    start: int
    end: int


HEADER_KINDS = ("H1", "H2", "H3", "H4", "H5", "H6")
#: the noncharacters the reader marks places with in the text mistune reads (placeholders,
#: list ends, breaks: :mod:`julia_inline`, :mod:`julia_blocks`)
MARKS = "\ufdd0\ufdd1\ufdd2\ufdd3\ufdd4"

_SPACE = r"(?=[ \t\n}]|\Z)"  # Franklin's SPACE_CHAR, or the end: a closing brace ends a fence too
_LANG = r"[A-Za-z][A-Za-z0-9_\-+.#]*+(?::[^\s`]*+)?"
_FENCE_NAMES = {3: "TRIPLE", 4: "QUAD", 5: "PENTA"}
_SHORTCUTS = {"!": "BANG", ">": "GT", ";": "SEMI", "]": "RBRACKET", "?": "QMARK"}

#: (group name, pattern); the group name is the token kind unless :data:`_RENAMED` says otherwise,
#: and names starting with ``_`` are skipped stretches, not tokens.
_TABLE: list[tuple[str, str]] = [
    ("LXB_OPEN", r"\{\{*+"),
    ("LXB_CLOSE", r"\}\}*+"),
    ("COMMENT_OPEN", r"<!--"),
    ("MD_DEF_TOML", r"\+\+\+(?=\n|\Z)"),
    ("COMMENT_CLOSE", r"-->"),
    ("HR_DASH", r"----*+"),
    ("_skip_dash", r"--"),
    ("ESCAPE", r"~~~"),
    # [^id] followed by a letter, a digit, ']' or ':' is not Franklin's: Julia's Markdown reads it
    ("JULIA_FOOTNOTE", r"\[\^\w+\](?=:(?:[^\W_]|[\]:])|[^\W_]|\])"),
    ("FOOTNOTE_DEF", r"\[\^\w+\]:"),
    ("FOOTNOTE_REF", r"\[\^\w+\]"),
    ("LINK_DEF", r"\]: "),
    ("EMOJI", r":[A-Za-z0-9+_\-]+:"),
    ("CHAR_LINEBREAK", r"\\\\(?:\\\\)*+"),
    ("CHAR_BACKSPACE", r"\\(?= )"),
    ("CHAR_ASTERISK", r"\\\*"),
    ("CHAR_UNDERSCORE", r"\\_"),
    ("CHAR_BACKTICK", r"\\`"),
    ("CHAR_ATSIGN", r"\\@"),
    ("INACTIVE", r"\\[{}$]"),
    ("MATH_C_OPEN", r"\\\["),
    ("MATH_C_CLOSE", r"\\\]"),
    ("LX_NEWENVIRONMENT", r"\\newenvironment(?=\{)"),
    ("LX_NEWCOMMAND", r"\\newcommand(?=\{)"),
    ("LX_BEGIN", r"\\begin(?=\{)"),
    ("LX_END", r"\\end(?=\{)"),
    ("LX_COMMAND", r"\\[^\W\d_]++"),
    ("MD_DEF_OPEN", r"@def(?= )"),
    ("DIV_CLOSE", r"@@" + _SPACE),
    ("DIV_OPEN", r"@@[\w\-,:/]++"),
    *((f"H{k}", "#" * k + " ") for k in range(6, 0, -1)),
    ("ENTITY", r"&(?:[a-z0-9]++|\#[0-9]{1,6}|\#x[0-9a-f]{1,6});"),
    ("MATH_B", r"\$\$"),
    ("MATH_A", r"\$"),
    ("MATH_I_OPEN", r"_\$>_"),
    ("MATH_I_CLOSE", r"_\$<_"),
    ("HR_UNDERSCORE", r"____*+"),
    ("_skip_underscore", r"__"),
    ("CODE_SINGLE", r"`(?!`)"),
    ("CODE_DOUBLE", r"``(?!`)"),
    *((f"CODE_{_FENCE_NAMES[k]}", "`" * k + "(?!`)" + _SPACE) for k in (3, 4, 5)),
    *((f"CODE_TRIPLE_{name}", "```" + re.escape(c) + _SPACE) for c, name in _SHORTCUTS.items()),
    *((f"CODE_LANG{k}", "`" * k + "(?!`)" + _LANG) for k in (3, 4, 5)),
    ("HR_STAR", r"\*\*\*\**+"),
    ("_skip_star", r"\*\*"),
    # the reader's own marks (:mod:`julia_inline`) written in the page: plain characters
    *((f"MARK_{ord(c):X}", c) for c in MARKS),
]
_RENAMED = {
    "HR_DASH": "HORIZONTAL_RULE",
    "HR_UNDERSCORE": "HORIZONTAL_RULE",
    "HR_STAR": "HORIZONTAL_RULE",
    **{f"CODE_TRIPLE_{name}": "CODE_TRIPLE" + c for c, name in _SHORTCUTS.items()},
    **{f"MARK_{ord(c):X}": "MARK" for c in MARKS},
}



def _alternative(name: str, pattern: str) -> str:
    """``pattern`` with its first (literal) character outside the named group, so that the
    compiled pattern starts with a set of literals and the C scanner can skip to candidates
    (every pattern of the table starts with a literal that no quantifier applies to)."""
    first = 2 if pattern.startswith("\\") else 1
    return f"{pattern[:first]}(?P<{name}>){pattern[first:]}"


_MASTER = re.compile("|".join(_alternative(name, pattern) for name, pattern in _TABLE))
#: Inside math only braces, ``\\{`` ``\\}`` and commands are tokens.
_MATH = re.compile(r"(?P<LXB_OPEN>\{)|(?P<LXB_CLOSE>\})|(?P<INACTIVE>\\[{}])|(?P<LX_COMMAND>\\[^\W\d_]++)")
_KINDS = {name: _RENAMED.get(name, name) for name, _ in _TABLE}
#: kinds matched as runs, and the width of one token of the run
_RUNS = {"LXB_OPEN": 1, "LXB_CLOSE": 1, "CHAR_LINEBREAK": 2}

_FOOTNOTE = re.compile(r"\[\^(\w+)\](:)?")


def tokenize(text: str, *, math: bool = False, pos: int = 0) -> list[Token]:
    """All tokens of ``text`` (from ``pos``, where the scan is between two matches); with
    ``math`` only braces, ``\\{ \\}`` and commands."""
    if math:
        return [Token(m.lastgroup or "", m.start(), m.end()) for m in _MATH.finditer(text)]
    kinds = _KINDS
    runs = _RUNS
    new = tuple.__new__
    out: list[Token] = []
    add = out.append
    for m in _MASTER.finditer(text, pos):
        g = m.lastgroup
        if g in runs:  # (these kinds keep their group's name)
            s, e = m.span()
            w = runs[g]
            if e - s == w:
                add(new(Token, (g, s, e)))
            elif e - s == 2 * w:  # ``{{``, ``}}``: the common run, without building ranges
                add(new(Token, (g, s, s + w)))
                add(new(Token, (g, s + w, e)))
            else:
                out += map(new, repeat(Token), zip(repeat(g), range(s, e, w), range(s + w, e + 1, w)))
        elif g is not None and g[0] != "_":
            s, e = m.span()
            add(new(Token, (kinds[g], s, e)))
    return out


#: how far past a token's end its match (with the alternatives tried before it) may look: a
#: token ending this close to the end of a piece of text may be another token in the piece alone
_LOOKAHEAD = 8
_TOKEN_START, _TOKEN_END = attrgetter("start"), attrgetter("end")


def tokens_within(text: str, tokens: list[Token], start: int, end: int) -> list[Token]:
    """``tokenize(text[start:end])`` from ``tokens = tokenize(text)``, without scanning again what
    they cover (a div's body, read again one level deeper, is most of the text it sits in).

    ``start`` must be 0 or the end of one of ``tokens``, or past it by whitespace only (no match
    starts with whitespace), so that the scan of the piece starts as that of ``text`` goes on.  A match
    depends only on the text from where it starts to a few characters past its end (the
    lookaheads: two at most, and the end of the text, which the short fences and ``+++`` accept),
    so the tokens ending :data:`_LOOKAHEAD` characters before ``end`` are the piece's own, and
    the piece's tail after them is scanned again.  Every run of a token kind cut into pieces
    (braces, ``\\\\`` pairs) is cut from its start, so the scan may resume inside it.  A ``~~~``
    (what a div's body often ends with) is the piece's own up to its end: only it starts with
    ``~``, it looks at nothing past itself, and no match the end of the text makes holds a ``~``.
    So is a ``@@`` closing a div that ends the piece (what a div of divs ends with): the end
    of the text closes it as a space would, and no match ending there starts with ``@``."""
    lo = bisect_left(tokens, start, key=_TOKEN_START)
    hi = bisect_right(tokens, end - _LOOKAHEAD, lo, key=_TOKEN_END)
    n = len(tokens)
    while hi < n and tokens[hi][2] <= end and (
        tokens[hi][0] == "ESCAPE" or (tokens[hi][0] == "DIV_CLOSE" and tokens[hi][2] == end)
    ):
        hi += 1
    new = tuple.__new__
    out = [new(Token, (k, s - start, e - start)) for k, s, e in tokens[lo:hi]]
    resume = out[-1].end if out else 0
    if resume < end - start:
        out += tokenize(text[start:end], pos=resume)
    return out


def has_tokens(text: str) -> bool:
    """Whether ``text`` holds a token (as :func:`tokenize` finds them): most short texts (a
    header's) hold no match of the table at all, known without a token made."""
    return _MASTER.search(text) is not None and bool(tokenize(text))


def footnote_id(token_text: str) -> str | None:
    """The id of a ``[^id]`` / ``[^id]:`` token, or None if Franklin would reject it."""
    m = _FOOTNOTE.fullmatch(token_text)
    return m.group(1) if m else None


def is_line_start(text: str, i: int) -> bool:
    return i == 0 or text[i - 1] == "\n"


VALIDATED = frozenset({"MD_DEF_TOML", *HEADER_KINDS, "HORIZONTAL_RULE"})  # the kinds validate looks at


def validate(text: str, tokens: list[Token], crlf: Callable[[int], bool] | None = None) -> list[Token]:
    """Drop tokens Franklin rejects by position: headers and ``+++`` not starting a line, rules
    (a run of three or more, whatever follows it) neither at the start of the text nor right
    after ``"\n\n"`` (``find_hrules!``).  ``crlf(i)`` says whether the line the ``\n`` at ``i``
    ends ended with CRLF: Franklin reads ``"\r\n"`` there, so a rule after such a blank line
    is left to Julia's Markdown."""
    out: list[Token] = []
    for t in tokens:
        k = t.kind
        if k == "MD_DEF_TOML" and not is_line_start(text, t.start):
            continue
        if k in HEADER_KINDS and not is_line_start(text, t.start):
            continue
        if k == "HORIZONTAL_RULE" and not (
            t.start == 0
            or (text[max(0, t.start - 2) : t.start] == "\n\n" and not (crlf and crlf(t.start - 1)))
        ):
            continue
        out.append(t)
    return out
