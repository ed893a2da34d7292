"""Template calls (``{{fill x}}``, ``{{toc}}``, html functions) and unexpanded commands."""

from __future__ import annotations

import re

from ...core.pairs import pairs, sub_pairs
from ...reading import ast as A
from ...reading.pagevars import to_julia_string
from .rawhtml import (
    _COMMENT_CLOSE,
    _COMMENT_OPEN,
)
from .state import _State
from .text import (
    _DBB_CLOSE,
    _DBB_OPEN,
    escape_text,
)


class _Calls(_State):
    """``{{ }}`` calls filled, turned into the flavor's table of contents, or kept in a comment."""

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
        elif not args and name in self.vars and name.lower() not in self.hfuns:
            var = name
        if var is not None:
            value = self.vars.get(var)
            if value is not None:
                text = to_julia_string(value)
                if html_ctx:
                    return text
                return escape_text(text, html_ok=True, in_link=self._link, in_table=self._pipes)
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
        for m, c in pairs(typed, _COMMENT_OPEN, _COMMENT_CLOSE):
            out.append(self._template_calls(typed[pos : m.start()], at))
            out.append(typed[m.start() : c.end()])
            pos = c.end()
        out.append(self._template_calls(typed[pos:], at))
        return "".join(out)

    def _template_calls(self, html_text: str, at: A.Node, *, in_place: bool = True) -> str:
        """The ``{{ }}`` calls inside raw HTML, which Franklin's html stage also runs."""
        if "{{" not in html_text:
            return html_text

        def one(whole: str, inner: str) -> str:
            words = [w[1:-1] if len(w) > 1 and w[0] == w[-1] == '"' else w
                     for w in re.findall(r'"[^"]*"|\S+', inner)]
            if not words:
                return whole
            return self._template_call(words[0], tuple(words[1:]), whole, at, html_ctx=True,
                                       in_place=in_place)

        return sub_pairs(html_text, _DBB_OPEN, _DBB_CLOSE, one)

    def _fill_url(self, url: str) -> str:
        """``{{fill x}}`` inside a link or image address, resolved from the page variables."""
        if "{{" not in url:
            return url

        def one(m: re.Match[str]) -> str:
            value = self.vars.get(m.group(1))
            return m.group(0) if value is None else to_julia_string(value)

        return re.sub(r"\{\{\s*(?:fill\s+)?([\w.]+)\s*\}\}", one, url)

    def visit_toc(self, n: A.Toc) -> str:
        return self._toc(n, n.min_level, n.max_level)

    def _toc(self, at: A.Node, lo: int | None, hi: int | None) -> str:
        form = self.flavor.toc
        if form == "jekyll":
            return "* TOC\n{:toc}"
        if form == "mkdocs":
            return "[TOC]"
        if form == "hugo":
            return "{{< toc >}}"  # the shortcode a migration writes (layouts/shortcodes/toc.html)
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
