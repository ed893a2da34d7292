"""Which files of a site are pages, which are copied, and where each output goes.

Franklin's own rules (``src/manager/dir_utils.jl``, ``file_utils.jl``; reference §5):
``files2ignore``/``dirs2ignore``, the special ``_`` folders, ``keep_path``, ``slug``.
"""

from __future__ import annotations

import enum
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    pass

#: Franklin's ``IGNORE_FILES``: paths relative to the root (``node_modules/`` is a folder).
IGNORE_FILES = (".DS_Store", ".gitignore", "LICENSE.md", "README.md", "franklin", "franklin.pub",
                "node_modules/")
#: Folders whose files are copied with the leading ``_`` dropped (``_css/x`` → ``css/x``).
SPECIAL_DIRS = ("_assets", "_css", "_layout", "_libs", "_literate")
#: Sources Franklin reads but never writes out.
NOT_OUTPUT_DIRS = ("_layout", "_literate", "_rss")
NOT_OUTPUT_NAMES = ("config.md", "utils.jl")


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



class SiteFiles:
    """The file side of :class:`~.site.Site` (which provides ``root``, ``global_vars`` and friends)."""

    root: Path
    global_vars: dict[str, Any]
    _diagnostics: list[Diagnostic]
    _files: list[SourceFile] | None
    _exclude: Path | None
    _file_rules: list[str | re.Pattern[str]]
    _dir_rules: list[str | re.Pattern[str]]

    def page_vars_of(self, relpath: str) -> dict[str, Any] | None:
        raise NotImplementedError

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
                from ..julia_subset.errors import Failure
                from ..julia_subset.lib_regex import compiled

                text = e.pattern
                try:  # Julia's regex, translated; one that may backtrack exponentially is refused
                    rule = compiled(e)
                except Failure as err:
                    self._diagnostics.append(warning(
                        "FC604", f"the ignore pattern r\"{text}\" cannot be used ({err.describe()[1]}); "
                        "it is left out", "config.md",
                        "write a Julia regex that Python's re also reads, with no repeated group that "
                        "itself repeats (such as (a+)+)"))
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

    def source_file(self, rel: str) -> SourceFile | None:
        """What :meth:`files` lists for the file at ``rel`` (``None``: a build does not use it),
        found from its path alone: one page is checked without listing the whole site."""
        prefix, _, name = rel.rpartition("/")
        folder = ""
        for part in prefix.split("/") if prefix else []:
            folder += part + "/"
            if self._pruned(folder) or self.root / folder == self._exclude:
                return None
        return self._classify(folder, name)

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


def warning(code: str, message: str, path: str | None = None, hint: str = "") -> Diagnostic:
    return Diagnostic(code=code, message=message, severity=Severity.WARNING, path=path, hint=hint)

