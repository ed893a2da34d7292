"""The html stage, Franklin's ``convert_html``: the ``{{ … }}`` pass over page HTML and layouts.

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
  :data:`EXPANSION_LIMIT`, each ``{{`` in it for :data:`BLOCK_COST` characters.

Values are inserted with Julia's ``string()``;
inserted text is not processed again, except the expansion of a for-loop
(Franklin re-runs the pass on it).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.diagnostics import FranklinError, Severity
from ..julia_subset.show import to_julia_string
from .blocks import NON_WS, OPENERS, WS, Block, Kind, Open, scan_blocks, short, structure
from .builtin import HFUNS
from .context import CALL_SITE, Place, TemplateContext, TemplateError, is_empty, iterate

EXPANSION_LIMIT = 20_000_000
#: What one for-loop expansion counts for beyond its characters: each is walked again as a
#: frame of its own, so loops nested over small lists cost more than the text they make.
LOOP_COST = 1_000
#: What each ``{{`` of an expansion counts for beyond its two characters: the block is
#: classified, and searched for loop variables, each time its text is walked again (nested
#: loops re-walk the inner bodies once per level), which costs far more than a character.
BLOCK_COST = 200


def render_template(html: str, ctx: TemplateContext) -> str:
    """Replace every ``{{ … }}`` block of ``html``; Franklin's ``convert_html``."""
    if "{{" not in html:  # no block: a lone "}}" closes nothing, the text is the output
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



@dataclass(slots=True)
class _Run:
    """State shared by one top-level render and the renders it triggers ({{insert}})."""

    spent: int = 0


_RUN: ContextVar[_Run | None] = ContextVar("franklin_template_run", default=None)
_UNDEFINED = object()  # what ``var`` gives for a name that is not defined


@dataclass(slots=True)
class _Frame:
    """One text being walked: the page, or the expansion of a for-loop."""

    place: Place
    blocks: list[Block]
    info: dict[int, Open]
    stop: int  # walk blocks[i:stop] ...
    tail: int  # ... and text[head:tail]
    i: int = 0
    head: int = 0
    outer: list[tuple[int, int, int, int]] = field(default_factory=list)  # enclosing (stop, tail, i, head)


class _Renderer:
    def __init__(self, ctx: TemplateContext, run: _Run) -> None:
        self.ctx = ctx
        self.run = run
        self.builtins = HFUNS

    def render(self, html: str) -> str:
        out: list[str] = []
        frames = [self._frame(Place(html, self.ctx.path, mapper=self.ctx.source_map))]
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
            if b.kind is Kind.CALL:
                out.append(self._call(f.place, b))
                f.i, f.head = f.i + 1, b.end
            elif b.kind is Kind.FOR:
                content, end = self._expand(f)
                f.i, f.head = end + 1, f.blocks[end].end
                if content:
                    frames.append(self._frame(f.place.generated(content, b.start)))
            elif b.kind in OPENERS:
                self._enter(f)
            elif b.kind is Kind.END:
                raise f.place.error("FC302", "I found a lonely {{end}}.", b.start,
                                    hint="remove it, or open the block it closes")
            else:
                raise f.place.error("FC302", f"I found a lonely {short(b.text)}.", b.start,
                                    hint="it must sit between {{if …}} and {{end}}")
        return "".join(out)

    def _frame(self, place: Place) -> _Frame:
        blocks = scan_blocks(place)
        return _Frame(place, blocks, structure(blocks), stop=len(blocks), tail=len(place.text))

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
                                f"'{short(opener.text)}'.", opener.start, hint="add the matching {{end}}")
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

    def _choose(self, f: _Frame, opener: Block, o: Open) -> int:
        """1-based index of the branch that holds (opener, then each elseif), 0 for none."""
        ctx = self.ctx
        kind = opener.kind
        names = [opener.name] if kind is Kind.IF else []
        if o.elseifs:
            names += [f.blocks[j].name for j in o.elseifs]
        if kind is not Kind.IF:
            if kind in (Kind.ISPAGE, Kind.ISNOTPAGE):
                here = _strip_ext(ctx.rpath)
                holds = any(_match_url(here, p) for p in opener.args) == (kind is Kind.ISPAGE)
            elif kind in (Kind.ISDEF, Kind.ISNOTDEF):
                holds = ctx.defines(opener.name) == (kind is Kind.ISDEF)
            else:
                holds = is_empty(ctx.var(opener.name)) == (kind is Kind.ISEMPTY)
            if holds:
                return 1
            lag = 1
        else:
            lag = 0
        values: list[Any] = []  # one lookup each (a loop: most conditionals test one name)
        for name in names:
            values.append(ctx.var(name, _UNDEFINED))
        for name, value in zip(names, values, strict=True):
            if value is _UNDEFINED:
                self._fail(f.place.error("FC304", "At least one of the condition variable could not be "
                                         f"found: check '{name}'.", opener.start,
                                         hint=f"define it: @def {name} = true"), name)
        for name, value in zip(names, values, strict=True):
            if value is not _UNDEFINED and not isinstance(value, bool):
                self._fail(f.place.error("FC304", "At least one of the condition variable is not a Bool: "
                                         f"check '{name}'.", opener.start,
                                         hint="use {{isdef …}} or {{isempty …}} for other values"), name)
        for j, value in enumerate(values):
            if value is True:
                return j + 1 + lag
        return 0

    def _fail(self, err: TemplateError, name: str) -> None:
        """Raise; but a name that utils.jl defines is Julia we cannot run: warn, read it as false."""
        if name not in self.ctx.unknowable:
            try:
                raise err
            finally:  # else this frame holds its own traceback: a cycle keeping the page alive
                del err
        d = err.diagnostic
        self.ctx.diagnostics.append(replace(d, severity=Severity.WARNING,
                                            message=d.message + " (it is defined in utils.jl)"))

    # -- for-loops ----------------------------------------------------------

    def _expand(self, f: _Frame) -> tuple[str, int]:
        """The loop body once per element, with Franklin's textual substitution; and the {{end}} index."""
        b = f.blocks[f.i]
        end = f.info[f.i].end
        if not self.ctx.defines(b.name):
            self._fail(f.place.error("FC305", f"The iterable '{b.name}' is not recognised. Please make "
                                     "sure it's defined.", b.start, hint=f"define it: @def {b.name} = [...]"),
                       b.name)
            if end is not None:
                return "", end
        if end is None:
            raise f.place.error("FC305", f"Could not close the block starting with '{short(b.text)}'.",
                                b.start, hint="add the matching {{end}}")
        items = iterate(self.ctx.var(b.name))
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
                for name, value in zip(names, iterate(item) or [item], strict=False):
                    piece = _substitute(piece, name, to_julia_string(value), fill_required=True)
            self.run.spent += len(piece) + BLOCK_COST * piece.count("{{")
            if self.run.spent > EXPANSION_LIMIT:
                raise f.place.error("FC306", "The for-loops of this page expand to more than "
                                    f"{EXPANSION_LIMIT} characters.", b.start,
                                    hint="check for loops nested over large iterables")
            pieces.append(piece)
        return "".join(pieces), end

    # -- function calls -----------------------------------------------------

    def _call(self, place: Place, b: Block) -> str:
        """Franklin's ``convert_html_fblock``: user hfun, built-in, then ``{{var}}`` as ``{{fill var}}``."""
        ctx = self.ctx
        fname = b.name.lower()
        fun = ctx.user_hfuns.find(fname) if ctx.user_hfuns is not None else None
        params = list(b.args)
        if fun is None and ctx.user_code is not None:
            fun = ctx.user_code.hfun(b.name)
        if fun is None:
            fun = self.builtins.find(fname)
        if fun is None and not params and ctx.var(b.name) is not None:
            fun, params = self.builtins.get("fill"), [b.name]
        token = CALL_SITE.set((place, b.start))
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
            CALL_SITE.reset(token)


def _placed(err: FranklinError, place: Place, offset: int) -> FranklinError:
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
    run of braces or spaces is scanned once, not once per ``{{``.  Both need ``NAME\\s*}}``:
    a text without it (a loop's body that never names the variable) is left as it is at once.
    """
    if re.search(re.escape(name) + r"\s*+\}\}", text) is None:
        return text
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
    j = WS.match(text, i + 2).end()  # type: ignore[union-attr]
    starts = []
    if text.startswith("fill", j) and text[j + 4:j + 5].isspace():
        starts.append(WS.match(text, j + 5).end())  # type: ignore[union-attr]
    if not fill_required:
        starts.append(j)
    return starts


def _closes(text: str, k: int) -> int | None:
    """End of ``\\s*}}`` at ``k``."""
    e = WS.match(text, k).end()  # type: ignore[union-attr]
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
            self.run = (k, NON_WS.match(self.text, k).end())  # type: ignore[union-attr]
        return self.run[1]

    def tail(self, r: int, name: str) -> int | None:
        if r not in self.tails:
            m = WS.match(self.text, r).end()  # type: ignore[union-attr]
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
