"""HTML in Franklin's shapes (reference §3), ``{{ }}`` calls left for the template pass.

The Markdown shapes are those of the Julia 1.4–1.10 Markdown stdlib that
Franklin sites were built with: ``<li><p>``, tables with ``align``, ``<img … />``,
the wide escaping table, ``--`` as an en dash.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..core.lazy_re import lazy_compile
from ..core.refs import escape_attr, escape_code, escape_text, escape_wide, refstring
from ..expand.facts import Facts
from ..expand.numbering import HeaderIds, equations_and_citations
from ..reading import ast as A
from .base import Emitter

#: Franklin's ``CODE_LANG`` keys: only blocks in these languages (exactly so written) lose their
#: hidden lines, and whatever the language, the marker is ``#`` (``src/utils/html.jl``).
_HIDE_LANGS = frozenset({
    "julia", "julia-repl", "python", "r", "matlab", "bash", "c", "cpp", "fortran", "go", "javascript",
    "lua", "toml", "ruby",
})
_HIDE = lazy_compile(r"#\s*?(?i:hide(all)?)")  # Franklin's CODE_HIDE_PAT


#: The longest header id, made from at most four times as many characters of the header's HTML.
#: Franklin makes the id from that HTML, so a header nested in a header holds the inner one's id
#: twice (in ``id`` and ``href``): uncut, ``# `` × 16 and a letter made 739 MB of HTML, three
#: times more per level.
MAX_ID = 1_000


@dataclass
class Header:
    level: int
    id: str
    html: str


@dataclass
class HtmlState:
    """What one page's emission learns on the way: headers, footnotes, equation numbers."""

    headers: list[Header] = field(default_factory=list)
    header_ids: HeaderIds = field(default_factory=HeaderIds)
    fn_refs: dict[str, int] = field(default_factory=dict)  # footnote id -> its number
    eq_numbers: dict[str, int] = field(default_factory=dict)
    bib_names: dict[str, str] = field(default_factory=dict)


class HtmlEmitter(Emitter):
    name = "html"

    def __init__(self, page_vars: dict[str, Any] | None = None, global_vars: dict[str, Any] | None = None,
                 *, facts: Facts | None = None):
        self.facts = facts
        self.vars = {**(global_vars or {}), **(page_vars or {})}
        self.title_links = bool((global_vars or {}).get("title_links", self.vars.get("title_links", True)))
        self.state = HtmlState()
        self._href_blocks = False  # references written as Franklin's `{{href …}}` blocks (header ids)
        # what each header's HTML makes its id (a page repeats titles: "Examples", "Notes"), and the
        # anchors' class: worked out once
        self._ids: dict[str, str] = {}
        self._anchor_class: str | None = None
        self._texts = _TextHtml()

    def var(self, name: str, default: Any) -> Any:
        v = self.vars.get(name)
        return default if v is None else v

    def document(self, doc: A.Document) -> str:
        self._prepass(doc)
        # Franklin reads a byte-order mark as text: a first paragraph holding only it
        bom = "<p>\ufeff</p>\n" if doc.source is not None and doc.source.bom else ""
        return bom + self.blocks(doc.children)

    def first_header(self, doc: A.Document) -> str | None:
        """The HTML of the page's first anchored header (Franklin's default ``title``), alone."""
        for n in A.walk(doc):
            if isinstance(n, A.Heading) and n.anchor:
                self._prepass(doc)
                self.visit_heading(n)
                return self.state.headers[0].html
        return None

    def _prepass(self, doc: A.Document) -> None:
        """Equation numbers and citation names, which may be used before they are defined."""
        if self.facts is not None:
            self.state.eq_numbers, self.state.bib_names = self.facts.eq_numbers, self.facts.bib_names
        else:
            self.state.eq_numbers, self.state.bib_names = equations_and_citations(doc)

    # -- Markdown ------------------------------------------------------------------

    def blocks(self, nodes: tuple[A.Node, ...]) -> str:
        """A block list: a Franklin node standing alone keeps the line break of the
        ``<p>…</p>\n`` it replaced (Franklin drops only the tags)."""
        out = []
        rules = self._dispatch
        for n in nodes:
            s = rules[n.kind](self, n)
            out.append(s if not s or s.endswith("\n") else s + "\n")
        return "".join(out)

    def join(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        """The nodes' HTML end to end; one node's alone, and a text's or a line end's written
        here as :meth:`visit_text` and :meth:`visit_soft_break` write them (most nodes of a
        paragraph: a call less each)."""
        rules, texts = self._dispatch, self._texts
        if len(nodes) == 1:
            n = nodes[0]
            return texts[n.text] if type(n) is A.Text else rules[n.kind](self, n)
        text, soft = A.Text, A.SoftBreak
        return "".join([
            texts[n.text] if type(n) is text else " " if type(n) is soft else rules[n.kind](self, n)
            for n in nodes
        ])

    def visit_document(self, n: A.Document) -> str:
        return self.blocks(n.children)

    def visit_paragraph(self, n: A.Paragraph) -> str:
        if n.classes:
            return f'<p class="{escape_attr(" ".join(n.classes))}">{self.join(n.children)}</p>\n'
        return "<p>" + self.join(n.children) + "</p>\n"

    def visit_text(self, n: A.Text) -> str:
        return _julia_text(n.text)

    def visit_emphasis(self, n: A.Emphasis) -> str:
        tag = "strong" if n.strong else "em"
        return f"<{tag}>{self.join(n.children)}</{tag}>"

    def href(self, n: A.Link | A.Image) -> str:
        """The URL as Franklin writes it; a destination made of Franklin constructs is their HTML."""
        if n.target:
            return self.join(n.target).strip()
        return escape_wide(n.url)

    def visit_link(self, n: A.Link) -> str:
        return f'<a href="{self.href(n)}">{self.join(n.children)}</a>'

    def visit_image(self, n: A.Image) -> str:
        if n.franklin:
            return f'<img src="{escape_attr(n.url)}" alt="{escape_wide(n.alt)}">'
        return f'<img src="{self.href(n)}" alt="{escape_wide(n.alt)}" />'

    def visit_code_span(self, n: A.CodeSpan) -> str:
        return f"<code>{escape_wide(n.code)}</code>"

    def visit_line_break(self, n: A.LineBreak) -> str:
        return "<br/>" if n.franklin else "<br />\n"

    def visit_soft_break(self, n: A.SoftBreak) -> str:
        return " "

    def visit_inline_html(self, n: A.InlineHtml) -> str:
        return _julia_text(n.html)  # Julia's Markdown has no raw HTML: a tag is text

    def visit_list(self, n: A.List) -> str:
        if n.ordered:
            start = f' start="{n.start}"' if n.start != 1 else ""
            return f"<ol{start}>\n{self.join(n.children)}</ol>\n"
        return f"<ul>\n{self.join(n.children)}</ul>\n"

    def visit_list_item(self, n: A.ListItem) -> str:
        return f"<li>{self.blocks(n.children)}</li>\n"

    def visit_block_quote(self, n: A.BlockQuote) -> str:
        return f"<blockquote>\n{self.blocks(n.children)}</blockquote>\n"

    def visit_table(self, n: A.Table) -> str:
        return "<table>" + self.join(n.children) + "</table>\n"

    def visit_table_row(self, n: A.TableRow) -> str:
        return "<tr>" + self.join(n.children) + "</tr>"

    def visit_table_cell(self, n: A.TableCell) -> str:
        tag = "th" if n.head else "td"
        align = n.align or "right"
        return f'<{tag} align="{align}">{self.join(n.children).strip()}</{tag}>'

    def visit_thematic_break(self, n: A.ThematicBreak) -> str:
        return "<hr />\n"

    def visit_heading(self, n: A.Heading) -> str:
        inner = self.join(n.children)
        k = n.level
        if not n.anchor:
            return f"<h{k}>{inner}</h{k}>\n"
        id_text = inner
        if _has_reference(n):  # Franklin takes the id before `{{href …}}` is resolved
            self._href_blocks = True
            try:
                id_text = self.join(n.children)
            finally:
                self._href_blocks = False
        rid = self._ids.get(id_text)
        if rid is None:
            rid = self._ids[id_text] = refstring(_unescape_wide(id_text[:4 * MAX_ID]))[:MAX_ID]
        rid, inner = self.state.header_ids.claim(rid, inner)
        self.state.headers.append(Header(k, rid, inner))
        if self.title_links:
            cls = self._anchor_class
            if cls is None:
                cls = self._anchor_class = escape_attr(str(self.var("header_anchor_class", "header-anchor")))
            return f'<h{k} id="{rid}"><a href="#{rid}" class="{cls}">{inner}</a></h{k}>\n'
        return f'<h{k} id="{rid}">{inner}</h{k}>\n'

    # -- Franklin ------------------------------------------------------------------

    def visit_raw_html(self, n: A.RawHtml) -> str:
        return n.html

    def visit_math(self, n: A.Math) -> str:
        if not n.display:
            return n.tex if n.env == "internal" else f"\\({n.tex}\\)"
        env = (n.env or "").rstrip("*")
        if env in ("align", "aligned"):
            body = f"\\[\\begin{{aligned}}{n.tex}\\end{{aligned}}\\]"
        elif env == "eqnarray":
            body = f"\\[\\begin{{array}}{{rcl}}{n.tex}\\end{{array}}\\]"
        else:
            body = f"\\[{n.tex}\\]"
        if n.label is not None:
            body = f'<a id="{escape_attr(refstring(n.label))}" class="anchor"></a>' + body
        if n.env and n.env.endswith("*"):
            body = f'<div class="nonumber">{body}</div>'
        return body

    def visit_code_block(self, n: A.CodeBlock) -> str:
        from ..expand.literate import JULIA_SPACE  # here: a header's id (check) needs none of it

        code = _hide_lines(n.code, n.lang).strip(JULIA_SPACE)
        if not code:
            return ""
        lang = "{{fill lang}}" if n.lang is None else escape_attr(n.lang)
        return f'<pre><code class="language-{lang}">{escape_code(code)}</code></pre>'

    def visit_code_output(self, n: A.CodeOutput) -> str:
        """Franklin's ``html_code(output; class)``: the text as cached (not escaped), nothing when
        it is empty, the red placeholder when it is not there."""
        if n.text is None:
            message = n.error or f"`\\{'show' if n.mode == 'show' else 'output'}{{{n.name}}}`: could not " \
                "find the relevant output file."
            return f'<p><span style="color:red;">// {message} //</span></p>'
        if not n.text:
            return ""
        cls = str(self.var("code_output_class", "code-output"))
        return f'<pre><code class="plaintext{" " + escape_attr(cls) if cls else ""}">{n.text}</code></pre>'

    def visit_div(self, n: A.Div) -> str:
        kids = n.children
        if len(kids) == 1 and isinstance(kids[0], A.Paragraph):
            inner = self.join(kids[0].children)
        else:
            inner = self.blocks(kids)
        return f'<div class="{escape_attr(" ".join(n.classes))}">{inner.strip()}</div>'

    def visit_styled(self, n: A.Styled) -> str:
        return f'<span style="{escape_attr(n.style)}">{self.join(n.children)}</span>'

    def visit_fragment(self, n: A.Fragment) -> str:
        from ..expand.code import is_evaluated_pair

        if is_evaluated_pair(n):  # Franklin writes the code and its output with nothing between
            return self.join(n.children)
        return self.stripped(n.children) if n.strip_p else self.blocks(n.children)

    def stripped(self, nodes: tuple[A.Node, ...]) -> str:
        """A recursive conversion as Franklin inserts it (``md2html(…; stripp=true)``):
        a leading ``<p>`` and a trailing ``</p>`` of its HTML are dropped, each on its
        own, even when they belong to different paragraphs.  A Franklin block standing
        alone was ``<p>##FDINSERT##</p>`` there: when it comes first, only its
        ``<p>`` goes, so the ``</p>`` stays after it; when it comes last, the ``<p>``
        before it stays (``convert_inter_html`` puts back the half that was not
        chopped)."""
        if len(nodes) == 1 and _lone_insert(nodes[0]):
            return self.visit(nodes[0])
        if any(_is_inline(n) for n in nodes):  # the inlines of a single paragraph
            return self.join(nodes)
        parts = [self.visit(n) for n in nodes]  # once each: visiting numbers headers, footnotes
        parts = [p if not p or p.endswith("\n") else p + "\n" for p in parts]
        if not parts:
            return ""
        if len(parts) > 1 and _lone_insert(nodes[0]):
            parts[0] = parts[0][:-1] + "</p>\n"
        elif parts[0].startswith("<p>"):
            parts[0] = parts[0][3:]
        if len(parts) > 1 and _lone_insert(nodes[-1]):
            parts[-1] = "<p>" + parts[-1][:-1]
        elif parts[-1].endswith("</p>\n"):
            parts[-1] = parts[-1][:-5]
        return "".join(parts)

    def visit_command(self, n: A.Command) -> str:
        return escape_text("\\" + n.name + "".join("{" + a + "}" for a in n.args))

    def visit_environment(self, n: A.Environment) -> str:
        return escape_text(f"\\begin{{{n.name}}}{n.body}\\end{{{n.name}}}")

    def visit_hfun_call(self, n: A.HFunCall) -> str:
        return n.raw

    def visit_footnote_ref(self, n: A.FootnoteRef) -> str:
        refs = self.state.fn_refs
        k = refs.setdefault(n.id, len(refs) + 1)
        fid = escape_attr(n.id)
        return f'<sup id="fnref:{fid}"><a href="#fndef:{fid}" class="fnref">[{k}]</a></sup>'

    def visit_footnote_def(self, n: A.FootnoteDef) -> str:
        k = self.state.fn_refs.get(n.id)
        if k is None:
            return ""
        fid = escape_attr(n.id)
        return (
            f'<table class="fndef" id="fndef:{fid}">\n    <tr>\n'
            f'        <td class="fndef-backref"><a href="#fnref:{fid}">[{k}]</a></td>\n'
            f'        <td class="fndef-content">{self.stripped(n.children)}</td>\n'
            "    </tr>\n</table>\n"
        )

    def visit_escape(self, n: A.Escape) -> str:
        return n.html

    def visit_anchor(self, n: A.Anchor) -> str:
        return f'<a id="{escape_attr(n.id)}" class="anchor"></a>'

    def visit_reference(self, n: A.Reference) -> str:
        if self._href_blocks:  # as Franklin's `form_href` writes it for the html pass
            hrefs = ", ".join(f"{{{{href {'EQR' if n.style == 'eqref' else 'BIBR'} {k}}}}}" for k in n.keys)
            if n.style in ("eqref", "citep"):
                hrefs = f"({hrefs})"
            return f'<span class="{"eqref" if n.style == "eqref" else "bibref"}">{hrefs}</span>'
        if n.style == "eqref":
            parts = [
                self._ref(k, str(self.state.eq_numbers[k]) if k in self.state.eq_numbers else None)
                for k in n.keys
            ]
            return f'<span class="eqref">({", ".join(parts)})</span>'
        parts = [self._ref(k, self.state.bib_names.get(k)) for k in n.keys]
        inner = ", ".join(parts)
        if n.style == "citep":
            inner = f"({inner})"
        return f'<span class="bibref">{inner}</span>'

    @staticmethod
    def _ref(key: str, label: str | None) -> str:
        if label is None:
            return "<b>??</b>"
        return f'<a href="#{escape_attr(key)}">{label}</a>'

    def visit_toc(self, n: A.Toc) -> str:
        lo = n.min_level if n.min_level is not None else self.var("mintoclevel", 1)
        hi = n.max_level if n.max_level is not None else self.var("maxtoclevel", 10)
        return f"{{{{toc {lo} {hi}}}}}"

    def visit_unresolved(self, n: A.Unresolved) -> str:
        return f'<span class="franklin-unresolved" title="{escape_attr(n.what)}">{escape_wide(n.raw)}</span>'

    def visit_error_block(self, n: A.ErrorBlock) -> str:
        return f'<p><span style="color:red;">// {n.message} //</span></p>'

    def visit_var_assignment(self, n: A.VarAssignment) -> str:
        return ""

    visit_command_def = visit_var_assignment
    visit_link_def = visit_var_assignment
    visit_comment = visit_var_assignment
    visit_asset_ref = visit_var_assignment


_UNWIDE = {escape_wide(c): c for c in "&<>\"'`!$%()=+{}[]"}
_WIDE_FORM = lazy_compile("|".join(re.escape(k) for k in sorted(_UNWIDE, key=len, reverse=True)))


def _unescape_wide(text: str) -> str:
    """Franklin's ``html_unescape`` for header ids: only the escapes of its own
    table are undone; other entities (``&pi;``) stay as written, so their name
    ends up in the id (``&pi; in Julia`` → ``pi_in_julia``)."""
    return _WIDE_FORM.sub(lambda m: _UNWIDE[m.group(0)], text)


_INLINE = (
    A.Text, A.Emphasis, A.Link, A.Image, A.CodeSpan, A.LineBreak, A.SoftBreak, A.InlineHtml,
    A.Styled, A.FootnoteRef, A.Reference,
)


def _is_inline(n: A.Node) -> bool:
    return isinstance(n, _INLINE) or (isinstance(n, A.Math) and not n.display)


def _lone_insert(n: A.Node) -> bool:
    """Is a top-level block of a recursive conversion a Franklin block that stood
    alone in its paragraph (``<p>##FDINSERT##</p>``), rather than a paragraph or a
    block of the Markdown parser's own (list, table, quote, indented code,
    setext heading, admonition)?"""
    if isinstance(n, A.Paragraph | A.List | A.Table | A.BlockQuote):
        return False
    if isinstance(n, A.Heading):
        return n.anchor
    if isinstance(n, A.CodeBlock):
        return n.fence != "    "
    if isinstance(n, A.Div) and n.classes[:1] == ("admonition",) and n.children:
        kid = n.children[0]
        return not (isinstance(kid, A.Paragraph) and kid.classes == ("admonition-title",))
    return True


def _hide_lines(code: str, lang: str | None) -> str:
    """Franklin's ``html_skip_hidden``: lines with ``# hide`` (any case, anywhere) or ``#src`` go;
    a line whose first such marker is ``#hideall`` hides the whole block.  A block without a
    language keeps every line (Franklin's language is then ``{{fill lang}}``, not a known one)."""
    if lang not in _HIDE_LANGS or "#" not in code:
        return code
    keep = []
    for line in code.split("\n"):
        m = _HIDE.search(line)
        if m is not None:
            if m.group(1) is not None:
                return ""
        elif "#src" not in line:
            keep.append(line)
    return "\n".join(keep)


def emit(
    doc: A.Document, *, page_vars: dict[str, Any] | None = None, global_vars: dict[str, Any] | None = None
) -> str:
    """The Markdown-stage HTML of an already expanded document (``{{ }}`` left in)."""
    return HtmlEmitter(page_vars, global_vars).document(doc)


_DBB = lazy_compile(r"\{\{")


def template_origins(doc: A.Document) -> list[int]:
    """Source offset of each ``{{`` the HTML of ``doc`` holds, in output order.

    Lets the template pass report its errors at the page's line and column
    rather than at a position in generated HTML.
    """
    out: list[int] = []
    for n in A.walk(doc):
        if isinstance(n, A.HFunCall | A.Toc) or (isinstance(n, A.CodeBlock) and n.lang is None):
            out.append(n.span.start)
        elif isinstance(n, A.CodeOutput) and n.text:  # inserted as it is, so its `{{` are the page's
            out.extend(n.span.start for _ in _DBB.finditer(n.text))
        elif isinstance(n, A.RawHtml | A.Text | A.Math | A.InlineHtml):
            body = (
                n.html
                if isinstance(n, A.RawHtml | A.InlineHtml)
                else n.text
                if isinstance(n, A.Text)
                else n.tex
            )
            lead = 3 if isinstance(n, A.RawHtml) else 0
            real = n.span.end - n.span.start >= len(body)
            out.extend(n.span.start + (lead + m.start() if real else 0) for m in _DBB.finditer(body))
    return out


def _has_reference(n: A.Heading) -> bool:
    """Whether an ``\\eqref`` / ``\\cite…`` is somewhere inside ``n`` (its ``children``, on a
    stack: no recursion however deep a header nests)."""
    kids = n.children
    if len(kids) == 1 and type(kids[0]) is A.Text:  # most headers: one text
        return False
    stack: list[A.Node] = [n]
    while stack:
        cur = stack.pop()
        if isinstance(cur, A.Reference):
            return True
        stack.extend(getattr(cur, "children", ()) or ())
    return False


class _TextHtml(dict[str, str]):
    """:func:`_julia_text` of each text, a short one's kept: a page's words, spaces and
    punctuation recur (a line of one letter each, by the ten thousand), each then one lookup."""

    def __missing__(self, text: str) -> str:
        html = _julia_text(text)
        if len(text) <= _SHORT_TEXT:
            self[text] = html
        return html


_SHORT_TEXT = 16  # the longest text kept: a bound on what the page's distinct texts hold


def _julia_text(text: str) -> str:
    """Text as Julia's Markdown writes it: ``--`` is an en dash (``en_dash``), the rest escaped
    wide, and ``{{`` / ``}}`` given back (Franklin's ``md2html``) for the template stage.  Only
    text with a ``&``, ``{`` or ``}`` can hold an entity or make one of those pairs."""
    if "&" not in text and "{" not in text and "}" not in text:
        return escape_wide(text.replace("--", "–"))
    out = escape_text(text.replace("--", "–"))
    return out.replace("&#123;&#123;", "{{").replace("&#125;&#125;", "}}")
