"""Finding and classifying the ``{{ … }}`` blocks of a text (Franklin's ``qualify_html_hblocks``).

Classification is done on the block's words by hand, not with Franklin's regexes
(which backtrack on long blocks); ``{{if}}``/``{{for}}`` are matched with their
``{{end}}`` by one stack pass (:func:`structure`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..core.source import Span
from .context import Call, Place


class Kind(enum.Enum):
    IF = "if"
    ELSEIF = "elseif"
    ELSE = "else"
    END = "end"
    ISDEF = "isdef"
    ISNOTDEF = "isnotdef"
    ISEMPTY = "isempty"
    ISNOTEMPTY = "isnotempty"
    ISPAGE = "ispage"
    ISNOTPAGE = "isnotpage"
    FOR = "for"
    CALL = "call"

    __hash__ = object.__hash__  # members are compared by identity; Enum's own hash is Python code


OPENERS = frozenset({Kind.IF, Kind.ISDEF, Kind.ISNOTDEF, Kind.ISEMPTY, Kind.ISNOTEMPTY,
                      Kind.ISPAGE, Kind.ISNOTPAGE, Kind.FOR})
_ONE_VAR = {
    "if": Kind.IF, "elseif": Kind.ELSEIF,
    "isdef": Kind.ISDEF, "ifdef": Kind.ISDEF,
    "isndef": Kind.ISNOTDEF, "isnotdef": Kind.ISNOTDEF,
    "ifndef": Kind.ISNOTDEF, "ifnotdef": Kind.ISNOTDEF,
    "isempty": Kind.ISEMPTY, "ifempty": Kind.ISEMPTY,
    "isnempty": Kind.ISNOTEMPTY, "isnotempty": Kind.ISNOTEMPTY,
    "ifnempty": Kind.ISNOTEMPTY, "ifnotempty": Kind.ISNOTEMPTY,
}
_TOKENS = re.compile(r"<!--|-->|<script>|<script |</script>|\{\{|\}\}")
_BRACES = re.compile(r"\{\{|\}\}")  # the same braces as _TOKENS finds (no other token shares a character)
WS = re.compile(r"\s*")
NON_WS = re.compile(r"\S*")
_FOR_BAD_CHARS = frozenset("\r\n\t\f\v")


class Block(NamedTuple):
    """One classified block (a tuple: a page can hold hundreds of thousands)."""

    kind: Kind
    start: int
    end: int
    text: str  # the whole "{{…}}", for messages
    name: str = ""  # condition variable, function name or iterable
    args: tuple[str, ...] = ()  # call parameters, ispage patterns or loop variables


def find_calls(html: str, path: str | None = None) -> list[Call]:
    """Every function-call block of ``html`` in text order (branches and loop bodies included)."""
    place = Place(html, path)
    return [Call(b.name, b.args, Span(b.start, b.end)) for b in scan_blocks(place) if b.kind is Kind.CALL]



def scan_blocks(place: Place) -> list[Block]:
    """Classified outermost ``{{ }}`` blocks outside comments and scripts, in Franklin's token order.

    A block's reading depends on its text alone, so a text read once is not read again (loops
    and conditionals repeat the same few blocks)."""
    text = place.text
    if "<!--" not in text and "<script" not in text:  # no stretch to leave out: braces alone
        first = text.find("{{")  # the "}}" before it close nothing (a page's math holds many)
        if first < 0:
            return []
        braces: Iterable[tuple[int, int]] = map(re.Match.span, _BRACES.finditer(text, first))
    else:
        braces = _outside_comments(place)
    blocks: list[Block] = []
    seen: dict[str, Block] = {}
    depth, start = 0, 0
    for s, e in braces:
        if text[s] == "{":
            if depth == 0:
                start = s
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                block = text[start:e]
                like = seen.get(block)
                if like is None:
                    seen[block] = like = _classify(place, start, e)
                    blocks.append(like)
                else:
                    blocks.append(Block(like.kind, start, e, like.text, like.name, like.args))
    if depth:
        raise place.error("FC300", "'{{' is opened here but no '}}' closes it", start,
                          hint="close it with '}}', or write '{ {' for literal braces")
    return blocks


def _outside_comments(place: Place) -> list[tuple[int, int]]:
    """Where the ``{{`` and ``}}`` outside ``<!-- -->`` comments, then outside ``<script>``
    elements, are."""
    text = place.text
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKENS.finditer(text)]
    for opener, closer in (("<!--", ("-->",)), ("<script", ("</script>",))):
        if opener not in text:  # then no token opens a stretch: every one is kept
            continue
        kept: list[tuple[str, int, int]] = []
        open_at = -1
        for tok in tokens:
            if open_at >= 0:
                if tok[0] in closer:
                    open_at = -1
            elif tok[0].startswith(opener):
                open_at = tok[1]
            else:
                kept.append(tok)
        if open_at >= 0:
            raise place.error("FC300", f"'{opener}' is opened here but nothing closes it",
                              open_at, hint=f"close it with '{closer[0]}'")
        tokens = kept
    return [(s, e) for kind, s, e in tokens if kind in ("{{", "}}")]


def short(block: str) -> str:
    """A block as quoted in a message: long ones are cut in the middle."""
    return block if len(block) <= 80 else f"{block[:38]} … {block[-38:]}"


def _is_name(word: str) -> bool:
    return bool(word) and (word[0].isalpha() or word[0] == "_")


def _classify(place: Place, start: int, end: int) -> Block:
    """Franklin's ``qualify_html_hblocks`` for one block (a leading ``{{{`` is read from its second brace)."""
    text = place.text[start:end]
    for skip in ((2, 3) if text.startswith("{{{") else (2,)):
        found = _classify_inner(place, text, text[skip:-2], start, end)
        if found is not None:
            return found
    raise place.error("FC307", f"I found a HBlock that did not match anything, verify '{short(text)}'",
                      start, hint="a block starts with a name: {{name args…}}")


def _classify_inner(place: Place, text: str, inner: str, start: int, end: int) -> Block | None:
    words = inner.split()
    if not words:
        return None
    head, n = words[0], len(words)
    if head == "else":
        if n == 1:
            return Block(Kind.ELSE, start, end, text)
        if n == 3 and words[1] == "if" and _is_name(words[2]):
            return Block(Kind.ELSEIF, start, end, text, words[2])
    if head == "end" and n == 1:
        return Block(Kind.END, start, end, text)
    kind = _ONE_VAR.get(head)
    if kind is not None and n == 2 and _is_name(words[1]):
        return Block(kind, start, end, text, words[1])
    if head in ("ispage", "isnotpage") and n > 1:
        kind = Kind.ISPAGE if head == "ispage" else Kind.ISNOTPAGE
        return Block(kind, start, end, text, args=tuple(words[1:]))
    if head == "for":
        loop = _parse_for(inner)
        if loop is not None:
            variables, iterable = loop
            if variables.startswith("(") != variables.endswith(")"):
                raise place.error("FC308", "Unbalanced expression in {{for ...}}", start,
                                  hint="write {{for (a, b) in iterable}}")
            if not variables.startswith("(") and "," in variables:
                raise place.error("FC308", "Missing parens in {{for ...}}", start,
                                  hint="write {{for (a, b) in iterable}}")
            names = [v.strip() for v in variables[1:-1].split(",")] if variables[0] == "(" else [variables]
            return Block(Kind.FOR, start, end, text, iterable, tuple(names))
    if _is_name(head):
        rest = inner.lstrip()[len(head):]
        return Block(Kind.CALL, start, end, text, head, tuple(_split_params(rest)))
    return None


def _parse_for(inner: str) -> tuple[str, str] | None:
    """``(variables, iterable)`` of ``for VARS in NAME``, else ``None`` (then it is a function call)."""
    body = inner.strip()[3:].rstrip()  # after "for"; words[0] == "for" so whitespace follows
    cut = len(body) - 1
    while cut >= 0 and not body[cut].isspace():
        cut -= 1
    iterable, before = body[cut + 1:], body[:cut + 1].rstrip()
    if cut < 0 or not _is_name(iterable) or not before.endswith("in") or not before[:-2][-1:].isspace():
        return None
    variables = before[:-2].strip()
    return (variables, iterable) if _for_variables_ok(variables) else None


def _for_variables_ok(variables: str) -> bool:
    """Does ``variables`` match Franklin's ``\\(?(?:\\s*N[^\\r\\n\\t\\f\\v,]*,\\s*)*N\\S*\\s*\\)?``?

    ``N`` is a letter or ``_``.  The last part may swallow commas (``a,b``
    with no space is one part), so we look for the first comma-separated
    part that starts inside the last word and check the parts before it.
    """
    t = variables[1:] if variables.startswith("(") else variables
    core = t.rstrip()
    if core.endswith(")") and core[:-1][-1:].isspace():
        core = core[:-1].rstrip()
    if not core:
        return False
    last_word = len(core) - 1
    while last_word > 0 and not core[last_word - 1].isspace():
        last_word -= 1
    start = 0
    for k, part in enumerate(t.split(",")):
        group = part.lstrip() if k else part
        p = start + len(part) - len(group)
        if p >= last_word and _is_name(t[p:p + 1]):
            return True
        group = group.lstrip()
        if not _is_name(group) or _FOR_BAD_CHARS.intersection(group):
            return False
        start += len(part) + 1
    return False


def _split_params(text: str) -> list[str]:
    """Franklin's ``([^\\s"']+)|"([^"]*)"``: words, or double-quoted strings; single quotes vanish."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            close = text.find('"', i + 1)
            if close >= 0:
                out.append(text[i + 1:close])
                i = close + 1
                continue
            i += 1
        elif c.isspace() or c == "'":
            i += 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in "\"'":
                j += 1
            out.append(text[i:j])
            i = j
    return out


# ---------------------------------------------------------------------------
# Structure: openers matched with their {{elseif}}/{{else}}/{{end}}


@dataclass(slots=True)
class Open:
    end: int | None = None
    elseifs: list[int] = field(default_factory=list)
    else_: int | None = None
    error: int | None = None  # index of an {{elseif}} seen after {{else}}


def structure(blocks: list[Block]) -> dict[int, Open]:
    """One stack pass (Franklin's ``hbalance`` scan, done once for all openers)."""
    info: dict[int, Open] = {}
    stack: list[int] = []
    for i, b in enumerate(blocks):
        if b.kind in OPENERS:
            stack.append(i)
            info[i] = Open()
        elif b.kind is Kind.END:
            if stack:
                info[stack.pop()].end = i
        elif b.kind in (Kind.ELSE, Kind.ELSEIF) and stack and blocks[stack[-1]].kind is not Kind.FOR:
            top = info[stack[-1]]
            if b.kind is Kind.ELSE:
                top.else_ = i
            elif top.else_ is None:
                top.elseifs.append(i)
            elif top.error is None:
                top.error = i
    return info
