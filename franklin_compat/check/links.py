r"""Path rules: files and pages a page points at, and ``javascript:`` URLs.

Paths come from the page's :class:`~franklin_compat.reading.ast.AssetRef` records.
File commands (``\fig``, ``\input``…) follow Franklin's rules (their
``resolved`` file, figures searched with extensions and in ``output/``); links
and images are resolved as a browser does, against the URL the page is
published at (``blog/post.md`` is ``/blog/post/``).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from urllib.parse import unquote

from ..core.diagnostics import FranklinError, Severity
from ..core.lazy_re import lazy_compile
from ..core.paths import IMAGE_EXTS, find_with_ext, page_stem, resolve_url
from ..core.source import Span
from ..reading import ast as A
from ..reading.julia_inline import PH_OPEN
from .page import CheckSite, Page
from .rules import Hit, Rule

_COMMANDS = frozenset({"fig", "figalt", "file", "input", "textinput", "tableinput", "literate"})
_LINKS = frozenset({"link", "html-href"})
_PAGE_EXTS = ("", ".html", ".htm")
_CODE_EXTS = {"julia": ".jl", "python": ".py", "plaintext": ".txt"}
_JS_ATTR = lazy_compile(r"""\b(?:href|src|action|formaction|xlink:href)\s*=\s*["']?\s*(javascript:)""", re.I)
_JS_MD = re.compile(r"\s*javascript:", re.I)
_EMAIL = lazy_compile(r"[^/@\s]+@[^/@\s]+\.[a-z]{2,}$", re.I)
_DOMAIN = lazy_compile(r"(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|edu|gov|dev|ai|jl)(?:/|$)",
                     re.I)


def _footnote_urls(page: Page) -> frozenset[str]:
    """What the page's ``[^x]: …`` definitions hold (read once per page, not once per link)."""
    assert page.doc is not None
    return frozenset(d.url for d in page.doc.link_defs if d.label.startswith("^"))


def _checkable(r: A.AssetRef, notes: frozenset[str]) -> bool:
    """A local path worth checking: not external, not a template, not a broken footnote (FC913)."""
    if r.external or not r.text or "{{" in r.text:
        return False
    # Franklin constructs inside a URL ({{base}}x.png) reach us as the parser's placeholders,
    # percent-encoded: the real path is only known after templating.
    if PH_OPEN in unquote(r.text):
        return False
    return r.text not in notes


def _hint(url: str, default: str) -> str:
    if _EMAIL.match(url):
        return f"an e-mail address needs `mailto:`: `mailto:{url}`"
    if _DOMAIN.match(url):
        return f"a web address needs its scheme: `https://{url}`"
    return default


def _located(page: Page, refs: tuple[A.AssetRef, ...]) -> Iterator[tuple[int, A.AssetRef]]:
    """Each record with the offset of its text inside its node (the node's start if not found)."""
    cursor: dict[Span, int] = {}
    for r in refs:
        at = page.text.find(r.text, cursor.get(r.span, r.span.start), r.span.end) if r.text else -1
        if at < 0:
            at = r.span.start
        else:
            cursor[r.span] = at + len(r.text)
        yield at, r


def _site_path(site: CheckSite, url: str, page_dir: str) -> str:
    """The site path (no leading ``/``) a browser requests for ``url`` from ``page_dir``."""
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if not path.startswith("/"):
        path = posixpath.join(page_dir, path)
    trailing = "/" if path.endswith("/") else ""
    path = posixpath.normpath(path).lstrip("/")
    prepath = str(site.site.global_vars.get("prepath") or "").strip("/")
    if prepath and (path == prepath or path.startswith(prepath + "/")):
        path = path[len(prepath) + 1 :]
    return path + trailing if path not in ("", ".") else ""


def _is_page_link(path: str) -> bool:
    return posixpath.splitext(path.rstrip("/").rpartition("/")[2])[1].lower() in _PAGE_EXTS


def _evaluates_code(page: Page) -> bool:
    return any(isinstance(n, A.CodeBlock) and (n.name or n.shortcut) for n in page.nodes)


class MissingAsset(Rule):
    r"""## What it does
    Checks that files a page uses exist: images (`![](…)`, `<img src>`),
    linked files (`[slides](/assets/talk.pdf)`), and the paths of `\fig`,
    `\figalt`, `\file`, `\input`, `\textinput`, `\tableinput` and `\literate`
    (resolved as Franklin does: `/assets/x` is `_assets/x`, `./x` is in the
    page's own assets folder, figures are also searched with the usual image
    extensions and in `output/`).  Until the site is built, figures in the
    assets folder of a page with evaluated code are not required: that code
    may write them.

    ## Why is this bad?
    The published page shows a broken image or link, or Franklin prints an
    error in red in the page ("Image matching '…' not found").

    ## Example
    ```markdown
    \fig{/assets/diagram.png}
    ```

    Use instead (with the file at `_assets/diagram.png`):
    ```markdown
    \fig{/assets/diagram.png}
    ```
    """

    code = "FC510"
    name = "missing-asset"
    needs_site = True

    def check(self, page: Page) -> Iterator[Hit]:
        site = page.site
        if page.doc is None or site is None or page.rel is None:
            return
        rel = page.rel
        page_dir: str | None = None
        notes = _footnote_urls(page)
        for at, r in _located(page, page.doc.assets):
            if not _checkable(r, notes):
                continue
            try:
                if r.role in _COMMANDS:
                    ok = self._command_target(page, site, r)
                else:
                    if page_dir is None:
                        page_dir = site.url_dir(rel)
                    path = _site_path(site, r.text, page_dir)
                    if r.role in _LINKS and _is_page_link(path):
                        continue  # FC511
                    ok = site.serves(path)
            except FranklinError as e:  # a path leaving the site root
                yield Hit(at, e.diagnostic.message, end=at + len(r.text), hint=e.diagnostic.hint)
                continue
            if not ok:
                yield Hit(at, f"`{r.text}` names no file of the site", end=at + len(r.text),
                          hint=_hint(r.text, self._hint(r)))

    @staticmethod
    def _command_target(page: Page, site: CheckSite, r: A.AssetRef) -> bool:
        rel = page.rel or "index.md"
        if r.role in ("fig", "figalt"):
            url = resolve_url(r.text, rel, code=True)
            if find_with_ext(site.root, url, IMAGE_EXTS) is not None:
                return True
        elif r.resolved is None or site.exists(r.resolved):
            return True
        # Until a build, the page's own assets folder holds only what its code will write
        # there (figures, outputs, the code of named blocks).
        own = "_assets/" + page_stem(rel) + "/"
        if (r.resolved or "").startswith(own) and not site.built and _evaluates_code(page):
            return True
        if r.role == "input" and r.resolved:
            lang = next((n.args[0].strip() for n in page.nodes
                         if isinstance(n, A.Command) and n.span == r.span and n.args), "")
            if lang.startswith("plot"):
                return True  # a plot written by evaluated code
            last = r.resolved.rpartition("/")[2]
            return "." not in last and site.exists(r.resolved + _CODE_EXTS.get(lang, "." + lang))
        return False

    @staticmethod
    def _hint(r: A.AssetRef) -> str:
        if r.role in _COMMANDS and r.resolved:
            return f"Franklin looks for `{r.resolved}`; `/assets/x` is the file `_assets/x`"
        return "check the path; `/assets/x` is the file `_assets/x`"


class MissingPage(Rule):
    """## What it does
    Checks that links to pages of the site (`/blog/post/`, `../other/`,
    `<a href="/about/">`) lead to a page: one written from a `.md` or `.html`
    source (its `slug` included), a tag page, a `{{paginate}}` page, or a
    file of the site or of its built `__site`.  Relative links are resolved
    against the URL the page is published at, as a browser does.

    ## Why is this bad?
    The link is broken on the published site (404).

    ## Example
    ```markdown
    See [the intro](/blog/intro/) (but the file is blog/introduction.md).
    ```

    Use instead:
    ```markdown
    See [the intro](/blog/introduction/).
    ```
    """

    code = "FC511"
    name = "missing-page"
    needs_site = True

    def check(self, page: Page) -> Iterator[Hit]:
        site = page.site
        if page.doc is None or site is None or page.rel is None:
            return
        page_dir: str | None = None
        notes = _footnote_urls(page)
        for at, r in _located(page, page.doc.assets):
            if r.role not in _LINKS or not _checkable(r, notes):
                continue
            if page_dir is None:
                page_dir = site.url_dir(page.rel)
            path = _site_path(site, r.text, page_dir)
            if _is_page_link(path) and not site.serves(path):
                default = f"a page `x.md` is published at `/x/`; `/{path}` matches none"
                yield Hit(at, f"`{r.text}` leads to no page of the site", end=at + len(r.text),
                          hint=_hint(r.text, default))


class JavascriptUrl(Rule):
    """## What it does
    Checks for `javascript:` URLs in links, images and raw HTML attributes
    (`href`, `src`, `action`, `formaction`).

    ## Why is this bad?
    Script in a URL runs in the reader's browser with the site's rights; it is
    the classic way content smuggles in cross-site scripting, and content
    security policies block it.  Use a real URL, or attach the script with an
    event listener in a `<script>` block.

    ## Example
    ```markdown
    [Top](javascript:window.scrollTo(0,0))
    ```

    Use instead:
    ```markdown
    [Top](#)
    ```
    """

    code = "FC512"
    name = "javascript-url"
    severity = Severity.WARNING

    def check(self, page: Page) -> Iterator[Hit]:
        text = page.text
        for n in page.nodes:
            if isinstance(n, A.Link | A.Image) and _JS_MD.match(n.url):
                at = text.find(n.url.strip(), n.span.start, n.span.end)
                yield self._hit(at if at >= 0 else n.span.start)
            elif isinstance(n, A.RawHtml) and "javascript:" in n.html.lower():
                for m in _JS_ATTR.finditer(text, n.span.start, n.span.end):
                    yield self._hit(m.start(1))

    @staticmethod
    def _hit(at: int) -> Hit:
        return Hit(at, "`javascript:` URL", end=at + len("javascript:"),
                   hint="link to a real URL; attach scripts in a <script> block")
