"""Raw HTML, typed HTML, math and code: what each flavor keeps in its own form."""

from __future__ import annotations

import html
import re

from ...core.refs import refstring
from ...reading import ast as A
from ..html import _hide_lines
from .calls import _Calls
from .rawhtml import (
    _HTML_ELEMENTS,
    _HTML_TAG,
    _TAG,
    _UNSAFE_HTML,
    _html_block,
    _inert,
    _outside_pre,
    _uncommented,
    _within_paragraph,
)
from .text import (
    _fence,
    escape_text,
)

#: a block tag, opening or closing (quoted attribute values may hold ``>``)
_BLOCK_TAG = re.compile(
    r"<(/?)(div|section|article|aside|main|header|footer|nav|figure|details|center)\b"
    r"((?:\"[^\"]*+\"|'[^']*+'|[^'\"<>])*+)>", re.I)


def _markdown_inside(raw: str) -> str:
    """Raw HTML that opens a block and leaves it open (``~~~<div class="grid">~~~`` before Markdown):
    kramdown and Python-Markdown read everything up to the closing tag as HTML, across blank
    lines, so the Markdown after it would show as typed; ``markdown="1"`` on the tags left open
    asks them to read it (CommonMark ends an HTML block at a blank line anyway).  A closing tag
    ends the latest tag of its name still open here; one with none closes a tag of an earlier
    block."""
    open_: dict[str, list[re.Match[str]]] = {}
    for m in _BLOCK_TAG.finditer(raw):
        mine = open_.setdefault(m.group(2).lower(), [])
        if not m.group(1):
            mine.append(m)
        elif mine:
            mine.pop()
    cuts = sorted(m.end() - 1 for ms in open_.values() for m in ms if "markdown=" not in m.group(3))
    if not cuts:
        return raw
    pieces = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
    return ' markdown="1"'.join(pieces)


class _Raw(_Calls):
    """Raw HTML, math, code blocks and outputs, errors and anchors."""

    def _rewrite_raw(self, raw: str, n: A.RawHtml) -> str:
        """Rewrite the ``src``/``href`` values the asset record found in this raw HTML."""
        if self.urls is None:
            return raw
        for url in dict.fromkeys(self._raw_urls.get((n.span.start, n.span.end), ())):
            new = self.urls(url, True)
            if new != url:
                for q in "\"'":
                    raw = raw.replace(f"={q}{url}{q}", f"={q}{new}{q}")
        return raw

    def _liquid_safe(self, block: str) -> str:
        """Jekyll runs Liquid over the body: ``{{`` and ``{%`` go inside ``{% raw %}``."""
        if "{{" not in block and "{%" not in block:
            return block
        if "{% endraw %}" in block:
            self.loss("FC722", None, "a block holding '{% endraw %}' left unprotected",
                      "Liquid's raw tag cannot contain its own end tag")
            return block
        return "{% raw %}\n" + block + "\n{% endraw %}"

    def visit_inline_html(self, n: A.InlineHtml) -> str:
        m = _HTML_TAG.match(n.html)
        name = m.group(1) if m is not None else None
        # a comment Julia's Markdown met inside a paragraph is text to Franklin: written so it
        # shows, where every Markdown reader (Franklin's too) would hide it
        if (m is None or n.html.startswith("<!--")
                or not (name is None or name.lower() in _HTML_ELEMENTS or "-" in name)):
            return self._as_text(n.html)
        if self.flavor.inert_html and _UNSAFE_HTML.search(n.html):
            self.loss("FC713", n, f"HTML typed in Markdown kept as text: {n.html[:40]!r}",
                      "it runs code in a browser (a script, an event handler); Franklin shows it as text")
            return self._as_text(n.html)
        self.loss("FC712", n, f"HTML typed in Markdown kept as HTML: {n.html[:40]!r}",
                  f"Franklin shows it as text (Julia's Markdown escapes it); {self.flavor.name} renders it")
        return n.html

    def _as_text(self, html: str) -> str:
        """Typed HTML as the text Franklin shows (Julia's ``--`` → ``–``, as in any text)."""
        text = escape_text(html.replace("--", "–"), in_link=self._link, in_table=self._pipes)
        return text.replace("<", "&lt;")

    def visit_raw_html(self, n: A.RawHtml) -> str:
        if not self._inline:
            return self._raw_block(n)
        form = self.flavor.raw_inline
        self._raw_at = self._raw_at or n
        raw = self._rewrite_raw(self._template_calls(_uncommented(n.html, form), n, in_place=False), n)
        if form == "quarto":
            fence = "`" * (max((len(m) for m in re.findall("`+", raw)), default=0) + 1)
            return f"{fence}{raw}{fence}{{=html}}"
        if form == "none":
            self.loss("FC711", n, "inline raw HTML kept as is", f"{self.flavor.name} has no inline raw HTML; "
                      "it may show as text")
        else:  # CommonMark reads the text between inline tags as Markdown (and so does Franklin)
            raw = _outside_pre(raw, self._between_tags)
        return _within_paragraph(raw)

    def _between_tags(self, part: str) -> str:
        """The text between the tags of inline raw HTML, escaped as paragraph text."""
        out: list[str] = []
        pos = 0
        for m in _TAG.finditer(part):
            out.append(escape_text(part[pos : m.start()], html_ok=True, in_link=self._link,
                                   in_table=self._pipes, braces=self._braces()))
            out.append(m.group(0))
            pos = m.end()
        out.append(escape_text(part[pos:], html_ok=True, in_link=self._link, in_table=self._pipes,
                               braces=self._braces()))
        return "".join(out)

    def _raw_block(self, n: A.RawHtml) -> str:
        form = self.flavor.raw_block
        # at the top, bare raw HTML reads back as HTML typed in Markdown, comments in place
        calls = self._template_calls(_uncommented(n.html, form), n, in_place=not self._nested)
        raw = self._rewrite_raw(calls, n).strip("\n")
        if not raw.strip():
            return ""
        self._raw_at = self._raw_at or n
        if form == "quarto":
            fence = _fence(raw)
            return f"{fence}{{=html}}\n{raw}\n{fence}"
        if form == "documenter":
            fence = _fence(raw)
            return f"{fence}@raw html\n{raw}\n{fence}"
        if self.flavor.div == "html-md":
            raw = _markdown_inside(raw)
        return _html_block(_inert(raw.strip()))

    def visit_math(self, n: A.Math) -> str:
        if not n.display:
            if n.env == "internal":
                return n.tex
            a, b = self.flavor.inline_math
            return a + self._bars(" ".join(n.tex.split("\n")).strip()) + b
        env = (n.env or "").rstrip("*")
        tex = n.tex
        if env in ("align", "aligned"):
            tex = f"\\begin{{aligned}}{tex}\\end{{aligned}}"
        elif env == "eqnarray":
            tex = f"\\begin{{array}}{{rcl}}{tex}\\end{{array}}"
        tex = re.sub(r"\n\s*\n", "\n", tex.strip())
        a, b = self.flavor.display_math
        if self._inline:
            return a + self._bars(" ".join(tex.split("\n"))) + b
        if self.flavor.math_block == "html":
            self._raw_at = self._raw_at or n
            out = f'<div class="math">\n{a}\n{html.escape(tex, quote=False)}\n{b}\n</div>'
        else:
            out = f"{a}\n{tex}\n{b}"
        if n.label is not None:
            anchor = self._anchor(refstring(n.label), n)
            if anchor:
                out = anchor + "\n\n" + out
        return out

    def _bars(self, tex: str) -> str:
        """Inline TeX where a ``|`` would end a table cell (or start a table, for kramdown):
        ``\\|`` and ``|`` as ``\\Vert`` and ``\\vert``, which TeX reads the same."""
        if not self._pipes or "|" not in tex:
            return tex
        def bar(m: re.Match[str]) -> str:
            return ("\\Vert" if m.group(0)[0] == "\\" else "\\vert") + (" " if m.group(1) else "")

        return re.sub(r"\\?\|(?=([A-Za-z])?)", bar, tex)

    def visit_code_block(self, n: A.CodeBlock) -> str:
        code = re.sub(r"\A(?:[ \t]*\n)+", "", _hide_lines(n.code, n.lang)).rstrip()
        if not code:
            return ""
        if n.shortcut is not None:
            self.loss("FC742", n, f"the result of this '```{n.shortcut}' block is not shown",
                      "Franklin runs the block with Julia to show its result")
        lang = n.lang if n.lang is not None else str(self.vars.get("lang") or "julia")
        if n.lang is None and _hide_lines(code, lang) != code:
            lang = ""  # Franklin hides no line of a fence without a language; a named one would
        fence = _fence(code)
        return f"{fence}{lang}\n{code}\n{fence}"

    def visit_code_output(self, n: A.CodeOutput) -> str:
        if n.text is None:
            self.loss("FC742", n, f"output of code block '{n.name}' left out",
                      "it is not cached (Franklin runs Julia to produce it)")
            return ""
        # blank lines first are left out, as for a code block (Franklin reads the fence back so)
        text = re.sub(r"\A(?:[ \t]*\n)+", "", n.text).rstrip()
        if not text:
            return ""
        fence = _fence(text)
        return f"{fence}plaintext\n{text}\n{fence}"

    def visit_unresolved(self, n: A.Unresolved) -> str:
        self.loss("FC740", n, f"'{n.what}' kept as written", "it needs Julia (Franklin evaluates it)")
        return self.visit(A.CodeSpan(span=n.span, code=n.raw.strip()))

    def visit_error_block(self, n: A.ErrorBlock) -> str:
        self.loss("FC741", n, "Franklin's error message kept as text", n.message)
        return escape_text(f"// {n.message} //")

    def visit_anchor(self, n: A.Anchor) -> str:
        return self._anchor(n.id, n)

    def _julia_footnote(self, n: A.Escape) -> str:
        """``[^a]`` right before a letter, digit, ``]`` or ``:`` (``[^a]b``): Franklin leaves it to
        Julia's Markdown, whose own footnote link it shows (``<a href="#footnote-a"
        class="footnote">[a]</a>``, no definition, no numbering).  Written as that HTML, which
        CommonMark keeps and Franklin reads back as the same text (``[a]`` is no footnote);
        Julia's Markdown itself (Documenter) reads ``[^a]`` the same way."""
        if not self._commonmark_reader:
            return n.char
        return self.visit_raw_html(A.RawHtml(span=n.span, html=n.html))
