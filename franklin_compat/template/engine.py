"""The html stage: Franklin's ``convert_html``, the ``{{ … }}`` pass over page HTML and layouts.

Franklin finds ``<!-- -->`` comments first, then ``<script>`` elements, then
the outermost ``{{ … }}`` blocks among the tokens left, classifies each block
(``if``, ``else``, … ``for``, else a function call), and walks the blocks,
keeping the text between them.  We copy that, with three changes of method
(never of output) so that the time stays linear in the input:

* classification is done on the block's words, by hand, instead of with
  Franklin's regexes (which backtrack on long blocks);
* ``{{if}}``/``{{for}}`` are matched with their ``{{end}}`` by one stack pass,
  instead of a forward search per opener;
* nesting never becomes Python recursion: the chosen branch of a conditional
  is walked in place (a stack of ranges) and a for-loop's expansion is pushed
  as a new frame.  The text a for-loop produces counts against
  :data:`EXPANSION_LIMIT`.

Values are inserted with Julia's ``string()`` (:func:`pagevars.to_julia_string`);
inserted text is not processed again, except the expansion of a for-loop
(Franklin re-runs the pass on it).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import warnings
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from ..core.diagnostics import Diagnostic, FranklinError, FranklinWarning, Severity
from ..core.registry import Registry
from ..core.source import Source, Span
from ..reading.pagevars import Pair, canonical, to_julia_string

#: Characters that for-loop expansions may produce in one render before it fails.
EXPANSION_LIMIT = 20_000_000
#: What one for-loop expansion counts for beyond its characters: each is walked again as a
#: frame of its own, so loops nested over small lists cost more than the text they make.
LOOP_COST = 1_000

HFun = Callable[[list[str], Any], str]
"""An html function: ``f(params, ctx) -> html`` (``ctx`` is a :class:`TemplateContext`)."""


class TemplateError(FranklinError):
    """A broken ``{{ … }}`` block or a bad h-function call (Franklin's HTMLBlockError/HTMLFunctionError)."""


class HeaderLike(Protocol):
    """What ``{{toc}}`` reads from a header: its level, anchor id and rendered HTML."""

    @property
    def level(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def html(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Header:
    """A page header, in page order, as ``{{toc}}`` lists it."""

    level: int
    id: str
    html: str


class TagEntryLike(Protocol):
    """What ``{{taglist}}`` reads from a tagged page."""

    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str | None: ...
    @property
    def date(self) -> object: ...


@dataclass(frozen=True, slots=True)
class TagEntry:
    """One page listed by ``{{taglist}}``.

    ``date`` is the page's ``date`` variable; for a page whose date is
    ``nothing`` Franklin uses the file's creation date, so the site passes
    that.  A missing date sorts last, like Franklin's default ``Date(1)``;
    a missing title shows the url, as Franklin shows ``/path/``.
    """

    url: str  # "/blog/pg4/"
    title: str | None = None
    date: dt.date | None = None


@dataclass(slots=True)
class TemplateContext:
    """Everything the ``{{ }}`` pass may read, and where it reports.

    ``page_vars`` are the page's variables (the caller merges defaults and
    globals as Franklin does); names missing there are looked up in
    ``global_vars``.  Warnings go to ``diagnostics`` and to
    :func:`warnings.warn`; ``{{redirect}}`` targets go to ``redirects``.
    """

    page_vars: dict[str, Any]
    global_vars: dict[str, Any]
    rpath: str = "index.md"
    layout_dir: Path | None = None
    path: str | None = None
    headers: Sequence[HeaderLike] = ()
    page_vars_of: Callable[[str], dict[str, Any] | None] | None = None
    tag_pages: Callable[[str], Sequence[TagEntryLike]] | None = None
    user_hfuns: Registry[HFun] | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    redirects: list[str] = field(default_factory=list)
    unknowable: frozenset[str] = frozenset()
    """Names utils.jl defines (Julia we cannot run): unknown there means 'cannot tell', not an error."""
    source_map: Callable[[int], tuple[int, int, int]] | None = None
    """For HTML made from a page: offset in the HTML → (line, col, offset) in the page."""

    def defines(self, name: str) -> bool:
        """Franklin's ``haskey(LOCAL_VARS, name)`` (globals are part of the local scope; aliases count)."""
        return any(n in self.page_vars or n in self.global_vars for n in _names(name))

    def var(self, name: str) -> Any:
        """Franklin's ``locvar(name)``: the value, or ``None`` when undefined."""
        for n in _names(name):
            if n in self.page_vars:
                return self.page_vars[n]
            if n in self.global_vars:
                return self.global_vars[n]
        return None

    def warn(self, code: str, message: str, hint: str = "") -> None:
        """Record and issue a warning, placed at the ``{{ }}`` block being processed."""
        site = _CALL_SITE.get()
        path, line, col, off = site[0].locate(site[1]) if site is not None else (self.path, None, None, None)
        diag = Diagnostic(code=code, message=message, severity=Severity.WARNING, path=path,
                          line=line, col=col, hint=hint, offset=off)
        self.diagnostics.append(diag)
        warnings.warn(FranklinWarning(diag), stacklevel=2)


def _names(name: str) -> tuple[str, ...]:
    """``name`` and, for an alias such as ``website_descr``, the variable it stands for."""
    canon = canonical(name)
    return (name,) if canon == name else (name, canon)


@dataclass(frozen=True, slots=True)
class Call:
    """A function-call block ``{{name args…}}`` (also ``{{var}}``) and where it is."""

    name: str
    args: tuple[str, ...]
    span: Span


def render_template(html: str, ctx: TemplateContext) -> str:
    """Replace every ``{{ … }}`` block of ``html``; Franklin's ``convert_html``."""
    if not html:
        return html
    run = _RUN.get()
    if run is not None:  # called again from an h-function ({{insert}}): same budget
        return _Renderer(ctx, run).render(html)
    run = _Run()
    token = _RUN.set(run)
    try:
        return _Renderer(ctx, run).render(html)
    finally:
        _RUN.reset(token)


def find_calls(html: str, path: str | None = None) -> list[Call]:
    """Every function-call block of ``html`` in text order (branches and loop bodies included)."""
    place = _Place(html, path)
    return [Call(b.name, b.args, Span(b.start, b.end)) for b in _blocks(place) if b.kind is _Kind.CALL]


# ---------------------------------------------------------------------------
# Julia values


def is_empty(value: object) -> bool:
    """Franklin's emptiness for ``{{isempty}}``: ``nothing``, an empty string or collection, ``Date(1)``."""
    if value is None:
        return True
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value == dt.date(1, 1, 1)
    if isinstance(value, str | list | tuple | dict | set | frozenset):
        return len(value) == 0
    return False


def _iterate(value: object) -> list[object] | None:
    """The elements Julia's ``for v in value`` yields; ``None`` when it cannot iterate."""
    if isinstance(value, list | tuple | str):
        return list(value)
    if isinstance(value, dict):
        return [Pair(k, v) for k, v in value.items()]
    if isinstance(value, int | float):  # Julia numbers iterate once, over themselves
        return [value]
    return None


# ---------------------------------------------------------------------------
# Scanning and classification


class _Kind(enum.Enum):
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


_OPENERS = frozenset({_Kind.IF, _Kind.ISDEF, _Kind.ISNOTDEF, _Kind.ISEMPTY, _Kind.ISNOTEMPTY,
                      _Kind.ISPAGE, _Kind.ISNOTPAGE, _Kind.FOR})
_ONE_VAR = {
    "if": _Kind.IF, "elseif": _Kind.ELSEIF,
    "isdef": _Kind.ISDEF, "ifdef": _Kind.ISDEF,
    "isndef": _Kind.ISNOTDEF, "isnotdef": _Kind.ISNOTDEF,
    "ifndef": _Kind.ISNOTDEF, "ifnotdef": _Kind.ISNOTDEF,
    "isempty": _Kind.ISEMPTY, "ifempty": _Kind.ISEMPTY,
    "isnempty": _Kind.ISNOTEMPTY, "isnotempty": _Kind.ISNOTEMPTY,
    "ifnempty": _Kind.ISNOTEMPTY, "ifnotempty": _Kind.ISNOTEMPTY,
}
_TOKENS = re.compile(r"<!--|-->|<script>|<script |</script>|\{\{|\}\}")
_WS = re.compile(r"\s*")
_NON_WS = re.compile(r"\S*")
_FOR_BAD_CHARS = frozenset("\r\n\t\f\v")


@dataclass(frozen=True, slots=True)
class _Block:
    kind: _Kind
    start: int
    end: int
    text: str  # the whole "{{…}}", for messages
    name: str = ""  # condition variable, function name or iterable
    args: tuple[str, ...] = ()  # call parameters, ispage patterns or loop variables


class _Place:
    """Turns an offset of one text into a diagnostic position; generated text reports its origin."""

    def __init__(
        self,
        text: str,
        path: str | None,
        anchor: tuple[int, int, int] | None = None,
        mapper: Callable[[int], tuple[int, int, int]] | None = None,
    ) -> None:
        self.text = text
        self.path = path
        self.anchor = anchor
        self.mapper = mapper
        self._source: Source | None = None

    def locate(self, offset: int) -> tuple[str | None, int, int, int]:
        if self.anchor is not None:
            return (self.path, *self.anchor)
        if self.mapper is not None:
            return (self.path, *self.mapper(offset))
        if self._source is None:
            # CRLF and lone CR end lines too, as in a page; same length, so offsets still match
            self._source = Source(self.text.replace("\r\n", " \n").replace("\r", "\n"), self.path)
        line, col = self._source.position(offset)
        return self.path, line, col, offset

    def error(self, code: str, message: str, offset: int, hint: str = "") -> TemplateError:
        path, line, col, off = self.locate(offset)
        return TemplateError(code, message, path=path, line=line, col=col, offset=off, hint=hint)


def _blocks(place: _Place) -> list[_Block]:
    """Classified outermost ``{{ }}`` blocks outside comments and scripts, in Franklin's token order."""
    text = place.text
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKENS.finditer(text)]
    for opener, closer, name in (("<!--", ("-->",), "COMMENT_OPEN"),
                                 ("<script", ("</script>",), "SCRIPT_OPEN")):
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
            raise place.error("FC300", f"I found the opening token '{name}' but not the corresponding "
                              "closing token.", open_at, hint=f"close it with '{closer[0]}'")
        tokens = kept
    blocks: list[_Block] = []
    depth, start = 0, 0
    for kind, s, e in tokens:
        if kind == "{{":
            if depth == 0:
                start = s
            depth += 1
        elif kind == "}}" and depth:
            depth -= 1
            if depth == 0:
                blocks.append(_classify(place, start, e))
    if depth:
        raise place.error("FC300", "I found the opening token '{{' but not the corresponding closing "
                          "token '}}'.", start, hint="close it with '}}', or write '{ {' for literal braces")
    return blocks


def _short(block: str) -> str:
    """A block as quoted in a message: long ones are cut in the middle."""
    return block if len(block) <= 80 else f"{block[:38]} … {block[-38:]}"


def _is_name(word: str) -> bool:
    return bool(word) and (word[0].isalpha() or word[0] == "_")


def _classify(place: _Place, start: int, end: int) -> _Block:
    """Franklin's ``qualify_html_hblocks`` for one block (a leading ``{{{`` is read from its second brace)."""
    text = place.text[start:end]
    for skip in ((2, 3) if text.startswith("{{{") else (2,)):
        found = _classify_inner(place, text, text[skip:-2], start, end)
        if found is not None:
            return found
    raise place.error("FC307", f"I found a HBlock that did not match anything, verify '{_short(text)}'",
                      start, hint="a block starts with a name: {{name args…}}")


def _classify_inner(place: _Place, text: str, inner: str, start: int, end: int) -> _Block | None:
    words = inner.split()
    if not words:
        return None
    head, n = words[0], len(words)
    if head == "else":
        if n == 1:
            return _Block(_Kind.ELSE, start, end, text)
        if n == 3 and words[1] == "if" and _is_name(words[2]):
            return _Block(_Kind.ELSEIF, start, end, text, words[2])
    if head == "end" and n == 1:
        return _Block(_Kind.END, start, end, text)
    kind = _ONE_VAR.get(head)
    if kind is not None and n == 2 and _is_name(words[1]):
        return _Block(kind, start, end, text, words[1])
    if head in ("ispage", "isnotpage") and n > 1:
        kind = _Kind.ISPAGE if head == "ispage" else _Kind.ISNOTPAGE
        return _Block(kind, start, end, text, args=tuple(words[1:]))
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
            return _Block(_Kind.FOR, start, end, text, iterable, tuple(names))
    if _is_name(head):
        rest = inner.lstrip()[len(head):]
        return _Block(_Kind.CALL, start, end, text, head, tuple(_split_params(rest)))
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
class _Open:
    end: int | None = None
    elseifs: list[int] = field(default_factory=list)
    else_: int | None = None
    error: int | None = None  # index of an {{elseif}} seen after {{else}}


def _structure(blocks: list[_Block]) -> dict[int, _Open]:
    """One stack pass (Franklin's ``hbalance`` scan, done once for all openers)."""
    info: dict[int, _Open] = {}
    stack: list[int] = []
    for i, b in enumerate(blocks):
        if b.kind in _OPENERS:
            stack.append(i)
            info[i] = _Open()
        elif b.kind is _Kind.END:
            if stack:
                info[stack.pop()].end = i
        elif b.kind in (_Kind.ELSE, _Kind.ELSEIF) and stack and blocks[stack[-1]].kind is not _Kind.FOR:
            top = info[stack[-1]]
            if b.kind is _Kind.ELSE:
                top.else_ = i
            elif top.else_ is None:
                top.elseifs.append(i)
            elif top.error is None:
                top.error = i
    return info


# ---------------------------------------------------------------------------
# Evaluation


@dataclass(slots=True)
class _Run:
    """State shared by one top-level render and the renders it triggers ({{insert}})."""

    spent: int = 0


_RUN: ContextVar[_Run | None] = ContextVar("franklin_template_run", default=None)
_CALL_SITE: ContextVar[tuple[_Place, int] | None] = ContextVar("franklin_template_call", default=None)


@dataclass(slots=True)
class _Frame:
    """One text being walked: the page, or the expansion of a for-loop."""

    place: _Place
    blocks: list[_Block]
    info: dict[int, _Open]
    stop: int  # walk blocks[i:stop] ...
    tail: int  # ... and text[head:tail]
    i: int = 0
    head: int = 0
    outer: list[tuple[int, int, int, int]] = field(default_factory=list)  # enclosing (stop, tail, i, head)


class _Renderer:
    def __init__(self, ctx: TemplateContext, run: _Run) -> None:
        from .hfuns import HFUNS  # hfuns imports this module

        self.ctx = ctx
        self.run = run
        self.builtins = HFUNS

    def render(self, html: str) -> str:
        out: list[str] = []
        frames = [self._frame(_Place(html, self.ctx.path, mapper=self.ctx.source_map))]
        while frames:
            f = frames[-1]
            if f.i >= f.stop:
                out.append(f.place.text[f.head:f.tail])
                if f.outer:
                    f.stop, f.tail, f.i, f.head = f.outer.pop()
                else:
                    frames.pop()
                continue
            b = f.blocks[f.i]
            out.append(f.place.text[f.head:b.start])
            if b.kind is _Kind.CALL:
                out.append(self._call(f.place, b))
                f.i, f.head = f.i + 1, b.end
            elif b.kind is _Kind.FOR:
                content, end = self._expand(f)
                f.i, f.head = end + 1, f.blocks[end].end
                if content:
                    anchor = f.place.locate(b.start)[1:]
                    frames.append(self._frame(_Place(content, f.place.path, anchor)))
            elif b.kind in _OPENERS:
                self._enter(f)
            elif b.kind is _Kind.END:
                raise f.place.error("FC302", "I found a lonely {{end}}.", b.start,
                                    hint="remove it, or open the block it closes")
            else:
                raise f.place.error("FC302", f"I found a lonely {_short(b.text)}.", b.start,
                                    hint="it must sit between {{if …}} and {{end}}")
        return "".join(out)

    def _frame(self, place: _Place) -> _Frame:
        blocks = _blocks(place)
        return _Frame(place, blocks, _structure(blocks), stop=len(blocks), tail=len(place.text))

    # -- conditionals -------------------------------------------------------

    def _enter(self, f: _Frame) -> None:
        """Walk the branch of the conditional at ``f.i`` that holds, then resume after its {{end}}."""
        blocks, opener = f.blocks, f.blocks[f.i]
        o = f.info[f.i]
        if o.error is not None:
            raise f.place.error("FC303", "Saw a {{elseif ...}} after a {{else}} block.",
                                blocks[o.error].start, hint="put every {{elseif …}} before the {{else}}")
        if o.end is None:
            raise f.place.error("FC303", "Could not close the conditional block starting with "
                                f"'{_short(opener.text)}'.", opener.start, hint="add the matching {{end}}")
        k = self._choose(f, opener, o)
        if k == 0 and o.else_ is None:
            f.i, f.head = o.end + 1, blocks[o.end].end
            return
        if k == 0:
            first, last = o.else_, o.end
        else:
            first = f.i if k == 1 else o.elseifs[k - 2]
            last = o.elseifs[k - 1] if k <= len(o.elseifs) else (o.end if o.else_ is None else o.else_)
        assert first is not None
        f.outer.append((f.stop, f.tail, o.end + 1, blocks[o.end].end))
        f.stop, f.tail = last, blocks[last].start
        f.i, f.head = first + 1, blocks[first].end

    def _choose(self, f: _Frame, opener: _Block, o: _Open) -> int:
        """1-based index of the branch that holds (opener, then each elseif), 0 for none."""
        ctx = self.ctx
        kind = opener.kind
        names = [f.blocks[j].name for j in o.elseifs]
        if kind is not _Kind.IF:
            if kind in (_Kind.ISPAGE, _Kind.ISNOTPAGE):
                here = _strip_ext(ctx.rpath)
                holds = any(_match_url(here, p) for p in opener.args) == (kind is _Kind.ISPAGE)
            elif kind in (_Kind.ISDEF, _Kind.ISNOTDEF):
                holds = ctx.defines(opener.name) == (kind is _Kind.ISDEF)
            else:
                holds = is_empty(ctx.var(opener.name)) == (kind is _Kind.ISEMPTY)
            if holds:
                return 1
            lag = 1
        else:
            names.insert(0, opener.name)
            lag = 0
        for name in names:
            if not ctx.defines(name):
                err = f.place.error("FC304", "At least one of the condition variable could not be found: "
                                    f"check '{name}'.", opener.start, hint=f"define it: @def {name} = true")
                self._fail(err, name)
        for name in names:
            if ctx.defines(name) and not isinstance(ctx.var(name), bool):
                err = f.place.error("FC304", "At least one of the condition variable is not a Bool: "
                                    f"check '{name}'.", opener.start,
                                    hint="use {{isdef …}} or {{isempty …}} for other values")
                self._fail(err, name)
        for j, name in enumerate(names):
            if ctx.var(name) is True:
                return j + 1 + lag
        return 0

    def _fail(self, err: TemplateError, name: str) -> None:
        """Raise; but a name that utils.jl defines is Julia we cannot run: warn, read it as false."""
        if name not in self.ctx.unknowable:
            raise err
        d = err.diagnostic
        self.ctx.diagnostics.append(replace(d, severity=Severity.WARNING,
                                            message=d.message + " (it is defined in utils.jl)"))

    # -- for-loops ----------------------------------------------------------

    def _expand(self, f: _Frame) -> tuple[str, int]:
        """The loop body once per element, with Franklin's textual substitution; and the {{end}} index."""
        b = f.blocks[f.i]
        end = f.info[f.i].end
        if not self.ctx.defines(b.name):
            err = f.place.error("FC305", f"The iterable '{b.name}' is not recognised. Please make sure "
                                "it's defined.", b.start, hint=f"define it: @def {b.name} = [...]")
            self._fail(err, b.name)
            if end is not None:
                return "", end
        if end is None:
            raise f.place.error("FC305", f"Could not close the block starting with '{_short(b.text)}'.",
                                b.start, hint="add the matching {{end}}")
        items = _iterate(self.ctx.var(b.name))
        if items is None:
            raise f.place.error("FC305", f"The iterable '{b.name}' cannot be iterated over.", b.start,
                                hint="a for-loop needs a vector, a tuple, a dict or a string")
        names = b.args
        if not items:
            return "", end
        first = items[0]
        width = len(first) if isinstance(first, list | tuple | str | dict) else 1
        if len(names) not in (1, width):
            raise f.place.error("FC305", "In a {{for ...}}, the first element of the iterate has length "
                                f"{width} but tried to unpack it as {len(names)} variables.", b.start)
        body = f.place.text[b.end:f.blocks[end].start]
        if not body.strip():
            return "", end
        pieces: list[str] = []
        self.run.spent += LOOP_COST
        for item in items:
            if len(names) == 1:
                piece = _substitute(body, names[0], to_julia_string(item), fill_required=False)
            else:
                piece = body
                for name, value in zip(names, _iterate(item) or [item], strict=False):
                    piece = _substitute(piece, name, to_julia_string(value), fill_required=True)
            self.run.spent += len(piece)
            if self.run.spent > EXPANSION_LIMIT:
                raise f.place.error("FC306", "The for-loops of this page expand to more than "
                                    f"{EXPANSION_LIMIT} characters.", b.start,
                                    hint="check for loops nested over large iterables")
            pieces.append(piece)
        return "".join(pieces), end

    # -- function calls -----------------------------------------------------

    def _call(self, place: _Place, b: _Block) -> str:
        """Franklin's ``convert_html_fblock``: user hfun, built-in, then ``{{var}}`` as ``{{fill var}}``."""
        ctx = self.ctx
        fname = b.name.lower()
        fun = ctx.user_hfuns.find(fname) if ctx.user_hfuns is not None else None
        params = list(b.args)
        if fun is None:
            fun = self.builtins.find(fname)
        if fun is None and not params and ctx.var(b.name) is not None:
            fun, params = self.builtins.get("fill"), [b.name]
        token = _CALL_SITE.set((place, b.start))
        try:
            if fun is None:
                ctx.warn("FC310", f"A block '{{{{{b.name} ...}}}}' was found but the name '{b.name}' does "
                         "not correspond to a built-in block or hfun nor does it match anything defined in "
                         "'utils.jl'. It might have been misspelled.",
                         hint="define the variable with @def, or register a Python hfun for it")
                return ""
            return to_julia_string(fun(params, ctx))  # Franklin: string(hfun(...))
        except FranklinError as e:
            raise _placed(e, place, b.start) from None
        finally:
            _CALL_SITE.reset(token)


def _placed(err: FranklinError, place: _Place, offset: int) -> FranklinError:
    """``err`` positioned at the call when the h-function could not say where it was."""
    if err.diagnostic.line is not None:
        return err
    path, line, col, off = place.locate(offset)
    diag = replace(err.diagnostic, path=err.diagnostic.path or path, line=line, col=col, offset=off)
    placed = type(err).__new__(type(err))
    FranklinError.__init__(placed, "", "", diagnostic=diag)
    return placed


def _strip_ext(path: str) -> str:
    """Julia's ``splitext(p)[1]``: drop the extension of the last path component."""
    slash = path.rfind("/")
    dot = path.rfind(".")
    if dot > slash + 1:
        return path[:dot]
    return path


def _match_url(base: str, cand: str) -> bool:
    """Franklin's ``match_url``: ``x/*`` is a plain prefix test, ``x/`` and ``x.html`` match ``x``."""
    if not base or not cand:
        return False
    base = base[1:] if base[0] == "/" else base
    cand = cand[1:] if cand[0] == "/" else cand
    if cand.endswith("/*"):
        return base.startswith(cand[:-2])
    if cand.endswith("/"):
        cand = cand[:-1]
    return _strip_ext(cand) == base


def _substitute(text: str, name: str, value: str, *, fill_required: bool) -> str:
    """Franklin's two for-loop replacements for loop variable ``name``, in order.

    ``{{\\s*(?:fill\\s)?\\s*NAME\\s*}}`` becomes ``value``, then
    ``{{\\s*(?:fill\\s)?\\s*(\\S+)\\s+NAME\\s*}}`` becomes ``{{fill \\1 value}}``
    (with ``fill`` required when unpacking).  Written by hand so that a long
    run of braces or spaces is scanned once, not once per ``{{``.
    """
    text = _replace_each(text, lambda t, i: _match_fill(t, i, name), lambda _: value)
    runs = _RunEnds(text)
    return _replace_each(text, lambda t, i: _match_fill_path(t, i, name, fill_required, runs),
                         lambda page: f"{{{{fill {page} {value}}}}}")


def _replace_each(text: str, match: Callable[[str, int], tuple[int, str] | None],
                  build: Callable[[str], str]) -> str:
    """``re.sub`` semantics: leftmost matches at ``{{``, non-overlapping, left to right."""
    out: list[str] = []
    pos = 0
    i = text.find("{{")
    while i >= 0:
        m = match(text, i)
        if m is None:
            i = text.find("{{", i + 1)
            continue
        out.append(text[pos:i])
        out.append(build(m[1]))
        pos = m[0]
        i = text.find("{{", pos)
    out.append(text[pos:])
    return "".join(out)


def _fill_starts(text: str, i: int, *, fill_required: bool) -> list[int]:
    """Where the name may start after ``{{\\s*(?:fill\\s)?\\s*`` (with, then without ``fill``)."""
    j = _WS.match(text, i + 2).end()  # type: ignore[union-attr]
    starts = []
    if text.startswith("fill", j) and text[j + 4:j + 5].isspace():
        starts.append(_WS.match(text, j + 5).end())  # type: ignore[union-attr]
    if not fill_required:
        starts.append(j)
    return starts


def _closes(text: str, k: int) -> int | None:
    """End of ``\\s*}}`` at ``k``."""
    e = _WS.match(text, k).end()  # type: ignore[union-attr]
    return e + 2 if text.startswith("}}", e) else None


def _match_fill(text: str, i: int, name: str) -> tuple[int, str] | None:
    for k in _fill_starts(text, i, fill_required=False):
        if text.startswith(name, k):
            e = _closes(text, k + len(name))
            if e is not None:
                return e, ""
    return None


class _RunEnds:
    """End of the non-space run at a position, and the ``\\s+NAME\\s*}}`` test after it, memoised."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.run = (0, 0)
        self.tails: dict[int, int | None] = {}

    def end(self, k: int) -> int:
        start, stop = self.run
        if not start <= k < stop:
            self.run = (k, _NON_WS.match(self.text, k).end())  # type: ignore[union-attr]
        return self.run[1]

    def tail(self, r: int, name: str) -> int | None:
        if r not in self.tails:
            m = _WS.match(self.text, r).end()  # type: ignore[union-attr]
            ok = m > r and self.text.startswith(name, m)
            self.tails[r] = _closes(self.text, m + len(name)) if ok else None
        return self.tails[r]


def _match_fill_path(text: str, i: int, name: str, fill_required: bool,
                     runs: _RunEnds) -> tuple[int, str] | None:
    for k in _fill_starts(text, i, fill_required=fill_required):
        r = runs.end(k)
        if r > k:
            e = runs.tail(r, name)
            if e is not None:
                return e, text[k:r]
    return None
