"""A whole Franklin site: ``config.md``, layouts, pages, and what a build writes.

Franklin's own rules decide which files are pages, where each output goes and
how a page is assembled (``src/manager/dir_utils.jl``, ``file_utils.jl``,
``write_page.jl``; reference §5).  Only files inside the root are read
(:func:`paths.inside`); sources are never written; a build writes, atomically,
only into the folder the caller names.  The built site is the deployed one:
``prepath`` is applied to links, as Franklin's ``optimize``/``publish`` do,
and ``draft`` pages are left out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import math
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..core.diagnostics import Diagnostic, FranklinError, Severity
from ..core.paths import inside, page_stem, resolve_url, url_to_file
from ..core.refs import refstring
from ..core.source import Source
from ..reading import ast as A
from ..template.engine import TagEntry
from . import feeds

if TYPE_CHECKING:
    from ..page.pipeline import PageResult
    from ..template.engine import TemplateContext

#: Franklin's ``IGNORE_FILES``: paths relative to the root (``node_modules/`` is a folder).
IGNORE_FILES = (".DS_Store", ".gitignore", "LICENSE.md", "README.md", "franklin", "franklin.pub",
                "node_modules/")
#: Folders whose files are copied with the leading ``_`` dropped (``_css/x`` → ``css/x``).
SPECIAL_DIRS = ("_assets", "_css", "_layout", "_libs", "_literate")
#: Sources Franklin reads but never writes out.
NOT_OUTPUT_DIRS = ("_layout", "_literate", "_rss")
NOT_OUTPUT_NAMES = ("config.md", "utils.jl")

_ASSIGNED = re.compile(r"\s*(?:@def\s+)?([^\W\d]\w*)\s*=")
_UTILS_GLOBAL = re.compile(r"^(?:const\s+)?([^\W\d]\w*)\s*=[^=]", re.M)
_UTILS_FN = re.compile(r"^\s*function\s+(lx|env|hfun)_(\w+)|^\s*(lx|env|hfun)_(\w+)\s*\(.*\)\s*=", re.M)
_PREPATH_FIX = re.compile(r"""(src|href|formaction|action|url)\s*?=\s*?(["']?)/""")
_DATE_TOKEN = re.compile(r"\\(.)|([yYmdHIMSsuUeEp])\2*|(.)", re.S)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NO_DATE = dt.date(1, 1, 1)
_WEBSITE_VARS = ("website_title", "website_url", "website_description")


class Kind(enum.Enum):
    """What a build does with a source file."""

    MD = "md"  # converted page
    HTML = "html"  # template-processed page
    COPY = "copy"  # copied as is


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file of the site that the build uses, and where its output goes (for pages: before ``slug``)."""

    rel: str
    kind: Kind
    out: str


@dataclass
class BuildReport:
    """What :meth:`Site.build` did: pages written, pages that failed, everything reported, files written."""

    pages: int = 0
    failed: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)


@dataclass
class RenderedPage:
    """A page after both stages and the layout: the files it yields and what the site-wide files need."""

    rel: str
    files: list[tuple[str, str]]  # (output path, html); the first is the page itself
    page_vars: dict[str, Any]
    redirects: list[str]
    diagnostics: list[Diagnostic]
    ctx: TemplateContext


TEMP_PREFIX = ".fc-tmp-"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_atomic(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=dst.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(out: Path) -> None:
    """Delete the temporary files a killed build left in ``out``: the rebuilt tree is then a clean one."""
    if not out.is_dir():
        return
    for dirpath, _dirs, names in os.walk(out):
        for name in names:
            if name.startswith(TEMP_PREFIX):
                Path(dirpath, name).unlink(missing_ok=True)


def _stat(path: Path, rel: str) -> os.stat_result:
    """``stat`` a source file; an unreadable one (a broken link…) is ``FC001`` on it, not an OSError."""
    try:
        return path.stat()
    except OSError as e:
        raise FranklinError(
            "FC001", f"cannot read {rel}: {e.strerror or e}", path=rel,
            hint="check that the file exists and is readable (a broken symbolic link?)") from None


def _warning(code: str, message: str, path: str | None = None, hint: str = "") -> Diagnostic:
    return Diagnostic(code=code, message=message, severity=Severity.WARNING, path=path, hint=hint)


class Site:
    """A Franklin site folder (the one holding ``config.md``)."""

    _cache: ClassVar[dict[str, tuple[float, Site]]] = {}

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FranklinError("FC601", f"{root} is not a folder",
                                hint="name the folder that holds config.md")
        self.diagnostics: list[Diagnostic] = []
        self.global_vars: dict[str, Any] = {}
        self.global_defs: dict[str, A.CommandDef] = {}
        self.user_lx: frozenset[str] = frozenset()
        self.user_env: frozenset[str] = frozenset()
        self.user_hfuns: frozenset[str] = frozenset()
        self.utils_globals: frozenset[str] = frozenset()
        self.unread_globals: frozenset[str] = frozenset()  # config.md values that are Julia code
        self._results: dict[str, tuple[tuple[int, int], PageResult]] = {}
        self._rendered_vars: dict[str, dict[str, Any]] = {}
        self._files: list[SourceFile] | None = None
        self._exclude: Path | None = None  # a build's output folder inside the root: not a source
        self._tags: dict[str, list[str]] | None = None
        self._read_config()
        self._read_utils()
        self._file_rules, self._dir_rules = self._ignore_rules()

    @classmethod
    def cached(cls, root: str | os.PathLike[str]) -> Site:
        """A Site per folder, re-read when its config.md changes."""
        key = str(Path(root).resolve())
        cfg = Path(key) / "config.md"
        stamp = cfg.stat().st_mtime if cfg.is_file() else 0.0
        hit = cls._cache.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        site = cls(key)
        cls._cache[key] = (stamp, site)
        return site

    # -- reading ---------------------------------------------------------------

    def _read_config(self) -> None:
        from ..page.pipeline import parse
        from ..reading import pagevars

        cfg = self.root / "config.md"
        explicit_rss = False
        if cfg.is_file():
            src = Source.from_path(cfg)
            doc = parse(src.text, "config.md", strict=False, diagnostics=self.diagnostics)
            for a in doc.vars:
                self.global_vars[pagevars.canonical(a.name)] = a.value
                explicit_rss = explicit_rss or a.name == "generate_rss"
            for d in doc.definitions:
                self.global_defs[d.name] = d
            self.unread_globals = frozenset(
                m.group(1)
                for d in self.diagnostics
                if d.code == "FC201" and d.line is not None
                for m in [_ASSIGNED.match(src.line_text(d.line))]
                if m
            )
        g = self.globals()
        # Franklin's docs: with the three website_* variables set, RSS is on unless turned off.
        if not explicit_rss and all(g.get(k) for k in _WEBSITE_VARS):
            self.global_vars["generate_rss"] = True
        rss_url = feeds.julia_joinpath(str(g.get("website_url") or ""), str(g.get("rss_file") or "feed"))
        self.global_vars["fd_rss_feed_url"] = rss_url + ".xml"

    def _read_utils(self) -> None:
        """Names of the functions ``utils.jl`` defines, so that calls to them are recognised (never run)."""
        utils = self.root / "utils.jl"
        if not utils.is_file():
            return
        text = utils.read_text(encoding="utf-8", errors="replace")
        found: dict[str, set[str]] = {"lx": set(), "env": set(), "hfun": set()}
        for m in _UTILS_FN.finditer(text):
            kind, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            found[kind].add(name)
        self.user_lx = frozenset(found["lx"])
        self.user_env = frozenset(found["env"])
        self.user_hfuns = frozenset(found["hfun"])
        self.utils_globals = frozenset(m.group(1) for m in _UTILS_GLOBAL.finditer(text))

    def globals(self) -> dict[str, Any]:
        """Franklin's global variables: defaults, then ``config.md``."""
        from ..reading.pagevars import GLOBAL_DEFAULTS

        return {**GLOBAL_DEFAULTS, **self.global_vars}

    def read(self, relpath: str) -> Source:
        """A source file of the site; paths leading outside the root are refused (``FC501``)."""
        return Source.from_path(inside(self.root, relpath, what="page"))

    # -- which files, and where they go -------------------------------------------

    def _ignore_rules(self) -> tuple[list[str | re.Pattern[str]], list[str | re.Pattern[str]]]:
        """Franklin's ``files2ignore``/``dirs2ignore``: built-ins plus ``ignore`` (strings or ``r"…"``)."""
        from ..reading.pagevars import JuliaRegex

        extra = self.global_vars.get("ignore")
        entries: list[object] = [*IGNORE_FILES, *(extra if isinstance(extra, list | tuple) else [])]
        files: list[str | re.Pattern[str]] = []
        dirs: list[str | re.Pattern[str]] = []
        for e in entries:
            rule: str | re.Pattern[str]
            if isinstance(e, JuliaRegex):
                text = e.pattern
                try:
                    rule = re.compile(text, re.I if "i" in e.flags else 0)
                except re.error as err:
                    self.diagnostics.append(_warning(
                        "FC604", f"the ignore pattern r\"{text}\" cannot be read ({err}); it is left out",
                        "config.md", "write a pattern Python's re understands"))
                    continue
            elif isinstance(e, str):
                text = rule = e
            else:
                continue
            if not text:
                continue
            if text.endswith("/"):
                if len(text) > 1:
                    dirs.append(rule)
            else:
                files.append(rule)
        return files, dirs

    def _ignored(self, rel: str) -> bool:
        """Franklin's ``should_ignore``: files match exactly (regexes anywhere), folders by prefix."""
        for r in self._file_rules:
            if (r == rel) if isinstance(r, str) else (r.search(rel) is not None):
                return True
        return any(rel.startswith(r) if isinstance(r, str) else r.match(rel) is not None
                   for r in self._dir_rules)

    def _pruned(self, rel_dir: str) -> bool:
        """A folder (``rel_dir`` ends with ``/``) none of whose files Franklin would use."""
        return rel_dir.startswith(("__site", ".git")) or any(
            isinstance(r, str) and rel_dir.startswith(r) for r in self._dir_rules)

    def files(self) -> list[SourceFile]:
        """Every file a build uses, in Franklin's order: copies, then ``.md``, then ``.html`` pages."""
        if self._files is not None:
            return self._files
        copies: list[SourceFile] = []
        pages: dict[Kind, list[SourceFile]] = {Kind.MD: [], Kind.HTML: []}
        for dirpath, dirnames, filenames in os.walk(self.root):
            here = Path(dirpath)
            rel_dir = here.relative_to(self.root).as_posix()
            prefix = "" if rel_dir == "." else rel_dir + "/"
            dirnames[:] = sorted(n for n in dirnames if not self._pruned(prefix + n + "/")
                                 and here / n != self._exclude)
            for name in sorted(filenames):
                f = self._classify(prefix, name)
                if f is not None:
                    (copies if f.kind is Kind.COPY else pages[f.kind]).append(f)
        self._files = copies + pages[Kind.MD] + pages[Kind.HTML]
        return self._files

    def _classify(self, prefix: str, name: str) -> SourceFile | None:
        """Franklin's ``_scan_input_dir!`` and ``process_file_err`` rules for one file."""
        rel = prefix + name
        if self._ignored(rel) or rel.startswith(("__site", ".git")):
            return None
        if rel.startswith(NOT_OUTPUT_DIRS) or rel.endswith(NOT_OUTPUT_NAMES):
            return None
        ext = posixpath.splitext(name)[1]
        if rel.startswith(SPECIAL_DIRS) or ext == ".toml":
            kind = Kind.COPY
        elif ext == ".md":
            kind = Kind.MD
        elif ext in (".html", ".htm"):
            kind = Kind.HTML
        else:
            kind = Kind.COPY
        out_dir = prefix.lstrip("_") if prefix.startswith(SPECIAL_DIRS) else prefix
        if kind is Kind.COPY:
            return SourceFile(rel, kind, out_dir + name)
        return SourceFile(rel, kind, self._page_output(out_dir, name, kind))

    def _page_output(self, out_dir: str, name: str, kind: Kind) -> str:
        """``a/b.md`` → ``a/b/index.html``; ``index``, top ``404`` and ``keep_path`` entries keep the name."""
        if kind is Kind.MD:
            name = posixpath.splitext(name)[0] + ".html"
        stem = posixpath.splitext(name)[0]
        if stem == "index" or self._keep_path(out_dir + stem):
            return out_dir + name
        return out_dir + stem + "/index.html"

    def _keep_path(self, rel_stem: str) -> bool:
        """Franklin's ``_keep_path``: ``x.html`` entries match exactly, ``dir/`` entries by prefix."""
        spath = rel_stem + ".html"
        for k in [*self._keep_list(), "404.html"]:
            if (k.endswith(".html") and k == spath) or (k.endswith("/") and spath.startswith(k)):
                return True
        return False

    def _keep_list(self) -> list[str]:
        keep = self.global_vars.get("keep_path")
        return [str(k) for k in keep] if isinstance(keep, list | tuple) else []

    def pages(self) -> Iterator[str]:
        """Source pages (``.md`` then ``.html``), as Franklin finds them."""
        return (f.rel for f in self.files() if f.kind is not Kind.COPY)

    def output_path(self, relpath: str, page_vars: dict[str, Any] | None = None) -> str:
        """Where the page is written inside the output folder, ``slug`` included (reference §5.2)."""
        rel = relpath.lstrip("/")
        if rel.endswith(".md"):
            vars_ = page_vars if page_vars is not None else self.page_vars_of(rel) or {}
            slug = str(vars_.get("slug") or "")
            if slug:
                return posixpath.join(posixpath.splitext(slug)[0].strip("/"), "index.html")
        prefix, name = posixpath.split(rel)
        prefix = prefix + "/" if prefix else ""
        out_dir = prefix.lstrip("_") if prefix.startswith(SPECIAL_DIRS) else prefix
        return self._page_output(out_dir, name, Kind.MD if rel.endswith(".md") else Kind.HTML)

    def url_curpage(self, relpath: str) -> str:
        """Franklin's ``url_curpage()``: the ``fd_url`` of a page, ``/blog/post/index.html`` style."""
        if relpath in self._keep_list():
            return relpath
        stem, ext = posixpath.splitext(relpath)
        if ext != ".html":
            if posixpath.basename(stem) != "index":
                stem += "/index"
            stem += ".html"
        return stem if stem.startswith("/") else "/" + stem

    @staticmethod
    def url(relpath: str) -> str:
        """Franklin's ``get_url``: ``blog/post.md`` → ``/blog/post/``, ``blog/index.md`` → ``/blog/``."""
        stem, ext = posixpath.splitext(relpath)
        url = stem if ext in (".md", ".html") else relpath
        url = url.removesuffix("index").strip("/")
        return f"/{url}/" if url else "/"

    # -- page variables ------------------------------------------------------------

    def _computed_vars(self, relpath: str) -> dict[str, Any]:
        """``fd_*`` variables Franklin sets before converting a page (dates: :meth:`file_time`)."""
        mtime = self.file_time(relpath)
        g = self.globals()
        fd_url = self.url_curpage(relpath)
        date_text = julia_date(mtime, str(g.get("date_format") or "U dd, yyyy"), g)
        return {
            "fd_rpath": relpath,
            "fd_url": fd_url,
            "fd_full_url": self._full_url(fd_url),
            "fd_ctime": date_text,
            "fd_mtime": date_text,
            "fd_mtime_raw": mtime.date(),
        }

    def file_time(self, relpath: str) -> dt.datetime:
        """A file's mtime in UTC, clamped to ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
        stamp = _stat(inside(self.root, relpath), relpath).st_mtime
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        if epoch.isdigit():
            stamp = min(stamp, int(epoch))
        return dt.datetime.fromtimestamp(stamp, tz=dt.UTC)

    def _full_url(self, fd_url: str) -> str:
        return str(self.global_vars.get("website_url") or "").rstrip("/") + fd_url

    def _markdown(self, relpath: str) -> PageResult:
        """The Markdown stage of a page, kept while the file is unchanged."""
        from ..page.pipeline import markdown_stage

        st = _stat(inside(self.root, relpath, what="page"), relpath)
        stamp = (st.st_mtime_ns, st.st_size)
        hit = self._results.get(relpath)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        src = self.read(relpath)
        text = ("\ufeff" if src.bom else "") + src.text  # the BOM shows in Franklin's HTML
        res = markdown_stage(text, path=relpath, page_vars=self._computed_vars(relpath), site=self,
                             strict=False)
        self._results[relpath] = (stamp, res)
        self._rendered_vars.pop(relpath, None)
        return res

    def markdown_stage(self, relpath: str) -> PageResult:
        """The page after Franklin's Markdown stage: its expanded tree, variables and diagnostics."""
        return self._markdown(relpath)

    def page_vars_of(self, relpath: str) -> dict[str, Any] | None:
        """Variables of another page (``{{fill v blog/pg1}}``); Franklin reads ``blog/pg1.md``."""
        rel = relpath.lstrip("/")
        stem, ext = posixpath.splitext(rel)
        rel = (stem if ext in (".md", ".html") else rel) + ".md"
        if rel in self._rendered_vars:
            return self._rendered_vars[rel]
        try:
            return self._markdown(rel).page_vars
        except (FranklinError, OSError):
            return None

    def cached_output(self, rpath: str, name: str) -> tuple[str | None, str | None]:
        """``(.out, .res)`` text Franklin cached for a code block, if the site has it."""
        url = resolve_url(name, rpath, code=True)
        head, _, tail = url.rpartition("/")
        found: list[str | None] = []
        for ext in (".out", ".res"):
            text = None
            for f in url_to_file(self.root, f"{head}/output/{tail}{ext}"):
                if f.is_file():
                    text = f.read_text(encoding="utf-8", errors="replace")
                    break
            found.append(text)
        return found[0], found[1]

    # -- tags ----------------------------------------------------------------------

    def _tag_index(self) -> dict[str, list[str]]:
        """Tag folder name (``refstring`` of the tag) → the ``.md`` pages carrying it, in source order."""
        if self._tags is None:
            index: dict[str, list[str]] = {}
            for f in self.files():
                if f.kind is not Kind.MD:
                    continue
                v = self.page_vars_of(f.rel) or {}
                tags = v.get("tags")
                if v.get("draft") is True or not isinstance(tags, list | tuple):
                    continue
                for key in dict.fromkeys(refstring(str(t)) for t in tags):
                    index.setdefault(key, []).append(f.rel)
            self._tags = index
        return self._tags

    def tag_entries(self, tag: str) -> list[TagEntry]:
        """The pages ``{{taglist}}`` lists for ``tag``; a ``nothing`` date falls back to the file's date."""
        from ..reading.pagevars import parse_date

        out: list[TagEntry] = []
        for rel in self._tag_index().get(refstring(tag), []):
            v = self.page_vars_of(rel) or {}
            date = v.get("date")
            if date is None:
                date = v.get("fd_mtime_raw")
            title = v.get("title")
            out.append(TagEntry(url=self.url(rel), title=None if title is None else str(title),
                                date=parse_date(date)))
        return out

    # -- whole pages -----------------------------------------------------------------

    def _layout(self, name: str, folder: str = "_layout") -> str:
        """A layout file's text; ``""`` when the site has none."""
        f = inside(self.root, f"{folder}/{name}")
        return f.read_text(encoding="utf-8", errors="replace") if f.is_file() else ""

    def _layout_rss(self, name: str) -> str:
        """An RSS template from ``_rss/``; ``""`` when the site relies on Franklin's default."""
        return self._layout(name, "_rss")

    def _context(self, rel: str, page_vars: dict[str, Any], global_vars: dict[str, Any],
                 headers: list[Any], rpath: str) -> TemplateContext:
        from ..core.hooks import USER_HFUNS
        from ..template.engine import TemplateContext

        return TemplateContext(page_vars=page_vars, global_vars=global_vars, rpath=rpath,
                               layout_dir=self.root / "_layout", path=rel, headers=headers,
                               page_vars_of=self.page_vars_of, tag_pages=self.tag_entries,
                               user_hfuns=USER_HFUNS,
                               unknowable=self.utils_globals | self.user_hfuns | self.unread_globals)

    def _fix_links(self, html: str) -> str:
        """Franklin's final-pass ``fix_links``: ``href="/x"`` → ``href="/prepath/x"`` (quirks kept)."""
        prepath = str(self.global_vars.get("prepath") or "")
        if not prepath:
            return html
        return _PREPATH_FIX.sub(lambda m: f'{m[1]}="/{prepath.strip("/")}/', html)

    def _wrap(self, body: str) -> str:
        """``build_page``'s content element, from the global ``div_content`` or ``content_*`` variables."""
        g = self.globals()
        div_content = str(g.get("div_content") or "")
        if div_content:
            tag, cls, ident = "div", div_content, ""
        else:
            tag, cls, ident = (str(g.get(k) or "") for k in ("content_tag", "content_class", "content_id"))
        if not tag:
            return body
        attrs = (f' class="{cls}"' if cls else "") + (f' id="{ident}"' if ident else "")
        return f"<{tag}{attrs}>{body}</{tag}>"

    def render(self, relpath: str) -> RenderedPage:
        """A page as Franklin builds it: ``.md`` through both stages and the layout, ``.html`` templated."""
        rel = relpath.lstrip("/")
        if rel.endswith((".html", ".htm")):
            return self._render_html(rel)
        return self._render_md(rel)

    def page_html(self, relpath: str) -> str:
        """The page as Franklin writes it into ``__site`` (layout included; first page if paginated)."""
        return self.render(relpath).files[0][1]

    def _render_md(self, rel: str) -> RenderedPage:
        from ..template.engine import render_template

        res = self._markdown(rel)
        pvars = dict(res.page_vars)
        out = self.output_path(rel, pvars)
        if pvars.get("slug"):
            pvars["fd_url"] = "/" + out
            pvars["fd_full_url"] = self._full_url(pvars["fd_url"])
        ctx = self._context(rel, pvars, res.global_vars, res.headers, rel)
        head, content, pgfoot, foot = (
            render_template(text, replace(ctx, path=path)) for text, path in (
                (self._layout("head.html"), "_layout/head.html"), (res.html, rel),
                (self._layout("page_foot.html"), "_layout/page_foot.html"),
                (self._layout("foot.html"), "_layout/foot.html")))
        pvars["fd_page_html"] = content
        self._rendered_vars[rel] = pvars
        diagnostics = [d.located(rel) for d in (*res.diagnostics, *ctx.diagnostics)]
        files = [(out, self._fix_links(head + self._wrap(body + pgfoot) + foot))
                 for out, body in self._paginate(out, content, pvars, diagnostics, rel)]
        return RenderedPage(rel, files, pvars, ctx.redirects, diagnostics, ctx)

    def _paginate(self, out: str, content: str, pvars: dict[str, Any], diagnostics: list[Diagnostic],
                  rel: str) -> list[tuple[str, str]]:
        """``{{paginate v n}}``: page 1 at the page's path and at ``1/``, page k at ``k/`` beside it."""
        from ..reading.pagevars import to_julia_string
        from ..template.hfuns import PAGINATE

        name = pvars.get("paginate_itr")
        items = pvars.get(str(name)) if name is not None else None
        if not isinstance(items, list | tuple) or PAGINATE not in content:
            return [(out, content)]
        npp = pvars.get("paginate_npp")
        per_page = npp if isinstance(npp, int) and npp > 0 else 10
        outdir = posixpath.dirname(out)
        pages: list[tuple[str, str]] = []
        for k in range(math.ceil(len(items) / per_page)):
            chunk = "".join(to_julia_string(e) for e in items[k * per_page:(k + 1) * per_page])
            body = content.replace(PAGINATE, chunk)
            if k == 0:
                pages.append((out, body))
            pages.append((posixpath.join(outdir, str(k + 1), "index.html"), body))
        if not pages:
            diagnostics.append(_warning("FC606", f"{{{{paginate {name} …}}}} runs over an empty list: "
                                        "Franklin writes no page at all", rel,
                                        f"give '{name}' at least one item"))
            return [(out, content.replace(PAGINATE, ""))]
        return pages

    def _render_html(self, rel: str) -> RenderedPage:
        from ..page.pipeline import _variables
        from ..template.engine import render_template

        gvars, pvars = _variables(self, None, {"fd_rpath": rel, "fd_url": self.url_curpage(rel)})
        ctx = self._context(rel, pvars, gvars, [], rel)
        html = render_template(self.read(rel).text, ctx)
        out = self.output_path(rel, pvars)
        diagnostics = [d.located(rel) for d in ctx.diagnostics]
        return RenderedPage(rel, [(out, self._fix_links(html))], pvars, ctx.redirects, diagnostics, ctx)

    def render_tag_page(self, tag: str) -> str:
        """A tag page from ``_layout/tag.html``, or Franklin's default when the site has none."""
        from ..page.pipeline import _variables
        from ..template.engine import render_template

        layout = self._layout("tag.html") or default_tag_layout(self.globals())
        tag_dir = str(self.globals().get("tag_page_path") or "tag").strip("/")
        gvars, pvars = _variables(self, None, {"fd_tag": tag, "fd_url": f"/{tag_dir}/{tag}/index.html"})
        ctx = self._context("_layout/tag.html", pvars, gvars, [], f"/{tag_dir}/{tag}/")
        return self._fix_links(render_template(layout, ctx))

    # -- the whole site ----------------------------------------------------------------

    def build(self, out_dir: str | os.PathLike[str] | None = None, *,
              progress: Callable[[int, int, str], None] | None = None) -> BuildReport:
        """Write the site into ``out_dir`` (default ``ROOT/__site``); a failing page is reported and skipped.

        ``progress(done, total, path)`` is called before each page.
        """
        out = self.output_folder(out_dir if out_dir is not None else self.root / "__site")
        return _Builder(self, out, progress).run()

    def output_folder(self, out_dir: str | os.PathLike[str]) -> Path:
        """Check an output folder and make the next look at the sources leave it out.

        A build or migration looks at the folder afresh, and never takes its own
        output for sources; an output folder holding the sources is refused.
        """
        out = Path(out_dir).resolve()
        if out == self.root or out in self.root.parents:
            raise FranklinError("FC603", f"the output folder {out} holds the site's sources",
                                hint="write into a folder inside the site (__site) or outside it")
        self._exclude = out if self.root in out.parents else None
        self._files = self._tags = None
        return out


class _Builder:
    """One build: pages in Franklin's order, then redirects, RSS, sitemap, robots.txt and tag pages."""

    def __init__(self, site: Site, out: Path, progress: Callable[[int, int, str], None] | None) -> None:
        self.site = site
        self.out = out
        self.progress = progress
        self.g = site.globals()
        self.report = BuildReport(diagnostics=list(site.diagnostics))
        self.written: dict[str, str] = {}  # output path -> the source that wrote it
        self.redirects: list[tuple[str, str]] = []  # (target, fd_url of the page asking)
        self.items: list[feeds.FeedItem] = []
        self.sitemap: dict[str, feeds.SitemapEntry] = {}
        self.disallow: list[str] = []

    def warn(self, code: str, message: str, path: str | None = None, hint: str = "") -> None:
        self.report.diagnostics.append(_warning(code, message, path, hint))

    def run(self) -> BuildReport:
        site = self.site
        remove_stale_temporaries(self.out)
        for name in ("head.html", "page_foot.html", "foot.html"):
            if not (site.root / "_layout" / name).is_file():
                self.warn("FC602", f"_layout/{name} is missing; it is taken as empty", f"_layout/{name}",
                          "Franklin needs head.html, page_foot.html and foot.html in _layout/")
        files = site.files()
        for f in files:
            if f.kind is Kind.COPY:
                self.copy(f)
        pages = [f for f in files if f.kind is not Kind.COPY]
        for i, f in enumerate(pages):
            if self.progress is not None:
                self.progress(i, len(pages), f.rel)
            self.page(f)
        if self.progress is not None:
            self.progress(len(pages), len(pages), "")
        for target, fd_url in self.redirects:
            if target not in self.written:
                self.write(target, feeds.redirect_page(fd_url), "{{redirect}}")
        if self.g.get("generate_rss") is True:
            self.rss()
        if self.g.get("generate_sitemap") is True:
            name = str(self.g.get("sitemap_file") or "sitemap") + ".xml"
            self.write(name, feeds.sitemap(self.sitemap.values(), str(self.g.get("website_url") or "")), name)
        if self.g.get("generate_robots") is True:
            self.robots()
        if self.g.get("generate_tags") is True:
            self.tags()
        self.report.outputs = sorted(self.written)
        return self.report

    def write(self, rel: str, data: str, source: str) -> None:
        """Write one output, refusing paths that leave the output folder (a ``slug`` with ``..``)."""
        rel = posixpath.normpath(rel)
        try:
            target = inside(self.out, rel, what="output")
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(source))
            return
        if rel in self.written and self.written[rel] != source and not self.written[rel].startswith("copy:"):
            self.warn("FC610", f"{source} and {self.written[rel]} both write {rel}; the last one wins, as in "
                      "Franklin", source, "give one of them a slug, or rename it")
        write_atomic(target, data)
        self.written[rel] = source

    def copy(self, f: SourceFile) -> None:
        try:
            src = inside(self.site.root, f.rel)
            target = inside(self.out, f.out, what="output")
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(f.rel))
            return
        try:
            copy_atomic(src, target)
        except OSError as e:  # a pipe, a socket, a file removed or unreadable since discovery
            self.report.diagnostics.append(Diagnostic(
                code="FC001", message=f"cannot copy {f.rel}: {e.strerror or e}", severity=Severity.ERROR,
                path=f.rel, hint="make it a regular, readable file, or add it to `ignore` in config.md"))
            return
        self.written[f.out] = "copy:" + f.rel

    def page(self, f: SourceFile) -> None:
        site = self.site
        try:
            page = site.render(f.rel)
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(f.rel))
            self.report.failed += 1
            return
        v = page.page_vars
        if f.kind is Kind.MD and v.get("draft") is True:
            self.report.diagnostics.append(Diagnostic(
                code="FC608", message="draft page: left out of the build", severity=Severity.INFO,
                path=f.rel))
            return
        self.report.diagnostics.extend(page.diagnostics)
        for out, html in page.files:
            self.write(out, html, f.rel)
        self.report.pages += 1
        fd_url = str(v.get("fd_url") or site.url_curpage(f.rel))
        self.redirects.extend((r.lstrip("/"), fd_url) for r in page.redirects)
        if f.kind is Kind.MD and self.g.get("generate_rss") is True and str(v.get("rss_description") or ""):
            self.rss_item(page)
        if self.g.get("generate_sitemap") is True and v.get("sitemap_exclude") is not True:
            self.sitemap_entry(page, f)
        if f.kind is Kind.MD and v.get("robots_disallow_this_page") is True:
            loc = site.url_curpage(f.rel)
            if loc not in self.disallow:
                self.disallow.append(loc)

    def rss_item(self, page: RenderedPage) -> None:
        """Franklin's ``add_rss_item``: ``_rss/item.xml`` in the page's context."""
        from ..template.engine import render_template

        v = page.page_vars
        if not str(v.get("rss_title") or ""):
            v["rss_title"] = "" if v.get("title") is None else str(v["title"])
        date = next((d for d in (v.get("rss_pubdate"), v.get("date"))
                     if isinstance(d, dt.date) and d != _NO_DATE), v.get("fd_mtime_raw"))
        v["rss_pubdate"] = date
        template = feeds.strip_comments(self.site._layout_rss("item.xml") or feeds.DEFAULT_RSS_ITEM)
        try:
            xml = feeds.finish_item(render_template(template, replace(page.ctx, path="_rss/item.xml")))
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located(page.rel))
            return
        tags = v.get("tags")
        tagged = tuple(str(t) for t in tags) if isinstance(tags, list | tuple) else ()
        self.items.append(feeds.FeedItem(xml, date if isinstance(date, dt.date) else _NO_DATE, tagged))

    def rss(self) -> None:
        """The feed (``rss_file``.xml) and one per tag under the tag folder."""
        from ..page.pipeline import _variables
        from ..template.engine import render_template

        if not all(self.g.get(k) for k in _WEBSITE_VARS):
            self.warn("FC605", "RSS is set to be generated but the RSS feed is improperly described: "
                      "at least one of the following variables have not been defined in your "
                      "'config.md': 'website_title', 'website_url', 'website_description'. The feed will "
                      "not be (re)generated.", "config.md",
                      "set the three website_* variables, or generate_rss = false")
            return
        if not self.items:
            return
        site = self.site
        gvars, pvars = _variables(site, None, None)
        head_src = feeds.strip_comments(site._layout_rss("head.xml") or feeds.DEFAULT_RSS_HEAD)
        try:
            ctx = site._context("_rss/head.xml", pvars, gvars, [], "_rss/head.xml")
            head = render_template(head_src, ctx)
        except FranklinError as e:
            self.report.diagnostics.append(e.diagnostic.located("_rss/head.xml"))
            return
        items = feeds.sort_items(self.items)
        name = str(self.g.get("rss_file") or "feed") + ".xml"
        self.write(name, feeds.feed(head, items), name)
        tag_dir = str(self.g.get("tag_page_path") or "tag").strip("/")
        for tag, tagged in feeds.tag_feeds(items).items():
            own_head = site._layout_rss(f"head_{tag}.xml")
            self.write(f"{tag_dir}/{tag}/{name}", feeds.feed(own_head or head, tagged), name)

    def sitemap_entry(self, page: RenderedPage, f: SourceFile) -> None:
        v = page.page_vars
        changefreq, priority = str(v.get("sitemap_changefreq") or "monthly"), v.get("sitemap_priority", 0.5)
        if isinstance(priority, str):
            with contextlib.suppress(ValueError):
                priority = float(priority)
        problem = feeds.valid_sitemap_options(changefreq, priority)
        if problem is not None:
            self.warn("FC607", problem + "; the page is left out of the sitemap", f.rel,
                      "see https://www.sitemaps.org/protocol.html")
            return
        lastmod = v.get("fd_mtime_raw") if f.kind is Kind.MD else None
        if not isinstance(lastmod, dt.date):
            lastmod = self.site.file_time(f.rel).date()
        loc = self.site.url_curpage(f.rel)
        assert isinstance(priority, int | float)
        self.sitemap[loc] = feeds.SitemapEntry(loc, lastmod, changefreq, float(priority))

    def robots(self) -> None:
        g = self.g
        sitemap_url = None
        if g.get("generate_sitemap") is True:
            sitemap_url = feeds.julia_joinpath(str(g.get("website_url") or ""),
                                               str(g.get("sitemap_file") or "sitemap") + ".xml")
        dirs = g.get("robots_disallow")
        text = feeds.robots(sitemap_url=sitemap_url, pages=self.disallow,
                            dirs=[str(d) for d in dirs] if isinstance(dirs, list | tuple) else [])
        self.write("robots.txt", text, "robots.txt")

    def tags(self) -> None:
        tag_dir = str(self.g.get("tag_page_path") or "tag").strip("/")
        for tag in sorted(self.site._tag_index()):
            try:
                html = self.site.render_tag_page(tag)
            except FranklinError as e:
                self.report.diagnostics.append(e.diagnostic.located("_layout/tag.html"))
                return
            self.write(f"{tag_dir}/{tag}/index.html", html, "_layout/tag.html")


def default_tag_layout(g: dict[str, Any]) -> str:
    """Franklin's ``write_default_tag_layout``, kept in memory (Franklin writes it into ``_layout``)."""
    cls = str(g.get("div_content") or "") or str(g.get("content_class") or "")
    return ('<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="UTF-8">\n'
            '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "  <title>Tag: {{fill fd_tag}}</title>\n</head>\n<body>\n"
            f'  <div class="{cls} tagpage">\n    {{{{taglist}}}}\n  </div>\n</body>\n</html>\n')


def julia_date(d: dt.date, fmt: str, g: dict[str, Any] | None = None) -> str:
    """Julia's ``Dates.format(d, fmt)`` with Franklin's ``date_months``/``date_days`` locale variables."""
    g = g or {}
    months = [str(x) for x in g.get("date_months") or []] or list(_MONTHS)
    short_months = [str(x) for x in g.get("date_shortmonths") or []] or [m[:3] for m in months]
    days = [str(x) for x in g.get("date_days") or []] or list(_DAYS)
    short_days = [str(x) for x in g.get("date_shortdays") or []] or [x[:3] for x in days]
    t = d if isinstance(d, dt.datetime) else dt.datetime(d.year, d.month, d.day)

    def one(m: re.Match[str]) -> str:
        if m.group(1) is not None or m.group(3) is not None:
            return m.group(1) if m.group(1) is not None else m.group(3)
        code, width = m.group(2), len(m.group(0))
        if code in "yY":
            return f"{t.year:0{width}d}"[-width:]
        names = {"u": short_months, "U": months, "e": short_days, "E": days}
        if code in names:
            table = names[code]
            index = t.month - 1 if code in "uU" else t.weekday()
            return table[index] if index < len(table) else ""
        if code == "p":
            return "AM" if t.hour < 12 else "PM"
        value = {"m": t.month, "d": t.day, "H": t.hour, "I": (t.hour - 1) % 12 + 1, "M": t.minute,
                 "S": t.second, "s": t.microsecond // 1000}[code]
        return f"{value:0{width}d}"

    return _DATE_TOKEN.sub(one, fmt)


__all__ = ["BuildReport", "Kind", "RenderedPage", "Site", "SourceFile", "TagEntry", "default_tag_layout",
           "julia_date", "page_stem", "write_atomic"]
