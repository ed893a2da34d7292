"""Markdown for other generators: one emitter over the expanded tree, flavors as data.

It reads the tree the HTML emitter reads (``\\newcommand`` uses already
expanded into :class:`~franklin_compat.reading.ast.Fragment` nodes), so a page converts
to Markdown with the same content it has as HTML.  What differs between targets
(math delimiters, callouts, raw HTML, table of contents, front matter) comes from
a :class:`~franklin_compat.emit.flavors.Flavor`.

Nothing is dropped silently: whatever the target cannot hold becomes a
:class:`Loss` (code, file, line, col, what, why) returned with the text.

Text is escaped so that CommonMark readers *and* Franklin's own parser read it
back as the same text: braces, ``$`` and ``*`` get a backslash, while ``<`` and
``~~`` become entities (a backslash before them means something else to
Franklin).  Output re-parsed by :func:`franklin_compat.parse` and emitted again
gives the same text (md → md → md): raw HTML blocks read back as HTML typed in
Markdown, which is written as typed where CommonMark reads it as an HTML block;
the author's ``<!-- -->`` comments are kept (after the block holding them), so a
template call kept in a comment reads back as that comment.  The exceptions are
front matter (YAML is not Franklin syntax) and what ``docs/emitters.md`` lists.
"""

from __future__ import annotations

import bisect
import difflib
import html
import os
import re
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import FranklinError
from ..core.refs import escape_text as escape_html
from ..core.refs import refstring
from ..core.source import Source
from ..expand.numbering import equations_and_citations
from ..frontmatter import render as render_front_matter
from ..frontmatter import translate
from ..reading import ast as A
from ..reading.pagevars import to_julia_string
from .base import Emitter
from .flavors import DEFAULT_CALLOUTS, FLAVORS, Flavor
from .html import HtmlEmitter, _hide_lines

if TYPE_CHECKING:
    from ..site.site import Site


@dataclass(frozen=True, slots=True)
class Loss:
    """Something of the page the target cannot hold, where it is, and why."""

    code: str
    file: str | None
    line: int | None
    col: int | None
    what: str
    why: str

    def render(self) -> str:
        """``path:line:col: CODE what: why``, as diagnostics print."""
        where = self.file or "<string>"
        if self.line is not None:
            where += f":{self.line}:{self.col or 1}"
        return f"{where}: {self.code} {self.what}: {self.why}"


class LossWarning(UserWarning):
    """A :class:`Loss`, issued by the registered emitters (which return text only)."""


@dataclass(frozen=True, slots=True)
class MarkdownResult:
    text: str
    losses: tuple[Loss, ...]


_INLINE_KINDS = frozenset({
    "text", "emphasis", "link", "image", "code_span", "line_break", "soft_break", "inline_html", "styled",
    "footnote_ref", "escape", "anchor", "reference", "hfun_call", "raw_html", "unresolved", "command",
})
_ENTITY = re.compile(r"&(?:[A-Za-z0-9]+|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ALT_ENTITIES = str.maketrans({
    "*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;", "$": "&#36;",
    "{": "&#123;", "}": "&#125;", "<": "&lt;", "~": "&#126;", "@": "&#64;", "\n": " ",
})
# A paragraph line that would start a block, or mean something at a line start.
_LINE_START = re.compile(
    r"(?:#{1,6}|[-+]|=+|-+|:::|!!!|\?\?\?)(?=[ \t]|$)|>|\+\+\+|\d{1,9}(?=[.)](?:[ \t]|$))"
)
_RAW_PRE = re.compile(r"<(pre|script|style|textarea)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[A-Za-z/!][^<>]*>")
_HTML_TAG = re.compile(r"<(?:/?([A-Za-z][A-Za-z0-9-]*)[\s/>]|!--|!doctype|\?xml)", re.I)
_HTML_ELEMENTS = frozenset({
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blink",
    "blockquote", "body", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
    "colgroup", "data", "datalist", "dd", "del", "details", "dfn", "dialog", "div", "dl", "dt", "em",
    "embed", "fieldset", "figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "head", "header", "hr", "html", "i", "iframe", "img", "input", "ins", "kbd", "label",
    "legend", "li", "link", "main", "map", "mark", "meta", "meter", "nav", "noscript", "object", "ol",
    "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q", "s", "samp",
    "script", "section", "select", "small", "source", "span", "strike", "strong", "style", "sub",
    "summary", "sup", "svg", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead",
    "time", "title", "tr", "track", "tt", "u", "ul", "var", "video", "wbr", "g", "defs", "path",
    "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan", "use", "symbol",
    "clippath", "lineargradient", "radialgradient", "stop", "mask", "pattern", "image", "foreignobject",
    "math", "nobr", "acronym", "applet", "basefont", "bgsound", "dir", "frame", "frameset", "hgroup",
    "keygen", "listing", "marquee", "menu", "menuitem", "noembed", "noframes", "plaintext", "rb", "rp",
    "rt", "rtc", "ruby", "search", "slot", "xmp", "base",
})
# A first line that opens a block spanning several lines (a fence, display math, a div).
_OPENS_LINES = re.compile(r"`{3,}|~{3,}|\$\$|:{3,}|!!!|\{%|<div\b")
_DBB = re.compile(r"\{\{(.*?)\}\}", re.S)
_DELIM = {None: "---", "left": ":--", "right": "--:", "center": ":-:"}
# Julia admonition kinds a target lacks, and the nearest one it has.
_CALLOUT_FALLBACK = {"danger": "caution", "info": "note", "compat": "note", "details": "note"}


def escape_text(
    s: str, *, html_ok: bool = False, in_link: bool = False, in_table: bool = False, braces: bool = True,
    literal: bool = False,
) -> str:
    """Text as Markdown that CommonMark and Franklin both read back as ``s``.

    ``html_ok`` keeps ``<`` and ``&`` (for values Franklin inserts as HTML);
    ``braces=False`` leaves ``{ }`` alone (Franklin only rejects unbalanced ones).
    A ``_`` inside a word stays bare only when it is the only one: Julia's Markdown
    opens emphasis inside words (``a_b_c`` is ``a<em>b</em>c`` to Franklin).
    ``literal`` text (Franklin's literal paragraphs) escapes every ``_`` and keeps
    ``--`` from becoming a dash.
    """
    out: list[str] = []
    n = len(s)
    lone_underscore = not literal and s.count("_") == 1
    for i, c in enumerate(s):
        nxt = s[i + 1] if i + 1 < n else ""
        if c == "\\":
            out.append("&#92;" if not nxt or nxt in _ASCII_PUNCT or nxt.isalpha() or nxt == "\n" else "\\")
        elif c in "*`$" or (c in "{}" and braces):
            out.append("\\" + c)
        elif c == "_":
            prev = s[i - 1] if i else ""
            out.append("_" if lone_underscore and prev.isalnum() and nxt.isalnum() else "\\_")
        elif c == "-" and literal and i and s[i - 1] == "-":
            out.append("&#45;")
        elif c == "<" and not html_ok and (nxt.isalpha() or nxt in "/!?"):
            out.append("&lt;")
        elif c == "&" and not html_ok and _ENTITY.match(s, i):
            out.append("&amp;")
        elif c == "~" and nxt == "~":
            out.append("&#126;")
        elif c == "@" and (nxt == "@" or s.startswith("@def ", i)):
            out.append("\\@")
        elif c in "[]" and in_link:
            out.append("&#91;" if c == "[" else "&#93;")
        elif c == "|" and in_table:
            out.append("\\|")
        else:
            out.append(c)
    return "".join(out)


def _same_list(a: A.List | None, b: A.List) -> bool:
    """Would CommonMark read ``b``, written after ``a``, as more items of ``a``?"""
    return a is not None and a.ordered == b.ordered and (a.ordered or a.bullet == b.bullet)


def _fix_lines(text: str) -> str:
    """A paragraph's lines, none of them starting a block by accident."""
    out: list[str] = []
    for line in text.split("\n"):
        line = line.lstrip(" \t")
        if not line.endswith("\\"):
            line = line.rstrip(" \t")
        m = _LINE_START.match(line)
        if m:
            if line[0].isdigit():
                line = line[: m.end()] + "\\" + line[m.end() :]
            elif line.startswith("+"):
                line = "&#43;" + line[1:]
            else:
                line = "\\" + line
        out.append(line)
    return "\n".join(out)


def is_text(n: A.Node) -> bool:
    return isinstance(n, A.Text | A.SoftBreak | A.LineBreak | A.Escape)


def _literal_text(n: A.Node) -> str | None:
    """The text of a stretch of Franklin's literal paragraph (the parser's :class:`A.Escape`
    holding several characters shown as they are), or ``None``."""
    if isinstance(n, A.Escape) and len(n.char) > 1 and not _ENTITY.fullmatch(n.char) \
            and n.html == escape_html(n.char):
        return n.char
    return None


def _balanced(nodes: list[A.Node]) -> bool:
    """Do the braces of the text under ``nodes`` pair up (then they can stay as written)?"""
    depth = 0
    for top in nodes:
        for n in A.walk(top):
            text = n.text if isinstance(n, A.Text) else _literal_text(n)
            if text is not None:
                if "{{" in text or "}}" in text or "{%" in text:
                    return False  # a template call to Franklin, Liquid or Hugo
                for c in text:
                    if c == "{":
                        depth += 1
                    elif c == "}":
                        depth -= 1
                        if depth < 0:
                            return False
    return depth == 0


def _hang(prefix: str, body: str) -> str:
    """``body`` after ``prefix``, later lines indented to line up with it."""
    pad = " " * len(prefix)
    lines = body.split("\n")
    return prefix + lines[0] + "".join("\n" + (pad + ln if ln else "") for ln in lines[1:])


def _indent(body: str, pad: str) -> str:
    return "\n".join(pad + ln if ln else "" for ln in body.split("\n"))


def _quote(body: str) -> str:
    return "\n".join("> " + ln if ln else ">" for ln in body.split("\n"))


def _fence(text: str, char: str = "`") -> str:
    runs = [len(m) for m in re.findall(re.escape(char) + "+", text)]
    return char * max(3, max(runs, default=0) + 1)


_URL_ESCAPES = str.maketrans({" ": "%20", "\n": "%0A", "<": "%3C", ">": "%3E", "$": "%24", "\\": "%5C"})
_URL_ESCAPES_ANGLED = str.maketrans({"\n": "%0A", "<": "%3C", ">": "%3E", "$": "%24", "\\": "%5C"})


def _link_dest(url: str, *, angled: bool = True) -> str:
    """A link address both readers take whole: what would end it or mean math is percent-encoded;
    one with spaces (Julia's Markdown reads ``[a](b c)`` and ``[a]( b)`` as links to ``b c`` and
    `` b``) is written in CommonMark's ``<…>`` form, which keeps them (not ``angled``: for Julia's
    Markdown, which would keep the brackets, spaces are ``%20``).  Spaces around it are left
    out: a browser strips them from an ``href`` (so Franklin's `` b`` goes to ``b``), while
    CommonMark would encode them (``%20b``, another address)."""
    url = url.strip(" \t\n\r\f")
    spaced = angled and " " in url
    url = url.translate(_URL_ESCAPES_ANGLED if spaced else _URL_ESCAPES)
    if url.count("(") != url.count(")"):
        url = url.replace("(", "%28").replace(")", "%29")
    return f"<{url}>" if spaced else url


def _outside_pre(raw: str, fix: Callable[[str], str]) -> str:
    """``fix`` applied to raw HTML except inside ``<pre>``, ``<script>``, ``<style>``, ``<textarea>``."""
    out: list[str] = []
    pos = 0
    for m in [*_RAW_PRE.finditer(raw), None]:
        start, end = (m.start(), m.end()) if m is not None else (len(raw), len(raw))
        out.append(fix(raw[pos:start]))
        if m is not None and m.group(1).lower() in ("pre", "textarea"):
            out.append(_no_blank_lines(m.group(0), verbatim=True))
        elif m is not None:  # script, style: indentation means nothing there
            out.append(re.sub(r"[ \t]*\n[ \t]*", "\n", _no_blank_lines(m.group(0))))
        pos = end
    return "".join(out)


def _no_blank_lines(text: str, *, verbatim: bool = False) -> str:
    """Blank lines removed (they end a CommonMark HTML block); in ``verbatim`` text
    (``<pre>``) each becomes a ``&#10;`` opening the next line, which reads the same."""
    lines = text.split("\n")
    out: list[str] = []
    blank = 0
    for i, line in enumerate(lines):
        if not line.strip() and 0 < i < len(lines) - 1:
            blank += 1
            continue
        out.append("&#10;" * blank + line if verbatim else line)
        blank = 0
    return "\n".join(out)


def _one_line_tags(part: str) -> str:
    """Tags on one line (a tag spread over lines starts no HTML block), lines not indented."""
    part = _TAG.sub(lambda m: re.sub(r"\s*\n\s*", " ", m.group(0)), _no_blank_lines(part))
    return re.sub(r"[ \t]*\n[ \t]*", "\n", part)


_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Callouts written as a ``>`` quote, and what Franklin reads across lines whatever opens them
# (a fence, display math): quoted, its ``> `` markers would be read into it, so a callout
# holding one is written as a plain div.
_QUOTED_CALLOUTS = frozenset({"alert", "kramdown"})
_ACROSS_LINES = re.compile(r"^(?:```|~~~|\$\$|\\\[)", re.M)
_RAW_TEXT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_NOT_A_TAG = re.compile(r"<(?=[A-Za-z][A-Za-z0-9-]*[^A-Za-z0-9\s/>-])")


def _inert(raw: str) -> str:
    """Raw HTML written bare, out of Franklin's ``~~~``, where Franklin reading the Markdown
    back would find its own markup: a ``$`` (math) becomes ``&#36;``, and a ``<`` that opens
    no tag (``<https://…>``, which CommonMark and Julia read as a link) ``&lt;``.  A browser
    shows both as before; ``<script>``/``<style>`` text, where entities mean nothing, is kept."""
    out: list[str] = []
    pos = 0
    for m in [*_RAW_TEXT.finditer(raw), None]:
        start, end = (m.start(), m.end()) if m is not None else (len(raw), len(raw))
        out.append(_NOT_A_TAG.sub("&lt;", raw[pos:start].replace("$", "&#36;")))
        out.append(raw[start:end])
        pos = end
    return "".join(out)


def _uncommented(raw: str, form: str) -> str:
    """Raw HTML without its comments where it stands bare in the Markdown: they show nothing,
    and Franklin, reading the Markdown back, takes them for its own comments and drops them."""
    return _HTML_COMMENT.sub("", raw) if form == "bare" else raw


def _html_block(raw: str) -> str:
    """Raw HTML that CommonMark keeps as HTML: no blank line, every tag on one line."""
    return _outside_pre(raw, _one_line_tags)


def _within_paragraph(raw: str) -> str:
    """Inline raw HTML that cannot end its paragraph: no blank line, no tag opening a line."""
    return _outside_pre(raw, lambda part: re.sub(r"\n[ \t]*(?=<)", " ", _one_line_tags(part)))


# CommonMark's HTML blocks: type 1 (ends at its closing tag), 6 (block-level tags) and 7 (a
# complete tag alone on its line); 6 and 7 end at a blank line.
_HTML_BLOCK_1 = re.compile(r"<(pre|script|style|textarea)(?=[\s>]|$)", re.I)
_HTML_BLOCK_6 = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?=[\s>]|/>|$)")
_HTML_BLOCK_6_NAMES = frozenset({
    "address", "article", "aside", "base", "basefont", "blockquote", "body", "caption", "center", "col",
    "colgroup", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
    "footer", "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr",
    "html", "iframe", "legend", "li", "link", "main", "menu", "menuitem", "nav", "noframes", "ol",
    "optgroup", "option", "p", "param", "search", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "title", "tr", "track", "ul",
})
_HTML_BLOCK_7 = re.compile(
    r"(?:<([A-Za-z][A-Za-z0-9-]*)(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*"
    r"\s*/?>|</([A-Za-z][A-Za-z0-9-]*)\s*>)[ \t]*"
)
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n|\Z)")
# What a typed HTML block may hold to be written as it stands: nothing Franklin turns into
# something else (expanded commands, ``~~~`` blocks, page variables, evaluated code…).
_NOT_AS_TYPED = frozenset({
    "fragment", "command", "environment", "raw_html", "var_assignment", "command_def", "code_output",
    "unresolved", "toc", "error_block", "div", "styled", "reference", "anchor", "footnote_def",
})


def html_block_end(text: str, start: int) -> int | None:
    """Where the CommonMark HTML block starting at ``text[start]`` (a ``<`` opening its line,
    at most three spaces in) ends, or ``None`` when no HTML block starts there."""
    bol = text.rfind("\n", 0, start) + 1
    if start - bol > 3 or text[bol:start].strip(" "):
        return None
    eol = text.find("\n", start)
    line = text[start : len(text) if eol < 0 else eol]
    m1 = _HTML_BLOCK_1.match(line)
    if m1 is not None:
        close = re.compile(r"</" + m1.group(1) + r"\s*>", re.I).search(text, start)
        if close is None:
            return len(text)
        eol = text.find("\n", close.end())
        return len(text) if eol < 0 else eol
    m6 = _HTML_BLOCK_6.match(line)
    m7 = _HTML_BLOCK_7.fullmatch(line)
    if not ((m6 is not None and m6.group(1).lower() in _HTML_BLOCK_6_NAMES) or m7 is not None):
        return None
    blank = _BLANK_LINE.search(text, start)
    return len(text) if blank is None else blank.start()


class MarkdownEmitter(Emitter):
    """Markdown in one :class:`Flavor`; ``losses`` fills up while emitting."""

    name = "markdown"

    def __init__(
        self,
        flavor: Flavor,
        page_vars: Mapping[str, Any] | None = None,
        global_vars: Mapping[str, Any] | None = None,
        *,
        callouts: Mapping[str, str] | None = None,
        key_map: Mapping[str, str | None] | None = None,
        source: Source | None = None,
        path: str | None = None,
        urls: Callable[[str, bool], str] | None = None,
        front_matter: Mapping[str, object] | None = None,
        carried: frozenset[str] = frozenset(),
    ) -> None:
        self.flavor = flavor
        self.carried = carried
        self.urls = urls
        self.front_matter = dict(front_matter or {})
        self._raw_urls: dict[tuple[int, int], list[str]] = {}
        self.vars: dict[str, Any] = {**(global_vars or {}), **(page_vars or {})}
        self.callouts = dict(DEFAULT_CALLOUTS if callouts is None else callouts)
        self.key_map = key_map
        self.source = source
        self.path = path if path is not None else (source.path if source is not None else None)
        self.losses: list[Loss] = []
        self._html = HtmlEmitter(dict(page_vars or {}), dict(global_vars or {}))
        self._inline = 0
        self._table = False
        self._oneline = False
        self._link = False
        self._brace_escape = True
        self._toc_in_front = False
        self._raw_at: A.Node | None = None
        self._eq_numbers: dict[str, int] = {}
        self._bib_names: dict[str, str] = {}
        self._fn_used: set[str] = set()
        self._targets: set[str] = set()
        self._titles: dict[str, str] = {}  # header id -> its Markdown text
        self._comments: list[A.Comment] = []
        self._comment_starts: list[int] = []
        self._deferred: list[str] | None = None  # template-call comments for after this block
        self._nested = 0  # inside a block's blocks (a div, a list item…), not at the page's top

    # -- entry point ---------------------------------------------------------------

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

    def loss(self, code: str, node: A.Node | None, what: str, why: str) -> None:
        line = col = None
        if node is not None and self.source is not None:
            line, col = self.source.position(node.span.start)
        self.losses.append(Loss(code, self.path, line, col, what, why))

    def _prepass(self, doc: A.Document) -> None:
        """Equation numbers, citation names, used footnotes and in-page link targets."""
        self._eq_numbers, self._bib_names = equations_and_citations(doc)
        for node in A.walk(doc):
            if isinstance(node, A.FootnoteRef):
                self._fn_used.add(node.id)
            elif isinstance(node, A.Link) and node.url.startswith("#"):
                self._targets.add(node.url[1:])
        if self.urls is not None:
            for ref in doc.assets:
                if ref.role.startswith("html-"):
                    self._raw_urls.setdefault((ref.span.start, ref.span.end), []).append(ref.text)

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

    # -- block structure -------------------------------------------------------------

    def _is_inline(self, n: A.Node) -> bool:
        if isinstance(n, A.Math):
            return not n.display
        if isinstance(n, A.Fragment):
            return all(self._is_inline(k) for k in n.children)
        return n.kind in _INLINE_KINDS

    def _parts(self, nodes: tuple[A.Node, ...], *, top: bool = False) -> list[tuple[str, str]]:
        """Blocks as (kind, text); runs of inline nodes become one paragraph.  At the top of the
        page (where spans are offsets in its source) HTML typed in Markdown that CommonMark reads
        as an HTML block is written as typed (:meth:`_typed_html`)."""
        parts: list[tuple[str, str]] = []
        run: list[A.Node] = []
        upto = -1
        last_list: A.List | None = None
        comments = iter(self._comments if top else ())
        comment = next(comments, None)

        def comments_before(pos: float, *, written: bool = False) -> None:
            """After a top-level block: the template-call comments it deferred, then the
            author's comments up to ``pos`` (unless ``written`` as typed already).  They show
            nothing, but a migration keeps them (Franklin drops them from its HTML)."""
            nonlocal comment
            if top and self._deferred:
                parts.extend(("comment", c) for c in self._deferred)
                self._deferred.clear()
            while comment is not None and comment.span.start < pos:
                if not written:
                    parts.append(("comment", f"<!--{comment.text}-->"))
                comment = next(comments, None)

        def flush() -> None:
            solid = [k for k in run if not (isinstance(k, A.SoftBreak) or (isinstance(k, A.Text)
                                                                          and not k.text.strip()))]
            rest = [k for k in solid if not isinstance(k, A.LineBreak)]
            if len(rest) <= 1 and all(isinstance(k, A.RawHtml | A.Unresolved) for k in rest):
                for k in solid:  # a lone ~~~ block (or a break between blocks: only HTML has one)
                    if not isinstance(k, A.LineBreak):
                        block = self._block_of(k)
                        if block:
                            parts.append((k.kind, block))
                    elif self.flavor.raw_inline != "none":
                        parts.append(("raw_html", "<br>"))
            elif solid:
                text = self._paragraph(run)
                if text:
                    parts.append(("paragraph", text))
            run.clear()

        for i, n in enumerate(nodes):
            if n.span.start < upto:
                continue  # inside the HTML block written just before
            if top and isinstance(n, A.Paragraph):
                typed = self._typed_html(n, nodes[i:])
                if typed is not None:
                    flush()
                    comments_before(n.span.start)
                    text, upto = typed
                    comments_before(upto, written=True)
                    if text:
                        parts.append(("raw_html", text))
                    continue
            if self._is_inline(n):
                if run and not (is_text(n) or is_text(run[-1])):
                    flush()  # two Franklin constructs side by side were two lone blocks
                    comments_before(n.span.start)
                run.append(n)
                continue
            flush()
            comments_before(n.span.start)
            if isinstance(n, A.Fragment):
                parts.extend(self._parts(n.children))
                continue
            text = self.visit(n)
            if text:
                if isinstance(n, A.List) and parts and parts[-1][0] == "list" and _same_list(last_list, n):
                    parts.append(("list_break", self._list_break()))
                parts.append((n.kind, text))
            if isinstance(n, A.List):
                last_list = n
        flush()
        comments_before(float("inf"))
        return parts

    def _list_break(self) -> str:
        """What keeps two lists apart that Julia's Markdown ended with two empty lines:
        CommonMark joins lists of the same marker over a blank line (so does Franklin's
        parser over one), while an HTML comment ends the first list for CommonMark, and
        Franklin, dropping the comment, reads the two empty lines it leaves.  Julia's
        Markdown (Documenter) shows a comment as text: two empty lines there."""
        return "<!-- -->" if self._commonmark_reader else "\n"

    @property
    def _commonmark_reader(self) -> bool:
        """Is the target read by a CommonMark-like reader (not Julia's Markdown: Documenter)?"""
        return self.flavor.raw_block != "documenter"

    def blocks(self, nodes: tuple[A.Node, ...], *, tight: bool = False) -> str:
        """Block nodes one after the other (block context, even inside a paragraph's node)."""
        self._inline, depth = 0, self._inline
        self._nested += 1
        try:
            parts = self._parts(nodes)
        finally:
            self._inline = depth
            self._nested -= 1
        if not tight:
            return "\n\n".join(t for _k, t in parts)
        out = ""
        for i, (kind, text) in enumerate(parts):
            if i:
                prev = parts[i - 1][0]
                out += "\n\n" if (kind == prev == "paragraph") or "list_break" in (kind, prev) else "\n"
            out += text
        return out

    def inline(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        self._inline += 1
        out: list[str] = []
        try:
            for i, n in enumerate(nodes):
                if isinstance(n, A.SoftBreak) and not self._oneline and not self._table:
                    if i and isinstance(nodes[i - 1], A.LineBreak):
                        continue  # the hard break already ends the line
                    prev = nodes[i - 1] if i else None
                    nxt = nodes[i + 1] if i + 1 < len(nodes) else None
                    if (isinstance(nxt, A.RawHtml) and nxt.html.lstrip().startswith("<")) or any(
                        isinstance(x, A.Math) and x.display for x in (prev, nxt)
                    ):
                        out.append(" ")  # at a line start, HTML or $$ would end the paragraph
                        continue
                out.append(self.visit(n))
            # a line end next to blocks written inside the paragraph (a fragment's) adds a blank line
            return "".join(x for i, x in enumerate(out) if not (x == "\n" and (
                (i and out[i - 1].endswith("\n\n")) or (i + 1 < len(out) and out[i + 1].startswith("\n\n")))))
        finally:
            self._inline -= 1

    def _paragraph(self, nodes: tuple[A.Node, ...] | list[A.Node]) -> str:
        """Inline nodes as paragraph text; a footnote definition inside starts its own block."""
        pieces: list[str] = []
        run: list[A.Node] = []
        for n in [*nodes, None]:
            if n is not None and not isinstance(n, A.FootnoteDef):
                run.append(n)
                continue
            self._brace_escape = not _balanced(run)
            run, breaks = self._trailing_breaks(run)
            try:
                text = re.sub(r"(?:\\\n|\s)+\Z", "", _fix_lines(self.inline(run))).lstrip() + breaks
                # a hard break before a blank line (a block inside the paragraph) breaks nothing:
                # CommonMark would show the backslash
                text = re.sub(r"[ \t]*\\\n(?=[ \t]*\n)", "", text)
            finally:
                self._brace_escape = True
            if text:
                pieces.append(text)
            run = []
            if n is not None:
                d = self.visit(n)
                if d:
                    pieces.append(d)
        return "\n\n".join(pieces)

    def _trailing_breaks(self, run: list[A.Node]) -> tuple[list[A.Node], str]:
        """Franklin's ``\\\\`` at the end of a paragraph is a ``<br>`` there, which a Markdown hard
        break cannot be (CommonMark shows a backslash ending a paragraph): written as ``<br>``
        where the flavor keeps inline HTML (Franklin reads it back as the same tag)."""
        if self.flavor.raw_inline != "bare":
            return run, ""
        k = len(run)
        count = 0
        while k:
            last = run[k - 1]
            blank = isinstance(last, A.SoftBreak) or (isinstance(last, A.Text) and not last.text.strip())
            if not (blank or isinstance(last, A.LineBreak)):
                break
            count += isinstance(last, A.LineBreak)
            k -= 1
        if not count:
            return run, ""
        self._raw_at = self._raw_at or run[k]
        return run[:k], "<br>" * count

    def _block_of(self, n: A.Node) -> str:
        """The block form of a node that stands alone where a paragraph would be."""
        if isinstance(n, A.RawHtml):
            return self._raw_block(n)
        if isinstance(n, A.Unresolved):
            self.loss("FC740", n, f"'{n.what}' kept as written", "it needs Julia (Franklin evaluates it)")
            return f"{_fence(n.raw)}\n{n.raw.strip()}\n{_fence(n.raw)}"
        return self.visit(n)

    def _typed_html(self, n: A.Paragraph, rest: tuple[A.Node, ...]) -> tuple[str, int] | None:
        """A paragraph opening with HTML that CommonMark reads as an HTML block (up to a blank
        line, or the closing tag of a ``<pre>``, ``<script>``, ``<style>``): written as typed, since
        CommonMark shows its text as typed (no escape is read there).  This is also how our own
        raw HTML blocks read back, so the output is a fixed point.  Returns the text and where the
        block ends; ``None`` when the paragraph is not such a block, or when the block holds
        something Franklin turns into something else (then it is written node by node)."""
        if (self.source is None or self.flavor.raw_block != "bare" or n.classes or not n.children
                or not isinstance(n.children[0], A.InlineHtml)):
            return None
        text = self.source.text
        start = n.span.start  # (an HTML block mistune found is one node, spanning nothing)
        end = html_block_end(text, start) if text.startswith("<", start) else None
        if end is None:
            return None
        end = max(end, n.span.end)  # the rest of the paragraph it opens
        last = bisect.bisect_left(self._comment_starts, end) - 1  # comments do not overlap
        if last >= 0 and self._comments[last].span.end > end:
            return None  # a comment goes on past the block: it would be cut
        inside = [k for k in rest if k.span.start < end]
        if any(k.span.end > end for k in inside):
            return None  # Franklin reads it across the block's end: no block of ours
        subs: list[tuple[int, int, str]] = []
        for k in inside:
            for x in A.walk(k):
                if x.kind in _NOT_AS_TYPED:
                    return None
                if isinstance(x, A.HFunCall):
                    call = self._template_call(x.name, x.args, x.raw, x, html_ctx=True, in_place=True)
                    subs.append((x.span.start, x.span.end, call))
                elif isinstance(x, A.InlineHtml):
                    typed = self.visit_inline_html(x)
                    if typed != x.html:  # not an HTML element: shown as text
                        subs.append((x.span.start, x.span.end, typed))
        out: list[str] = []
        pos = start
        for a, b, new in sorted(subs):
            if a < pos:
                return None
            out.append(self._typed_calls(text[pos:a], n))
            out.append(new)
            pos = b
        out.append(self._typed_calls(text[pos:end], n))
        raw = "".join(out).strip("\n")
        self._raw_at = self._raw_at or n
        return (_html_block(raw.strip()) if raw.strip() else ""), end

    # -- Markdown ----------------------------------------------------------------------

    def visit_document(self, n: A.Document) -> str:
        return self.blocks(n.children)

    def visit_paragraph(self, n: A.Paragraph) -> str:
        if self._inline:
            return self.inline(n.children)
        if n.classes:
            return self._classed_paragraph(n)
        return self._paragraph(n.children)

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
        if rid is not None and self.flavor.heading_ids and rid in self._targets:
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
        return escape_text(n.text.replace("--", "–"), in_link=self._link, in_table=self._table,
                           braces=self._brace_escape)

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
        runs = [len(m) for m in re.findall("`+", code)]
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

    def visit_inline_html(self, n: A.InlineHtml) -> str:
        m = _HTML_TAG.match(n.html)
        name = m.group(1) if m is not None else None
        if m is None or not (name is None or name.lower() in _HTML_ELEMENTS or "-" in name):
            return escape_text(n.html, in_link=self._link, in_table=self._table).replace("<", "&lt;")
        self.loss("FC712", n, f"HTML typed in Markdown kept as HTML: {n.html[:40]!r}",
                  f"Franklin shows it as text (Julia's Markdown escapes it); {self.flavor.name} renders it")
        return n.html

    def visit_list(self, n: A.List) -> str:
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

    # -- Franklin ------------------------------------------------------------------------

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
                                   in_table=self._table, braces=self._brace_escape))
            out.append(m.group(0))
            pos = m.end()
        out.append(escape_text(part[pos:], html_ok=True, in_link=self._link, in_table=self._table,
                               braces=self._brace_escape))
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
        return _html_block(_inert(raw.strip()))

    def visit_math(self, n: A.Math) -> str:
        if not n.display:
            if n.env == "internal":
                return n.tex
            a, b = self.flavor.inline_math
            return a + " ".join(n.tex.split("\n")).strip() + b
        env = (n.env or "").rstrip("*")
        tex = n.tex
        if env in ("align", "aligned"):
            tex = f"\\begin{{aligned}}{tex}\\end{{aligned}}"
        elif env == "eqnarray":
            tex = f"\\begin{{array}}{{rcl}}{tex}\\end{{array}}"
        tex = re.sub(r"\n\s*\n", "\n", tex.strip())
        a, b = self.flavor.display_math
        if self._inline:
            return a + " ".join(tex.split("\n")) + b
        out = f"{a}\n{tex}\n{b}"
        if n.label is not None:
            anchor = self._anchor(refstring(n.label), n)
            if anchor:
                out = anchor + "\n\n" + out
        return out

    def visit_code_block(self, n: A.CodeBlock) -> str:
        code = re.sub(r"\A(?:[ \t]*\n)+", "", _hide_lines(n.code, n.lang)).rstrip()
        if not code:
            return ""
        if n.shortcut is not None:
            self.loss("FC742", n, f"the result of this '```{n.shortcut}' block is not shown",
                      "Franklin runs the block with Julia to show its result")
        lang = n.lang if n.lang is not None else str(self.vars.get("lang") or "julia")
        fence = _fence(code)
        return f"{fence}{lang}\n{code}\n{fence}"

    def visit_code_output(self, n: A.CodeOutput) -> str:
        if n.text is None:
            self.loss("FC742", n, f"output of code block '{n.name}' left out",
                      "it is not cached (Franklin runs Julia to produce it)")
            return ""
        text = n.text.rstrip()
        if not text:
            return ""
        fence = _fence(text)
        return f"{fence}plaintext\n{text}\n{fence}"

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

    def visit_command(self, n: A.Command) -> str:
        raw = "\\" + n.name + "".join("{" + a + "}" for a in n.args)
        self.loss("FC743", n, f"'\\{n.name}' kept as written", "the page was not expanded before emitting")
        return escape_text(raw)

    def visit_environment(self, n: A.Environment) -> str:
        self.loss("FC743", n, f"environment '{n.name}' kept as written",
                  "the page was not expanded before emitting")
        return escape_text(f"\\begin{{{n.name}}}{n.body}\\end{{{n.name}}}")

    def visit_hfun_call(self, n: A.HFunCall) -> str:
        return self._template_call(n.name, n.args, n.raw, n)

    def _template_call(
        self, name: str, args: tuple[str, ...], raw: str, at: A.Node, *, html_ctx: bool = False,
        in_place: bool = False,
    ) -> str:
        """``{{fill x}}`` and ``{{x}}`` filled from the page variables, ``{{toc}}`` as the flavor's
        table of contents; any other call (it needs the html stage or Julia) kept in a comment,
        unless the caller carried it over in another form (``carried``: a migration's redirects).
        The comment stands after the top-level block holding the call, where the author's own
        comments go (Franklin reading the Markdown back finds it there), unless ``in_place``
        (HTML written as typed, which reads back with its comments)."""
        if name in self.carried:
            return ""
        if name.lower() == "toc" and not html_ctx:
            lo = int(args[0]) if args and args[0].isdigit() else None
            hi = int(args[1]) if len(args) > 1 and args[1].isdigit() else None
            return self._toc(at, lo, hi)
        var: str | None = None
        if name.lower() == "fill" and len(args) == 1:
            var = args[0]
        elif not args and name in self.vars and not _is_hfun(name):
            var = name
        if var is not None:
            value = self.vars.get(var)
            if value is not None:
                text = to_julia_string(value)
                if html_ctx:
                    return text
                return escape_text(text, html_ok=True, in_link=self._link, in_table=self._table)
            self.loss("FC721", at, f"'{raw}' kept in a comment", f"no page variable '{var}' is defined")
        else:
            self.loss("FC720", at, f"'{raw}' kept in a comment",
                      "it is a template call for Franklin's html stage (or a Julia hfun)")
        if self.flavor.raw_inline == "none" and not html_ctx:
            return raw
        comment = "<!-- " + raw.replace("--", "- -") + " -->"
        if self._deferred is None or in_place:
            return comment
        self._deferred.append(comment)
        return ""

    def _typed_calls(self, typed: str, at: A.Node) -> str:
        """Typed HTML with its ``{{ }}`` calls run, except inside its comments, which are kept
        as typed (Franklin reads no call there)."""
        out: list[str] = []
        pos = 0
        for m in _HTML_COMMENT.finditer(typed):
            out.append(self._template_calls(typed[pos : m.start()], at))
            out.append(m.group(0))
            pos = m.end()
        out.append(self._template_calls(typed[pos:], at))
        return "".join(out)

    def _template_calls(self, html_text: str, at: A.Node, *, in_place: bool = True) -> str:
        """The ``{{ }}`` calls inside raw HTML, which Franklin's html stage also runs."""
        if "{{" not in html_text:
            return html_text

        def one(m: re.Match[str]) -> str:
            words = [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w
                     for w in re.findall(r'"[^"]*"|\S+', m.group(1))]
            if not words:
                return m.group(0)
            return self._template_call(words[0], tuple(words[1:]), m.group(0), at, html_ctx=True,
                                       in_place=in_place)

        return _DBB.sub(one, html_text)

    def _fill_url(self, url: str) -> str:
        """``{{fill x}}`` inside a link or image address, resolved from the page variables."""
        if "{{" not in url:
            return url

        def one(m: re.Match[str]) -> str:
            value = self.vars.get(m.group(1))
            return m.group(0) if value is None else to_julia_string(value)

        return re.sub(r"\{\{\s*(?:fill\s+)?([\w.]+)\s*\}\}", one, url)

    def visit_footnote_ref(self, n: A.FootnoteRef) -> str:
        return f"[^{n.id}]"

    def visit_footnote_def(self, n: A.FootnoteDef) -> str:
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

    def _julia_footnote(self, n: A.Escape) -> str:
        """``[^a]`` right before a letter, digit, ``]`` or ``:`` (``[^a]b``): Franklin leaves it to
        Julia's Markdown, whose own footnote link it shows (``<a href="#footnote-a"
        class="footnote">[a]</a>``, no definition, no numbering).  Written as that HTML, which
        CommonMark keeps and Franklin reads back as the same text (``[a]`` is no footnote);
        Julia's Markdown itself (Documenter) reads ``[^a]`` the same way."""
        if not self._commonmark_reader:
            return n.char
        return self.visit_raw_html(A.RawHtml(span=n.span, html=n.html))

    def _literal(self, text: str) -> str:
        """A stretch of Franklin's literal paragraph (Julia's indented code, shown as text):
        every character escaped, so that it reads back as text; blank lines and indentation
        dropped (they would end the paragraph, or make code; HTML shows neither)."""
        text = re.sub(r"[ \t]*\n(?:[ \t]*\n)+", "\n", text)
        return escape_text(text, in_link=self._link, in_table=self._table, braces=self._brace_escape,
                           literal=True)

    def visit_anchor(self, n: A.Anchor) -> str:
        return self._anchor(n.id, n)

    def _anchor(self, ident: str, at: A.Node) -> str:
        form = self.flavor.anchor
        if form == "pandoc":
            return f"[]{{#{ident}}}"
        if form == "none":
            self.loss("FC731", at, f"anchor '{ident}' dropped", f"{self.flavor.name} has no inline anchors")
            return ""
        self._raw_at = self._raw_at or at
        return f'<a id="{html.escape(ident, quote=True)}"></a>'

    def visit_reference(self, n: A.Reference) -> str:
        if n.style == "eqref":
            nums = [self._eq_numbers.get(k) for k in n.keys]
            refs = [f"[{x}](#{k})" if x else "**??**" for k, x in zip(n.keys, nums, strict=True)]
            return "(" + ", ".join(refs) + ")"
        names = [self._bib_names.get(k) for k in n.keys]
        inner = ", ".join(f"[{escape_text(x, in_link=True)}](#{k})" if x else "**??**"
                          for k, x in zip(n.keys, names, strict=True))
        return f"({inner})" if n.style == "citep" else inner

    def visit_toc(self, n: A.Toc) -> str:
        return self._toc(n, n.min_level, n.max_level)

    def _toc(self, at: A.Node, lo: int | None, hi: int | None) -> str:
        form = self.flavor.toc
        if form == "jekyll":
            return "* TOC\n{:toc}"
        if form == "mkdocs":
            return "[TOC]"
        if form == "front-matter":
            self._toc_in_front = True
            return ""
        if form == "documenter" and self.path:
            page = self.path.replace("\\", "/").rsplit("/", 1)[-1]
            depth = "" if lo is None and hi is None else f"\nDepth = {lo or 1}:{hi or 6}"
            return f'```@contents\nPages = ["{page}"]{depth}\n```'
        self.loss("FC730", at, "table of contents removed",
                  f"{self.flavor.name} has no table-of-contents marker (themes build one from the headings)")
        return ""

    def visit_unresolved(self, n: A.Unresolved) -> str:
        self.loss("FC740", n, f"'{n.what}' kept as written", "it needs Julia (Franklin evaluates it)")
        return self.visit_code_span(A.CodeSpan(span=n.span, code=n.raw.strip()))

    def visit_error_block(self, n: A.ErrorBlock) -> str:
        self.loss("FC741", n, "Franklin's error message kept as text", n.message)
        return escape_text(f"// {n.message} //")

    def visit_var_assignment(self, n: A.VarAssignment) -> str:
        return ""  # out of the flow: page variables become front matter

    visit_command_def = visit_var_assignment
    visit_link_def = visit_var_assignment
    visit_comment = visit_var_assignment
    visit_asset_ref = visit_var_assignment


def _is_hfun(name: str) -> bool:
    from ..core.hooks import USER_HFUNS
    from ..template.hfuns import HFUNS

    return name.lower() in HFUNS or name.lower() in USER_HFUNS


# -- public API -------------------------------------------------------------------------


def get_flavor(name: str) -> Flavor:
    """The built-in flavor ``name``; an unknown name is a :class:`FranklinError` with suggestions."""
    found = FLAVORS.get(name)
    if found is None:
        close = difflib.get_close_matches(name, list(FLAVORS), n=3)
        hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(FLAVORS)}"
        raise FranklinError("FC003", f"unknown Markdown flavor {name!r}", hint=hint)
    return found


def to_markdown(
    doc: A.Document | str | bytes,
    flavor: str | Flavor = "commonmark",
    *,
    page_vars: Mapping[str, Any] | None = None,
    global_vars: Mapping[str, Any] | None = None,
    callouts: Mapping[str, str] | None = None,
    key_map: Mapping[str, str | None] | None = None,
    site: Site | str | os.PathLike[str] | None = None,
    path: str | None = None,
    urls: Callable[[str, bool], str] | None = None,
    front_matter: Mapping[str, object] | None = None,
    carried: frozenset[str] = frozenset(),
) -> MarkdownResult:
    """A page as Markdown for ``flavor``, with every :class:`Loss` on the way.

    ``doc`` may be text, a parsed document or an expanded one (with its full
    ``page_vars``, as :func:`franklin_compat.convert` passes them); anything not yet
    expanded goes through Franklin's Markdown stage first.  ``callouts`` maps
    ``@@`` classes to callout types; ``key_map`` overrides entries of
    :data:`franklin_compat.frontmatter.KEY_MAP`; ``urls(address, raw)`` rewrites
    every link, image and raw-HTML (``raw``) ``src``/``href`` address (a migration
    moves the files);
    ``front_matter`` adds fields (a migration's ``permalink``, ``aliases``);
    ``carried`` names ``{{ }}`` calls the caller carried over itself (left out).
    """
    fl = flavor if isinstance(flavor, Flavor) else get_flavor(flavor)
    if not isinstance(doc, A.Document) or page_vars is None or _unexpanded(doc):
        from ..api import markdown_stage

        res = markdown_stage(doc, path=path, page_vars=page_vars, global_vars=global_vars, site=site)
        doc, page_vars, global_vars = res.document, res.page_vars, res.global_vars
    em = MarkdownEmitter(fl, page_vars, global_vars, callouts=callouts, key_map=key_map, source=doc.source,
                         path=path, urls=urls, front_matter=front_matter, carried=carried)
    text = em.document(doc)
    return MarkdownResult(text, tuple(em.losses))


def _unexpanded(doc: A.Document) -> bool:
    return any(isinstance(n, A.Command | A.Environment) for n in A.walk(doc))


def _flavor_emitter(flavor: str) -> Callable[..., str]:
    def emit(doc: A.Document, *, page_vars: dict[str, Any] | None = None,
             global_vars: dict[str, Any] | None = None, **options: Any) -> str:
        res = to_markdown(doc, flavor, page_vars=page_vars, global_vars=global_vars, **options)
        for loss in res.losses:
            warnings.warn(loss.render(), LossWarning, stacklevel=2)
        return res.text

    emit.__name__ = emit.__qualname__ = f"emit_{flavor}"
    emit.__doc__ = f"The page as {flavor} Markdown (losses issued as :class:`LossWarning`)."
    return emit


emit_commonmark = _flavor_emitter("commonmark")
emit_gfm = _flavor_emitter("gfm")
emit_hugo = _flavor_emitter("hugo")
emit_jekyll = _flavor_emitter("jekyll")
emit_quarto = _flavor_emitter("quarto")
emit_mkdocs = _flavor_emitter("mkdocs")
emit_documenter = _flavor_emitter("documenter")
