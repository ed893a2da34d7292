"""pandoc's JSON AST (``pandoc -f json``), so every pandoc writer can take a Franklin page.

Written from the expanded tree, like the HTML: raw HTML becomes ``RawBlock``/
``RawInline "html"``, math ``Math`` (display math inside a ``Para``, as pandoc
has it), ``@@`` divs ``Div`` with their classes, footnotes ``Note`` at the
reference, the page's own variables ``Meta``.  Text is split into ``Str`` and
``Space`` as pandoc's readers do.  What pandoc cannot hold is a
:class:`~franklin_compat.emit.markdown.Loss`.

pandoc's ``Block``/``Inline`` values are built in lists: each ``visit_<kind>``
appends to the list being filled and returns "" (the emitter protocol's return
value is text, which this writer does not produce).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.refs import refstring, unescape
from ..core.source import Source
from ..expand.numbering import HeaderIds, equations_and_citations
from ..julia_subset.values import MAX_VALUE_DEPTH, ValueTooDeep
from ..reading import ast as A
from ..reading.pagevars import Pair, to_julia_string
from .base import Emitter
from .html import HtmlEmitter, _hide_lines
from .losses import Loss, LossWarning
from .markdown.text import is_text

#: The pandoc-types version written; pandoc ≥ 3.0 reads 1.23 (major and minor must match).
API_VERSION = (1, 23, 1, 1)

JSON = Any
_ALIGN = {None: "AlignDefault", "left": "AlignLeft", "right": "AlignRight", "center": "AlignCenter"}
_BLOCK_KINDS = frozenset({
    "paragraph", "heading", "list", "block_quote", "table", "thematic_break", "code_block", "code_output",
    "div", "toc", "error_block", "footnote_def",
})


def _el(tag: str, content: JSON = None) -> dict[str, JSON]:
    return {"t": tag} if content is None else {"t": tag, "c": content}


def _attr(ident: str = "", classes: tuple[str, ...] | list[str] = (), kv: list[list[str]] | None = None
          ) -> JSON:
    return [ident, list(classes), kv or []]


def text_inlines(text: str) -> list[JSON]:
    """``Str`` and ``Space`` (``SoftBreak`` for a line end), as pandoc's readers split text."""
    out: list[JSON] = []
    for piece in re.split(r"(\s+)", text):
        if not piece:
            continue
        if piece.isspace():
            out.append(_el("SoftBreak" if "\n" in piece else "Space"))
        else:
            out.append(_el("Str", piece))
    return out


@dataclass(frozen=True, slots=True)
class PandocResult:
    document: dict[str, JSON]
    losses: tuple[Loss, ...]


class PandocEmitter(Emitter):
    name = "pandoc-json"

    def __init__(
        self,
        page_vars: Mapping[str, Any] | None = None,
        global_vars: Mapping[str, Any] | None = None,
        *,
        source: Source | None = None,
    ) -> None:
        self.vars: dict[str, Any] = {**(global_vars or {}), **(page_vars or {})}
        self.source = source
        self.losses: list[Loss] = []
        self._html = HtmlEmitter(dict(page_vars or {}), dict(global_vars or {}))
        self._out: list[list[JSON]] = [[]]
        self._notes: dict[str, A.FootnoteDef] = {}
        self._note_numbers: dict[str, int] = {}
        self._eq_numbers: dict[str, int] = {}
        self._bib_names: dict[str, str] = {}
        self._tight = False
        self._header_ids = HeaderIds()

    # -- plumbing ---------------------------------------------------------------------

    def put(self, *items: JSON) -> str:
        self._out[-1].extend(items)
        return ""

    def collect(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> list[JSON]:
        """What ``nodes`` write, as one list (of blocks or of inlines, by context)."""
        self._out.append([])
        try:
            for n in nodes:
                self.visit(n)
        finally:
            got = self._out.pop()
        return got

    def blocks(self, nodes: tuple[A.Node, ...]) -> list[JSON]:
        """Block content: runs of inline nodes become a ``Para`` (``Plain`` in tight lists)."""
        out: list[JSON] = []
        run: list[A.Node] = []

        def flush() -> None:
            inl = self.inlines(run)
            while inl and inl[-1]["t"] in ("Space", "SoftBreak", "LineBreak"):
                inl.pop()
            while inl and inl[0]["t"] in ("Space", "SoftBreak"):
                inl.pop(0)
            if len(inl) == 1 and inl[0]["t"] == "RawInline":
                out.append(_el("RawBlock", inl[0]["c"]))
            elif len(inl) == 1 and inl[0]["t"] == "Image" and any(isinstance(k, A.Image) and k.franklin
                                                                  for k in run):
                out.append(_el("Figure", [_attr(), [None, []], [_el("Plain", inl)]]))  # \fig
            elif inl:
                out.append(_el("Plain" if self._tight else "Para", inl))
            run.clear()

        for n in nodes:
            if isinstance(n, A.Fragment) and not self._inline_only(n):
                flush()
                out.extend(self.blocks(n.children))
            elif n.kind in _BLOCK_KINDS:
                flush()
                out.extend(self.collect([n]))
            else:
                if run and not (is_text(n) or is_text(run[-1])):
                    flush()  # two Franklin constructs side by side were two lone blocks
                run.append(n)
        flush()
        return out

    def inlines(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> list[JSON]:
        """Inline content; blocks a command expanded to inside a paragraph are flattened."""
        return _flatten(self.collect(nodes))

    def _inline_only(self, n: A.Node) -> bool:
        if isinstance(n, A.Fragment):
            return all(self._inline_only(k) for k in n.children)
        return n.kind not in _BLOCK_KINDS

    def loss(self, code: str, node: A.Node, what: str, why: str) -> None:
        line = col = None
        if self.source is not None:
            line, col = self.source.position(node.span.start)
        self.losses.append(Loss(code, self.source.path if self.source else None, line, col, what, why))

    # -- document -------------------------------------------------------------------------

    def document(self, doc: A.Document, api_version: tuple[int, ...] = API_VERSION) -> dict[str, JSON]:
        for n in A.walk(doc):
            if isinstance(n, A.FootnoteDef):
                self._notes.setdefault(n.id, n)
            elif isinstance(n, A.FootnoteRef):  # numbered in page order, as Franklin does
                self._note_numbers.setdefault(n.id, len(self._note_numbers) + 1)
        self._eq_numbers, self._bib_names = equations_and_citations(doc)
        meta = {a.name: _meta(a.value) for a in doc.vars if a.value is not None}
        return {"pandoc-api-version": list(api_version), "meta": meta, "blocks": self.blocks(doc.children)}

    # -- blocks ---------------------------------------------------------------------------

    def visit_document(self, n: A.Document) -> str:
        return self.put(*self.blocks(n.children))

    def visit_paragraph(self, n: A.Paragraph) -> str:
        inl = self.inlines(n.children)
        if n.classes:
            return self.put(_el("Div", [_attr(classes=n.classes), [_el("Para", inl)]]))
        return self.put(_el("Plain" if self._tight else "Para", inl))

    def visit_heading(self, n: A.Heading) -> str:
        ident = self._heading_id(n) if n.anchor else ""
        inl = [x if x["t"] != "SoftBreak" else _el("Space") for x in self.inlines(n.children)]
        return self.put(_el("Header", [n.level, _attr(ident), inl]))

    def _heading_id(self, n: A.Heading) -> str:
        return self._header_ids.unique(refstring(unescape(self._html.join(n.children))))

    def visit_list(self, n: A.List) -> str:
        was, self._tight = self._tight, n.tight
        try:
            items = [self.blocks(it.child_nodes()) for it in n.children]
        finally:
            self._tight = was
        if n.ordered:
            return self.put(_el("OrderedList", [[n.start, _el("Decimal"), _el("Period")], items]))
        return self.put(_el("BulletList", items))

    def visit_list_item(self, n: A.ListItem) -> str:
        return self.put(*self.blocks(n.children))

    def visit_block_quote(self, n: A.BlockQuote) -> str:
        return self.put(_el("BlockQuote", self._loose(n.children)))

    def _loose(self, nodes: tuple[A.Node, ...]) -> list[JSON]:
        was, self._tight = self._tight, False
        try:
            return self.blocks(nodes)
        finally:
            self._tight = was

    def visit_table(self, n: A.Table) -> str:
        rows = [r for r in n.children if isinstance(r, A.TableRow)]
        width = max((len(r.children) for r in rows), default=0)
        aligns = [*n.aligns, *([None] * width)][:width]
        specs = [[_el(_ALIGN.get(a, "AlignDefault")), _el("ColWidthDefault")] for a in aligns]

        def row(r: A.TableRow) -> JSON:
            cells = []
            for c in r.children:
                align = _ALIGN.get(c.align if isinstance(c, A.TableCell) else None, "AlignDefault")
                inl = self.inlines(c.child_nodes())
                cells.append([_attr(), _el(align), 1, 1, [_el("Plain", inl)] if inl else []])
            cells.extend([_attr(), _el("AlignDefault"), 1, 1, []] for _ in range(width - len(r.children)))
            return [_attr(), cells]

        head = [row(r) for r in rows[:1]]
        body = [row(r) for r in rows[1:]]
        return self.put(_el("Table", [_attr(), [None, []], specs, [_attr(), head], [[_attr(), 0, [], body]],
                                      [_attr(), []]]))

    def visit_table_row(self, n: A.TableRow) -> str:
        return self.put(*self.collect(n.children))

    def visit_table_cell(self, n: A.TableCell) -> str:
        return self.put(*self.collect(n.children))

    def visit_thematic_break(self, n: A.ThematicBreak) -> str:
        return self.put(_el("HorizontalRule"))

    def visit_code_block(self, n: A.CodeBlock) -> str:
        code = _hide_lines(n.code, n.lang).strip("\n").rstrip()
        if not code.strip():
            return ""
        lang = n.lang if n.lang is not None else str(self.vars.get("lang") or "julia")
        kv = [["name", n.name]] if n.name else []
        return self.put(_el("CodeBlock", [_attr(classes=[lang] if lang else [], kv=kv), code]))

    def visit_code_output(self, n: A.CodeOutput) -> str:
        if n.text is None:
            self.loss("FC742", n, f"output of code block '{n.name}' left out",
                      "it is not cached (Franklin runs Julia to produce it)")
            return ""
        return self.put(_el("CodeBlock", [_attr(classes=["plaintext", "code-output"]), n.text.rstrip()]))

    def visit_div(self, n: A.Div) -> str:
        return self.put(_el("Div", [_attr(classes=n.classes), self._loose(n.children)]))

    def visit_footnote_def(self, n: A.FootnoteDef) -> str:
        return ""  # written as a Note where it is referred to

    def visit_toc(self, n: A.Toc) -> str:
        self.loss("FC730", n, "table of contents removed", "pandoc writes one with --toc")
        return ""

    def visit_error_block(self, n: A.ErrorBlock) -> str:
        self.loss("FC741", n, "Franklin's error message kept as text", n.message)
        return self.put(_el("Para", text_inlines(f"// {n.message} //")))

    # -- inlines ------------------------------------------------------------------------------

    def visit_text(self, n: A.Text) -> str:
        return self.put(*text_inlines(n.text.replace("--", "–")))

    def visit_emphasis(self, n: A.Emphasis) -> str:
        return self.put(_el("Strong" if n.strong else "Emph", self.inlines(n.children)))

    def visit_link(self, n: A.Link) -> str:
        return self.put(_el("Link", [_attr(), self.inlines(n.children), [self._url(n), n.title or ""]]))

    def visit_image(self, n: A.Image) -> str:
        return self.put(_el("Image", [_attr(), text_inlines(html.unescape(n.alt)), [self._url(n), ""]]))

    def _url(self, n: A.Link | A.Image) -> str:
        """The address; one written with Franklin constructs is what they render to."""
        return html.unescape(self._html.join(n.target)).strip() if n.target else n.url

    def visit_code_span(self, n: A.CodeSpan) -> str:
        return self.put(_el("Code", [_attr(), n.code]))

    def visit_line_break(self, n: A.LineBreak) -> str:
        return self.put(_el("LineBreak"))

    def visit_soft_break(self, n: A.SoftBreak) -> str:
        return self.put(_el("SoftBreak"))

    def visit_inline_html(self, n: A.InlineHtml) -> str:
        return self.put(*text_inlines(n.html))  # Julia's Markdown shows it as text

    def visit_raw_html(self, n: A.RawHtml) -> str:
        return self.put(_el("RawInline", ["html", n.html]))

    def visit_math(self, n: A.Math) -> str:
        if not n.display:
            if n.env == "internal":
                return self.put(*text_inlines(n.tex))
            return self.put(_el("Math", [_el("InlineMath"), n.tex.strip()]))
        env = (n.env or "").rstrip("*")
        tex = n.tex
        if env in ("align", "aligned"):
            tex = f"\\begin{{aligned}}{tex}\\end{{aligned}}"
        elif env == "eqnarray":
            tex = f"\\begin{{array}}{{rcl}}{tex}\\end{{array}}"
        math = _el("Math", [_el("DisplayMath"), tex.strip()])
        if n.label is not None:
            return self.put(_el("Span", [_attr(refstring(n.label)), [math]]))
        return self.put(math)

    def visit_styled(self, n: A.Styled) -> str:
        return self.put(_el("Span", [_attr(kv=[["style", n.style]]), self.inlines(n.children)]))

    def visit_fragment(self, n: A.Fragment) -> str:
        kids = n.children
        if len(kids) == 1 and isinstance(kids[0], A.Paragraph) and not kids[0].classes:
            return self.put(*self.collect(kids[0].children))
        return self.put(*self.collect(kids))

    def visit_command(self, n: A.Command) -> str:
        raw = "\\" + n.name + "".join("{" + a + "}" for a in n.args)
        self.loss("FC743", n, f"'\\{n.name}' kept as written", "the page was not expanded before emitting")
        return self.put(_el("Code", [_attr(), raw]))

    def visit_environment(self, n: A.Environment) -> str:
        self.loss("FC743", n, f"environment '{n.name}' kept as written",
                  "the page was not expanded before emitting")
        return self.put(_el("Code", [_attr(), f"\\begin{{{n.name}}}{n.body}\\end{{{n.name}}}"]))

    def visit_hfun_call(self, n: A.HFunCall) -> str:
        var = n.args[0] if n.name.lower() == "fill" and len(n.args) == 1 else (n.name if not n.args else None)
        value = self.vars.get(var) if var is not None else None
        if value is not None:
            return self.put(*text_inlines(to_julia_string(value)))
        self.loss("FC720", n, f"'{n.raw}' kept in a comment",
                  "it is a template call for Franklin's html stage (or a Julia hfun)")
        return self.put(_el("RawInline", ["html", "<!-- " + n.raw.replace("--", "- -") + " -->"]))

    def visit_footnote_ref(self, n: A.FootnoteRef) -> str:
        d = self._notes.get(n.id)
        if d is None:
            self.loss("FC760", n, f"footnote '{n.id}' has no definition", "pandoc notes carry their text")
            return self.put(_el("Superscript", [_el("Str", f"[{self._note_numbers[n.id]}]")]))
        if all(self._inline_only(k) for k in d.children):
            return self.put(_el("Note", [_el("Para", self.inlines(d.children))]))
        return self.put(_el("Note", self._loose(d.children)))

    def visit_escape(self, n: A.Escape) -> str:
        return self.put(_el("Str", html.unescape(n.char)))

    def visit_anchor(self, n: A.Anchor) -> str:
        return self.put(_el("Span", [_attr(n.id), []]))

    def visit_reference(self, n: A.Reference) -> str:
        parts: list[JSON] = []
        for i, key in enumerate(n.keys):
            if i:
                parts.extend([_el("Str", ","), _el("Space")])
            label = (str(self._eq_numbers[key]) if key in self._eq_numbers else None) if n.style == "eqref" \
                else self._bib_names.get(key)
            if label is None:
                parts.append(_el("Strong", [_el("Str", "??")]))
            else:
                parts.append(_el("Link", [_attr(), text_inlines(label), ["#" + key, ""]]))
        if n.style in ("eqref", "citep"):
            parts = [_el("Str", "("), *parts, _el("Str", ")")]
        return self.put(*parts)

    def visit_unresolved(self, n: A.Unresolved) -> str:
        self.loss("FC740", n, f"'{n.what}' kept as written", "it needs Julia (Franklin evaluates it)")
        return self.put(_el("Code", [_attr(), n.raw]))

    def visit_var_assignment(self, n: A.VarAssignment) -> str:
        return ""  # out of the flow: page variables are the Meta

    visit_command_def = visit_var_assignment
    visit_link_def = visit_var_assignment
    visit_comment = visit_var_assignment
    visit_asset_ref = visit_var_assignment


_INLINE_OF: dict[str, Any] = {
    "Para": lambda c: c, "Plain": lambda c: c, "Header": lambda c: c[2], "BlockQuote": lambda c: _flatten(c),
    "Div": lambda c: [_el("Span", [c[0], _flatten(c[1])])], "CodeBlock": lambda c: [_el("Code", c)],
    "RawBlock": lambda c: [_el("RawInline", c)], "Figure": lambda c: _flatten(c[2]),
    "BulletList": lambda c: _flatten([b for item in c for b in item]),
    "OrderedList": lambda c: _flatten([b for item in c[1] for b in item]),
    "HorizontalRule": lambda c: [], "Table": lambda c: [],
}


def _flatten(items: list[JSON]) -> list[JSON]:
    """Inlines from a list that may hold blocks: each block's inlines, a line break between blocks."""
    out: list[JSON] = []
    for x in items:
        conv = _INLINE_OF.get(x["t"])
        if conv is None:
            out.append(x)
            continue
        if out and out[-1]["t"] != "LineBreak":
            out.append(_el("LineBreak"))
        out.extend(conv(x.get("c")))
    return out


def _meta(value: object, depth: int = 1) -> JSON:
    """A page-variable value as a pandoc ``MetaValue`` (pandoc has no numbers or dates); one call
    per level of nesting, so a value deeper than the readers make is refused (FC201)."""
    if depth > MAX_VALUE_DEPTH + 1:  # the items of the deepest container sit one level below it
        raise ValueTooDeep("write")
    if isinstance(value, bool):
        return _el("MetaBool", value)
    if isinstance(value, str):
        return _el("MetaInlines", text_inlines(str(value)))
    if isinstance(value, dt.date):
        return _el("MetaString", value.isoformat())
    if isinstance(value, Pair):
        return _el("MetaList", [_meta(value.first, depth + 1), _meta(value.second, depth + 1)])
    if isinstance(value, list | tuple):
        return _el("MetaList", [_meta(x, depth + 1) for x in value if x is not None])
    if isinstance(value, dict):
        return _el("MetaMap", {to_julia_string(k): _meta(v, depth + 1) for k, v in value.items()
                               if v is not None})
    return _el("MetaString", to_julia_string(value))


def to_pandoc(
    doc: A.Document,
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    api_version: tuple[int, ...] = API_VERSION,
) -> PandocResult:
    """An expanded page (with its full ``page_vars``) as a pandoc document (a dict ready for
    ``json.dumps``) and its losses."""
    em = PandocEmitter(page_vars, global_vars, source=doc.source)
    out = em.document(doc, api_version)
    return PandocResult(out, tuple(em.losses))


def emit(doc: A.Document, *, page_vars: dict[str, Any] | None = None,
         global_vars: dict[str, Any] | None = None) -> str:
    """The registered ``pandoc-json`` emitter (losses issued as :class:`LossWarning`)."""
    res = to_pandoc(doc, page_vars=page_vars, global_vars=global_vars)
    for loss in res.losses:
        warnings.warn(loss.render(), LossWarning, stacklevel=2)
    return json.dumps(res.document, ensure_ascii=False, separators=(",", ":"))
