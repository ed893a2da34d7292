"""Markdown in one flavor: the page with its front matter, and every Markdown construct."""

from __future__ import annotations

import html
import re

from ...core.refs import escape_attr
from ...expand.facts import facts_of
from ...reading import ast as A
from ..frontmatter import render as render_front_matter
from ..frontmatter import translate
from .rawhtml import (
    _ACROSS_LINES,
    _QUOTED_CALLOUTS,
    _within_paragraph,
    reads_inline,
)
from .structure import _Structure
from .text import (
    _ALT_ENTITIES,
    _CALLOUT_FALLBACK,
    _DELIM,
    _OPENS_LINES,
    _hang,
    _indent,
    _link_dest,
    _literal_text,
    _quote,
    escape_text,
)

_TICKS = re.compile("`+")


class MarkdownEmitter(_Structure):
    """Markdown in one :class:`Flavor`; ``losses`` fills up while emitting."""

    name = "markdown"

    def document(self, doc: A.Document) -> str:
        """The whole page: front matter, then the body."""
        self._prepass(doc)
        self._comments = sorted((c for c in doc.comments if c.text.strip()), key=lambda c: c.span.start)
        if not self._commonmark_reader:  # Julia's Markdown (Documenter) would show them as text
            self._comments = []
        self._comment_starts = [c.span.start for c in self._comments]
        self._deferred = []
        try:
            parts = [text for _kind, text in self._parts(doc.children, top=True)]
        finally:
            self._deferred = None
        if self.flavor.liquid:
            parts = [self._liquid_safe(p) for p in parts]
        body = "\n\n".join(p for p in parts if p)
        fm = translate(doc.vars, self.flavor, key_map=self.key_map)
        if self._toc_in_front:
            fm.items["toc"] = True
        fm.items.update(self.front_matter)
        for d in fm.dropped:
            self.loss(d.code, d.node, d.what, d.why)
        if self._raw_at is not None and self.flavor.raw_html_note:
            self.loss("FC710", self._raw_at, "raw HTML kept", self.flavor.raw_html_note)
        self.losses.sort(key=lambda x: (x.line or 0, x.col or 0))
        return render_front_matter(fm, self.flavor) + body + ("\n" if body else "")

    def _prepass(self, doc: A.Document) -> None:
        """What the page's links and definitions tell before any block is written; the walk of
        the whole tree (:meth:`_walk`) waits until a node needs what it finds, which most
        pages never do (no footnote, no reference, no heading id written)."""
        self._doc, self._walked = doc, False
        # Julia's Markdown (Documenter) reads no ``[^name]`` link definitions either
        self._named = {d.label: d.url for d in doc.link_defs if d.label.startswith("^") and len(d.label) > 1
                       } if self._commonmark_reader else {}
        if self._named:  # links written as footnotes: every link needs to know
            self._walk()
        if self.urls is not None:
            for ref in doc.assets:
                if ref.role.startswith("html-"):
                    self._raw_urls.setdefault((ref.span.start, ref.span.end), []).append(ref.text)

    def _walk(self) -> None:
        """Equation numbers, citation names, used footnotes and in-page link targets (once)."""
        if self._walked:
            return
        self._walked = True
        assert self._doc is not None, "_prepass comes first"
        facts = facts_of(self._doc, collect=(A.FootnoteRef, A.FootnoteDef, A.Link))
        self._eq_numbers, self._bib_names = facts.eq_numbers, facts.bib_names
        named = self._named
        for node in facts.found:
            if isinstance(node, A.FootnoteRef):
                self._fn_used.add(node.id)
                self._fn_numbers.setdefault(node.id, len(self._fn_numbers) + 1)
            elif isinstance(node, A.FootnoteDef):
                self._fn_defined.add(node.id)
            elif isinstance(node, A.Link):
                if node.url.startswith("#"):
                    self._targets.add(node.url[1:])
                kids = node.children
                one = kids[0] if named and len(kids) == 1 else None
                if isinstance(one, A.Text) and named.get(one.text) == node.url:
                    self._fn_links.add(one.text)

    # -- Markdown ----------------------------------------------------------------------

    def visit_document(self, n: A.Document) -> str:
        return self.blocks(n.children)

    def visit_paragraph(self, n: A.Paragraph) -> str:
        if self._inline:
            return self.inline(n.children)
        if n.classes:
            return self._classed_paragraph(n)
        if (raw := self._unreadable_html(n.children)) is not None:
            return self._as_html(n, raw, "a paragraph")
        return self._paragraph(n.children)

    def _unreadable_html(self, nodes: tuple[A.Node, ...]) -> A.RawHtml | None:
        """The raw HTML among these inline nodes that, written inline, would read back as text."""
        if self.flavor.raw_inline != "bare":
            return None
        stack = list(nodes)
        while stack:
            n = stack.pop()
            if isinstance(n, A.RawHtml):
                if not reads_inline(n.html):
                    return n
            elif isinstance(n, A.Parent):
                stack.extend(n.children)
        return None

    def _as_html(self, n: A.Node, raw: A.RawHtml, what: str) -> str:
        """A block as the HTML Franklin makes of it: a tag of its raw HTML would read back as
        text in Markdown (an attribute holding ``\\"``), where a browser reads a tag."""
        self.loss("FC714", raw, f"{what} written as HTML",
                  "it holds raw HTML with a tag that Markdown would show as text")
        return self._raw_block(A.RawHtml(span=n.span, html=self._html.join((n,))))

    def _classed_paragraph(self, n: A.Paragraph) -> str:
        """A paragraph with classes (an admonition title outside a callout)."""
        form = self.flavor.div
        if form == "pandoc":
            classes = " ".join("." + c for c in n.classes)
            return f"::: {{{classes}}}\n{self._paragraph(n.children)}\n:::"
        if form == "raw-block":
            self.loss("FC751", n, f"class '{' '.join(n.classes)}' of a paragraph dropped",
                      f"{self.flavor.name} has no classes on paragraphs")
            return self._paragraph(n.children)
        self._raw_at = self._raw_at or n
        inner = _within_paragraph(self._html.join(n.children))
        return f'<p class="{html.escape(" ".join(n.classes), quote=True)}">{inner}</p>'
    def visit_heading(self, n: A.Heading) -> str:
        self._oneline, was = True, self._oneline
        try:
            text = self.inline(n.children).strip()
        finally:
            self._oneline = was
        rid = None
        if n.anchor:
            rid, first = self._heading_id(n)
            if first is None:
                self._titles[rid] = text
            else:  # Franklin shows a repeated header (same id) with the first one's text
                text = self._titles.get(first, text)
        line = "#" * n.level + (" " + text if text else "")
        if rid is not None and self.flavor.heading_ids:
            self._walk()
            if rid in self._targets:
                line += " {#" + rid + "}"
        return line

    def _heading_id(self, n: A.Heading) -> tuple[str, str | None]:
        """The id Franklin gives this header, as :class:`HtmlEmitter` claims it, and for a
        repeated one (``x__2``) the id of the first header it repeats (whose text it shows)."""
        ids = self._html.state.header_ids
        self._html.visit_heading(n)
        rid = self._html.state.headers[-1].id
        if ids.counts.get(rid) != 0:
            return rid, None
        first = ids.titles.get(rid)
        base = next((h.id for h in self._html.state.headers if h.html == first), None)
        return rid, base

    def visit_text(self, n: A.Text) -> str:
        text = n.text.replace("--", "–")
        # (whether braces are escaped matters only to text holding one)
        return escape_text(text, in_link=self._link, in_table=self._pipes,
                           braces=self._braces() if "{" in text or "}" in text else True)

    def visit_emphasis(self, n: A.Emphasis) -> str:
        inner = self.inline(n.children)
        core = inner.strip()
        if not core:
            return inner
        mark = "**" if n.strong else "*"
        if core[0] == "*" or core[-1] == "*":  # ***x*** would nest the other way round
            mark = mark.replace("*", "_")
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        return f"{lead}{mark}{core}{mark}{trail}"

    def visit_link(self, n: A.Link) -> str:
        kids = n.children
        if len(kids) == 1 and isinstance(kids[0], A.Text) and kids[0].text in self._fn_links:
            return f"[{kids[0].text}]"  # a footnote whose name Franklin does not take (see below)
        self._link, was = True, self._link
        try:
            text = self.inline(n.children)
        finally:
            self._link = was
        title = "" if n.title is None else ' "' + n.title.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"[{text}]({_link_dest(self._url(n), angled=self._commonmark_reader)}{title})"

    def visit_image(self, n: A.Image) -> str:
        dest = _link_dest(self._url(n), angled=self._commonmark_reader)
        return f"![{n.alt.translate(_ALT_ENTITIES)}]({dest})"

    def _url(self, n: A.Link | A.Image) -> str:
        """The address; one written with Franklin constructs is what they render to."""
        url = self._fill_url(html.unescape(self._html.join(n.target)).strip() if n.target else n.url)
        return url if self.urls is None else self.urls(url, False)

    def visit_code_span(self, n: A.CodeSpan) -> str:
        code = n.code.replace("\n", " ")
        runs = [len(m) for m in _TICKS.findall(code)] if "`" in code else []
        k = 1
        while k in runs:
            k += 1
        pad = " " if (code.startswith("`") or code.endswith(("`", "\\"))  # Franklin reads \` as a tick
                      or (code[:1] == code[-1:] == " ")) else ""
        return "`" * k + pad + code + pad + "`" * k

    def visit_line_break(self, n: A.LineBreak) -> str:
        if self._table:
            return "<br>"
        return " " if self._oneline else "\\\n"

    def visit_soft_break(self, n: A.SoftBreak) -> str:
        return " " if self._table or self._oneline else "\n"



    def visit_list(self, n: A.List) -> str:
        if n.tight:  # a tight item's text is no paragraph: the whole list in HTML
            for item in n.children:
                for p in item.child_nodes():
                    if isinstance(p, A.Paragraph) and (raw := self._unreadable_html(p.children)) is not None:
                        return self._as_html(n, raw, "a list")
        items: list[str] = []
        for i, item in enumerate(n.children):
            marker = f"{n.start + i}." if n.ordered else n.bullet
            body = self.blocks(item.child_nodes(), tight=n.tight)
            items.append(_hang(marker + " ", body) if body else marker)
        return ("\n" if n.tight else "\n\n").join(items)

    def visit_list_item(self, n: A.ListItem) -> str:
        return self.blocks(n.children)

    def visit_block_quote(self, n: A.BlockQuote) -> str:
        return _quote(self.blocks(n.children))

    def visit_table(self, n: A.Table) -> str:
        rows = [self._cells(r) for r in n.children]
        if not rows:
            return ""
        width = max(len(r) for r in rows)
        aligns = [*n.aligns, *([None] * width)][:width]
        lines = ["| " + " | ".join([*r, *([""] * (width - len(r)))]) + " |" for r in rows]
        lines.insert(1, "| " + " | ".join(_DELIM.get(a, "---") for a in aligns) + " |")
        return "\n".join(lines)

    def _cells(self, row: A.Node) -> list[str]:
        self._table, was = True, self._table
        try:
            return [self.inline(c.child_nodes()).strip() for c in row.child_nodes()]
        finally:
            self._table = was

    def visit_table_row(self, n: A.TableRow) -> str:
        return "| " + " | ".join(self._cells(n)) + " |"

    def visit_table_cell(self, n: A.TableCell) -> str:
        return self.inline(n.children)

    def visit_thematic_break(self, n: A.ThematicBreak) -> str:
        if self._inline:  # inside a header (Franklin reads ``---`` there): only HTML can hold it
            return self.visit_raw_html(A.RawHtml(span=n.span, html="<hr>"))
        return "***"

    def visit_div(self, n: A.Div) -> str:
        kids = n.children
        title: A.Paragraph | None = None
        if n.classes[:1] == ("admonition",) and len(n.classes) > 1:  # Julia's ``!!! kind "title"``
            kind: str | None = self.callouts.get(n.classes[1], n.classes[1])
            if kids and isinstance(kids[0], A.Paragraph) and "admonition-title" in kids[0].classes:
                title, kids = kids[0], kids[1:]
        else:
            kind = next((self.callouts[c] for c in n.classes if c in self.callouts), None)
        if self.flavor.callout is not None and kind is not None:
            label = self.inline(title.children).strip() if title is not None else ""
            inner = self.blocks(kids)
            if not (self.flavor.callout in _QUOTED_CALLOUTS and _ACROSS_LINES.search(inner)):
                return self._callout(self._callout_type(kind), label, inner)
        return self._plain_div(n)

    def _callout_type(self, kind: str) -> str:
        allowed = self.flavor.callout_types
        if not allowed or kind in allowed:
            return kind
        near = _CALLOUT_FALLBACK.get(kind, "note")
        return near if near in allowed else "note"

    def _callout(self, kind: str, title: str, inner: str) -> str:
        style = self.flavor.callout
        if style == "quarto":
            fence = self._colons(inner)
            attr = f' title="{title.replace(chr(34), chr(39))}"' if title else ""
            return f"{fence} {{.callout-{kind}{attr}}}\n{inner}\n{fence}"
        if style == "admonition":
            head = f'!!! {kind}' + (f' "{title.replace(chr(34), chr(39))}"' if title else "")
            return head + "\n" + _indent(inner, "    ")
        body = f"**{title}**\n\n{inner}" if title else inner
        if style == "alert":
            return _quote(f"[!{kind.upper()}]\n" + body)
        return _quote(body) + f"\n{{: .{kind}}}"

    def _plain_div(self, n: A.Div) -> str:
        inner = self.blocks(n.children)
        classes = " ".join(n.classes)
        form = self.flavor.div
        if form == "pandoc":
            fence = self._colons(inner)
            return f"{fence} {{{' '.join('.' + c for c in n.classes)}}}\n{inner}\n{fence}"
        self._raw_at = self._raw_at or n
        attr = html.escape(classes, quote=True)
        if form == "raw-block":
            return f'```@raw html\n<div class="{attr}">\n```\n\n{inner}\n\n```@raw html\n</div>\n```'
        extra = ' markdown="1"' if form == "html-md" else ""
        return f'<div class="{attr}"{extra}>\n' + (f"\n{inner}\n\n" if inner else "") + "</div>"

    @staticmethod
    def _colons(inner: str) -> str:
        runs = [len(m) for m in re.findall(r"^:{3,}", inner, re.M)]
        return ":" * max(3, max(runs, default=0) + 1)

    def visit_styled(self, n: A.Styled) -> str:
        inner = self.inline(n.children)
        form = self.flavor.styled
        if form == "pandoc":
            return f"[{inner}]{{style=\"{n.style.replace(chr(34), chr(39))}\"}}"
        if form == "none":
            self.loss("FC750", n, "style dropped", f"{self.flavor.name} has no styled spans")
            return inner
        self._raw_at = self._raw_at or n
        return f'<span style="{html.escape(n.style, quote=True)}">{inner}</span>'

    def visit_fragment(self, n: A.Fragment) -> str:
        kids = n.children
        if not self._inline:
            return self.blocks(kids)
        if len(kids) == 1 and isinstance(kids[0], A.Paragraph):
            return self.inline(kids[0].children)
        if all(self._is_inline(k) for k in kids):
            return self.inline(kids)
        self._inline, depth = 0, self._inline
        try:
            return "\n\n" + self.blocks(kids) + "\n\n"
        finally:
            self._inline = depth

    def visit_footnote_ref(self, n: A.FootnoteRef) -> str:
        self._walk()
        if n.id in self._fn_defined:
            return f"[^{n.id}]"
        # a reference to no note: a Markdown reader shows ``[^id]`` as typed, Franklin a dead
        # superscript link numbered as the page's notes are
        self.loss("FC760", n, f"footnote '{n.id}' has no definition",
                  "written as the superscript link Franklin shows")
        fid = escape_attr(n.id)
        k = self._fn_numbers[n.id]
        sup = f'<sup id="fnref:{fid}"><a href="#fndef:{fid}" class="fnref">[{k}]</a></sup>'
        return self.visit_raw_html(A.RawHtml(span=n.span, html=sup))

    def visit_footnote_def(self, n: A.FootnoteDef) -> str:
        self._walk()
        if n.id not in self._fn_used:
            return ""  # Franklin shows only definitions that are referred to
        depth, self._inline = self._inline, 0
        try:
            line = self._footnote_line(n.children)
            if line is not None:
                return f"[^{n.id}]: {line}"
            if all(self._is_inline(k) for k in n.children):
                body = self._paragraph(n.children)
            else:
                body = self.blocks(n.children)
        finally:
            self._inline = depth
        first, _, rest = body.partition("\n")
        if not _OPENS_LINES.match(first):  # Franklin reads a definition's first line as its text
            return f"[^{n.id}]: {first}" + ("\n" + _indent(rest, "    ") if rest else "")
        return f"[^{n.id}]:\n" + _indent(body, "    ")  # a fence first: on its own lines

    def _footnote_line(self, kids: tuple[A.Node, ...]) -> str | None:
        """Paragraphs and display math of a definition on one line, as Franklin reads (and
        writes) them: ``[^1]: text $$ x $$ more``; ``None`` when that is not what it holds."""
        if not any(isinstance(k, A.Math) and k.display for k in kids):
            return None
        pieces: list[str] = []
        run: list[A.Node] = []
        for k in [*kids, None]:
            if k is not None and self._is_inline(k):
                run.append(k)
                continue
            if run:
                pieces.append(self._paragraph(run))
                run = []
            if k is None:
                break
            if isinstance(k, A.Paragraph) and not k.classes:
                pieces.append(self._paragraph(k.children))
            elif isinstance(k, A.Math) and k.display and k.label is None:
                self._inline += 1
                try:
                    pieces.append(self.visit_math(k))
                finally:
                    self._inline -= 1
            else:
                return None
        line = " ".join(p for p in pieces if p)
        return None if "\n" in line else line

    def visit_escape(self, n: A.Escape) -> str:
        c = n.char
        if _literal_text(n) is not None:
            return self._literal(c)
        if c.startswith("[^") and n.html.startswith("<a "):
            return self._julia_footnote(n)
        if c in ("*", "_", "`", "@"):
            return "\\" + c
        if c == "\\":
            return "&#92;"
        return c



    def _literal(self, text: str) -> str:
        """A stretch of Franklin's literal paragraph (Julia's indented code, shown as text):
        every character escaped, so that it reads back as text; blank lines and indentation
        dropped (they would end the paragraph, or make code; HTML shows neither)."""
        text = re.sub(r"(?:(?<![ \t])[ \t]+)?\n(?:[ \t]*\n)+", "\n", text)
        return escape_text(text, in_link=self._link, in_table=self._pipes, braces=self._braces(),
                           literal=True)

    def visit_reference(self, n: A.Reference) -> str:
        self._walk()
        if n.style == "eqref":
            nums = [self._eq_numbers.get(k) for k in n.keys]
            refs = [f"[{x}](#{k})" if x else "**??**" for k, x in zip(n.keys, nums, strict=True)]
            return "(" + ", ".join(refs) + ")"
        names = [self._bib_names.get(k) for k in n.keys]
        inner = ", ".join(f"[{escape_text(x, in_link=True)}](#{k})" if x else "**??**"
                          for k, x in zip(n.keys, names, strict=True))
        return f"({inner})" if n.style == "citep" else inner

    def visit_var_assignment(self, n: A.VarAssignment) -> str:
        return ""  # out of the flow: page variables become front matter

    visit_command_def = visit_var_assignment

    def visit_link_def(self, n: A.LinkDef) -> str:
        """Franklin takes only ``\\w`` names for footnotes: ``[^my-note]: text`` is a link
        definition there, so ``[^my-note]`` a link to ``text``.  The author meant a footnote,
        which every target has: written as one, its text as the author typed it (Franklin
        reads it back as the same definition)."""
        if n.label in self._fn_links:  # inside a paragraph, it ends its line (it holds the line end)
            return f"[{n.label}]: {n.url}" + ("\n" if self._inline else "")
        return ""

    visit_comment = visit_var_assignment
    visit_asset_ref = visit_var_assignment
