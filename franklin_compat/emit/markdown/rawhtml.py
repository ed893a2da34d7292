"""Raw HTML kept as HTML by CommonMark readers: blocks on their lines, nothing that ends them early."""

from __future__ import annotations

import re
from collections.abc import Callable

from mistune.helpers import HTML_ATTRIBUTES, HTML_TAGNAME

from ...core.pairs import pairs, sub_pairs

# elements whose text is not HTML, opening tag to closing tag (:func:`pairs`: linear)
_RAW_PRE = re.compile(r"<(pre|script|style|textarea)\b", re.I)
_RAW_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in ("pre", "script", "style", "textarea")}
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


# what CommonMark reads as inline HTML where a tag opens (a comment: up to its end)
_INLINE_TAG = re.compile(r"<" + HTML_TAGNAME + HTML_ATTRIBUTES + r"\s*/?>|</" + HTML_TAGNAME + r"\s*>|<!--")
_TAG_START = re.compile(r"</?[A-Za-z]|<!--")


def reads_inline(raw: str) -> bool:
    """Does every tag of ``raw`` read back as inline HTML?  A tag CommonMark cannot read
    (``title="a\\"b"`` opens an attribute called ``b"``) is shown as its text instead.  A tag
    that does not end in ``raw`` is ended by the nodes after it (``\\style``): not judged."""
    pos = 0
    while (m := _TAG_START.search(raw, pos)) is not None:
        tag = _INLINE_TAG.match(raw, m.start())
        if tag is None:
            return raw.find(">", m.start()) == -1
        if tag.group(0) == "<!--":
            end = raw.find("-->", tag.end())
            pos = len(raw) if end == -1 else end + 3
        else:
            pos = tag.end()
    return True


#: ``\s*\n\s*``, but a match starts only where its run of spaces starts (or at the line
#: break): the plain pattern retries from every space of a long run that holds no line
#: break, which is quadratic.
_BREAK_SPACES = re.compile(r"(?:(?<!\s)\s+)?\n\s*")


def _outside_pre(raw: str, fix: Callable[[str], str]) -> str:
    """``fix`` applied to raw HTML except inside ``<pre>``, ``<script>``, ``<style>``, ``<textarea>``."""
    out: list[str] = []
    pos = 0
    for m, c in pairs(raw, _RAW_PRE, _closing):
        out.append(fix(raw[pos : m.start()]))
        element = raw[m.start() : c.end()]
        if m.group(1).lower() in ("pre", "textarea"):
            out.append(_no_blank_lines(element, verbatim=True))
        else:  # script, style: indentation means nothing there
            out.append(_unindented(_no_blank_lines(element)))
        pos = c.end()
    out.append(fix(raw[pos:]))
    return "".join(out)


def _closing(m: re.Match[str]) -> re.Pattern[str]:
    return _RAW_CLOSE[m.group(1).lower()]


#: a blank line between two others (``\s`` is what ``str.strip`` strips)
_BLANK_INSIDE = re.compile(r"\n[^\S\n]*\n").search


def _no_blank_lines(text: str, *, verbatim: bool = False) -> str:
    """Blank lines removed (they end a CommonMark HTML block); in ``verbatim`` text
    (``<pre>``) each becomes a ``&#10;`` opening the next line, which reads the same."""
    if _BLANK_INSIDE(text) is None:  # (most raw HTML: no line to drop, one search instead of a loop)
        return text
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
    if "\n" not in part:
        return part
    part = _TAG_ACROSS_LINES.sub(lambda m: _BREAK_SPACES.sub(" ", m.group(0)), _no_blank_lines(part))
    return _unindented(part)


def _unindented(text: str) -> str:
    """``text`` without the spaces and tabs around its line breaks (``re.sub(r"[ \\t]*\\n[ \\t]*",
    "\\n", text)``), line by line: linear, where a pattern starting with no fixed character
    is tried at every position (and, written plainly, from every space of a long run)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    inner = [ln.strip(" \t") for ln in lines[1:-1]]
    return "\n".join([lines[0].rstrip(" \t"), *inner, lines[-1].lstrip(" \t")])


#: the :data:`_TAG` matches that hold a line break (no match starts inside a tag: it holds no ``<``)
_TAG_ACROSS_LINES = re.compile(r"<[A-Za-z/!][^<>\n]*\n[^<>]*>")


# Typed HTML that would run code once a target renders it (Franklin shows typed HTML as text)
_UNSAFE_HTML = re.compile(
    r"<\s*/?\s*script\b|\son[a-z]+\s*=|(?:java|vb)script\s*:|data\s*:\s*text/html", re.I)
_COMMENT_OPEN = re.compile("<!--")
_COMMENT_CLOSE = re.compile("-->")
# Callouts written as a ``>`` quote, and what Franklin reads across lines whatever opens them
# (a fence, display math): quoted, its ``> `` markers would be read into it, so a callout
# holding one is written as a plain div.
_QUOTED_CALLOUTS = frozenset({"alert", "kramdown"})
_ACROSS_LINES = re.compile(r"^(?:```|~~~|\$\$|\\\[)", re.M)
_RAW_TEXT = re.compile(r"<(script|style)\b", re.I)
_NOT_A_TAG = re.compile(r"<(?=[A-Za-z][A-Za-z0-9-]*[^A-Za-z0-9\s/>-])")


def _inert(raw: str) -> str:
    """Raw HTML written bare, out of Franklin's ``~~~``, where Franklin reading the Markdown
    back would find its own markup: a ``$`` (math) becomes ``&#36;``, and a ``<`` that opens
    no tag (``<https://…>``, which CommonMark and Julia read as a link) ``&lt;``.  A browser
    shows both as before; ``<script>``/``<style>`` text, where entities mean nothing, is kept."""
    out: list[str] = []
    pos = 0
    for m, c in pairs(raw, _RAW_TEXT, _closing):
        out.append(_NOT_A_TAG.sub("&lt;", raw[pos : m.start()].replace("$", "&#36;")))
        out.append(raw[m.start() : c.end()])
        pos = c.end()
    out.append(_NOT_A_TAG.sub("&lt;", raw[pos:].replace("$", "&#36;")))
    return "".join(out)


def _uncommented(raw: str, form: str) -> str:
    """Raw HTML without its comments where it stands bare in the Markdown: they show nothing,
    and Franklin, reading the Markdown back, takes them for its own comments and drops them."""
    return sub_pairs(raw, _COMMENT_OPEN, _COMMENT_CLOSE, lambda _whole, _inner: "") if form == "bare" else raw


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
