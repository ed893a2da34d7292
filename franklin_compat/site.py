"""A whole Franklin site: ``config.md``, layouts, pages, and the built ``__site``.

Only files inside the root are read (:mod:`paths`); sources are never written;
outputs are written atomically (temporary file, then rename).
"""

from __future__ import annotations

import datetime
import os
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import ast as A
from .diagnostics import Diagnostic, FranklinError
from .paths import inside, output_base, page_stem, url_to_file
from .source import Source

ALWAYS_IGNORED = {".DS_Store", ".gitignore", "LICENSE.md", "README.md", "franklin", "franklin.pub", "config.md",
                  "utils.jl", "Project.toml", "Manifest.toml"}
_UTILS_FN = re.compile(r"^\s*function\s+(lx|env|hfun)_(\w+)|^\s*(lx|env|hfun)_(\w+)\s*\(.*\)\s*=", re.M)


@dataclass
class TagEntry:
    url: str
    title: str
    date: Any


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".fc-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Site:
    """A Franklin site folder (the one holding ``config.md``)."""

    _cache: dict[str, tuple[float, Site]] = {}

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FranklinError("FC601", f"{root} is not a folder", hint="name the folder that holds config.md")
        self.diagnostics: list[Diagnostic] = []
        self.global_vars: dict[str, Any] = {}
        self.global_defs: dict[str, A.CommandDef] = {}
        self.user_lx: frozenset[str] = frozenset()
        self.user_env: frozenset[str] = frozenset()
        self.user_hfuns: frozenset[str] = frozenset()
        self._page_vars: dict[str, dict[str, Any]] = {}
        self._read_config()
        self._read_utils()

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
        from . import pagevars
        from .api import parse

        cfg = self.root / "config.md"
        if not cfg.is_file():
            return
        src = Source.from_path(cfg)
        doc = parse(src.text, "config.md", strict=False, diagnostics=self.diagnostics)
        for a in doc.vars:
            self.global_vars[pagevars.canonical(a.name)] = a.value
        for d in doc.definitions:
            self.global_defs[d.name] = d

    def _read_utils(self) -> None:
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

    def read(self, relpath: str) -> Source:
        return Source.from_path(inside(self.root, relpath, what="page"))

    # -- pages -----------------------------------------------------------------

    def ignored(self) -> list[str]:
        ign = self.global_vars.get("ignore") or []
        return [str(x) for x in ign] if isinstance(ign, list | tuple) else []

    def pages(self) -> Iterator[str]:
        """Source pages (``.md`` / ``.html`` outside ``_*`` folders), sorted."""
        ignore = self.ignored()
        for dirpath, dirnames, filenames in os.walk(self.root):
            rel_dir = Path(dirpath).relative_to(self.root).as_posix()
            rel_dir = "" if rel_dir == "." else rel_dir
            dirnames[:] = sorted(
                d for d in dirnames
                if not d.startswith(("_", ".")) and d != "node_modules"
                and not any(i.endswith("/") and posixpath.join(rel_dir, d) + "/" == i for i in ignore)
            )
            for f in sorted(filenames):
                rel = posixpath.join(rel_dir, f) if rel_dir else f
                if not f.endswith((".md", ".html")) or f in ALWAYS_IGNORED and not rel_dir:
                    continue
                if rel in ignore or (rel_dir == "" and f in ALWAYS_IGNORED):
                    continue
                yield rel

    def output_path(self, relpath: str, page_vars: dict[str, Any] | None = None) -> str:
        """Where Franklin writes a page: ``a/b.md`` → ``a/b/index.html`` (reference §5.2)."""
        vars_ = page_vars if page_vars is not None else self.page_vars_of(relpath) or {}
        slug = str(vars_.get("slug") or "").strip("/")
        if slug:
            return slug + ("" if slug.endswith(".html") else "/index.html")
        stem = posixpath.splitext(relpath)[0]
        keep = [str(k) for k in self.global_vars.get("keep_path") or []]
        if posixpath.basename(stem) == "index" or stem == "404" or relpath in keep:
            return stem + ".html"
        return stem + "/index.html"

    def url(self, relpath: str) -> str:
        out = self.output_path(relpath)
        return "/" + (out[: -len("index.html")] if out.endswith("index.html") else out)

    def page_vars_of(self, relpath: str) -> dict[str, Any] | None:
        """Variables of another page (``{{fill v page}}``), read on demand."""
        rel = relpath.lstrip("/")
        if not rel.endswith((".md", ".html")):
            rel += ".md"
        if rel in self._page_vars:
            return self._page_vars[rel]
        try:
            res = self._markdown(rel)
        except (FranklinError, OSError):
            return None
        self._page_vars[rel] = res.page_vars
        return res.page_vars

    def _markdown(self, relpath: str) -> Any:
        from .api import markdown_stage

        src = self.read(relpath)
        pvars = self._computed_vars(relpath)
        return markdown_stage(src.text, path=relpath, page_vars=pvars, site=self, strict=False)

    def _computed_vars(self, relpath: str) -> dict[str, Any]:
        f = inside(self.root, relpath)
        st = f.stat()
        mtime = datetime.date.fromtimestamp(st.st_mtime)
        out = "/" + self.output_path(relpath, {})
        return {
            "fd_rpath": relpath,
            "fd_url": out,
            "fd_full_url": str(self.global_vars.get("website_url") or "").rstrip("/") + out,
            "fd_ctime": _julia_date(mtime, str(self.global_vars.get("date_format") or "U dd, yyyy")),
            "fd_mtime": _julia_date(mtime, str(self.global_vars.get("date_format") or "U dd, yyyy")),
            "fd_mtime_raw": mtime,
        }

    def cached_output(self, rpath: str, name: str) -> tuple[str | None, str | None]:
        """``(.out, .res)`` text Franklin cached for a code block, if the site has it."""
        base = output_base(name, rpath)
        found: list[str | None] = []
        for ext in (".out", ".res"):
            text = None
            for f in url_to_file(self.root, base + ext):
                if f.is_file():
                    text = f.read_text(encoding="utf-8", errors="replace")
                    break
            found.append(text)
        return found[0], found[1]

    def tag_entries(self, tag: str) -> list[TagEntry]:
        out: list[TagEntry] = []
        for rel in self.pages():
            if not rel.endswith(".md"):
                continue
            v = self.page_vars_of(rel) or {}
            if tag in [str(t) for t in v.get("tags") or []]:
                out.append(TagEntry(self.url(rel), str(v.get("title") or self.url(rel)), v.get("date")))
        out.sort(key=lambda e: e.date if isinstance(e.date, datetime.date) else datetime.date(1, 1, 1),
                 reverse=True)
        return out

    # -- whole pages -------------------------------------------------------------

    def _layout(self, name: str) -> str:
        f = inside(self.root, "_layout/" + name)
        return f.read_text(encoding="utf-8", errors="replace") if f.is_file() else ""

    def page_html(self, relpath: str) -> str:
        """The page as Franklin writes it into ``__site`` (layout included)."""
        from .api import _template

        if relpath.endswith(".html"):
            from .api import render_template

            return render_template(self.read(relpath).text, page_vars=self._computed_vars(relpath),
                                   site=self, path=relpath)
        res = self._markdown(relpath)
        self._page_vars[relpath] = res.page_vars
        content = _template(res.html, res, self, relpath)
        head = _template(self._layout("head.html"), res, self, "_layout/head.html")
        foot_page = _template(self._layout("page_foot.html"), res, self, "_layout/page_foot.html")
        foot = _template(self._layout("foot.html"), res, self, "_layout/foot.html")
        v = {**res.global_vars, **{k: x for k, x in res.page_vars.items() if x is not None}}
        div_content = str(v.get("div_content") or "")
        if div_content:
            open_tag, close_tag = f'<div class="{div_content}">', "</div>"
        else:
            tag = str(v.get("content_tag", "div") if v.get("content_tag") is not None else "div")
            cls = str(v.get("content_class") or "")
            ident = str(v.get("content_id") or "")
            attrs = (f' class="{cls}"' if cls else "") + (f' id="{ident}"' if ident else "")
            open_tag, close_tag = (f"<{tag}{attrs}>", f"</{tag}>") if tag else ("", "")
        return f"{head}\n{open_tag}{content}\n{foot_page}\n{close_tag}\n{foot}"

    def build(self, out_dir: str | os.PathLike[str] | None = None) -> list[Diagnostic]:
        """Write every page and copy assets; returns the problems found (a page that fails is skipped)."""
        out = Path(out_dir) if out_dir is not None else self.root / "__site"
        problems: list[Diagnostic] = []
        for rel in self.pages():
            try:
                html = self.page_html(rel)
            except FranklinError as e:
                problems.append(e.diagnostic.located(rel))
                continue
            write_atomic(out / self.output_path(rel), html)
        for src, dst in (("_assets", "assets"), ("_css", "css"), ("_libs", "libs")):
            if (self.root / src).is_dir():
                _copy_tree(self.root / src, out / dst)
        return problems


def _copy_tree(src: Path, dst: Path) -> None:
    for dirpath, _dirs, files in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        for f in files:
            s = Path(dirpath) / f
            if s.is_symlink() and src.resolve() not in s.resolve().parents:
                continue
            d = dst / rel / f
            d.parent.mkdir(parents=True, exist_ok=True)
            tmp = d.with_name(".fc-" + d.name)
            shutil.copyfile(s, tmp)
            os.replace(tmp, d)


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


_DATE_TOKEN = re.compile(r"yyyy|U|u|mm|dd|m|d")


def _julia_date(d: datetime.date, fmt: str) -> str:
    """A subset of Julia's Dates formatting (``U dd, yyyy`` and friends)."""
    values = {"yyyy": f"{d.year:04d}", "U": _MONTHS[d.month - 1], "u": _MONTHS[d.month - 1][:3],
              "mm": f"{d.month:02d}", "dd": f"{d.day:02d}", "m": str(d.month), "d": str(d.day)}
    return _DATE_TOKEN.sub(lambda m: values[m.group(0)], fmt)


__all__ = ["Site", "TagEntry", "page_stem", "write_atomic"]
