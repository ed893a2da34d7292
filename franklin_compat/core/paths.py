"""Franklin's path rules (reference §3.10, §3.16), confined to the site root.

Every file we read for a page goes through :func:`inside`, which resolves
symbolic links and refuses anything that leaves the root: ``../../etc/passwd``
or an absolute path never gets opened.
"""

from __future__ import annotations

import functools
import os
import posixpath
import stat
from collections.abc import Iterator
from pathlib import Path

from .diagnostics import FranklinPathError


def find_root(path: Path) -> Path | None:
    """The site a file belongs to: the nearest folder at or above ``path`` holding a ``config.md``."""
    cur = path if path.is_dir() else path.parent
    for d in (cur, *cur.parents):
        if (d / "config.md").is_file():
            return d
    return None

IMAGE_EXTS = (".png", ".jpeg", ".jpg", ".svg", ".gif")


def page_stem(rpath: str) -> str:
    """``blog/post.md`` → ``blog/post``; ``blog/index.md`` → ``blog`` (Franklin drops ``index``)."""
    stem = posixpath.splitext(rpath)[0]
    if stem == "index":
        return "index"
    if stem.endswith("/index"):
        return stem[: -len("/index")]
    return stem


def resolve_url(path: str, rpath: str, *, code: bool = False) -> str:
    """A ``\\fig``/``\\input`` path as the site URL Franklin gives it.

    ``/x`` stays (``/_assets/`` becomes ``/assets/``); ``./y`` is relative to the
    page's assets folder; a bare ``y`` is ``./code/y`` in code mode and
    ``/assets/y`` otherwise.
    """
    p = path.strip()
    if p.startswith("/"):
        return "/assets/" + p[len("/_assets/") :] if p.startswith("/_assets/") else p
    if not p.startswith("./"):
        if not code:
            return "/assets/" + p
        p = "./code/" + p
    return "/assets/" + page_stem(rpath) + "/" + p[2:]


def julia_joinpath(base: str, rel: str) -> str:
    """Julia's ``joinpath(base, rel)`` on URLs: a ``/`` between them unless ``base`` is empty or has one."""
    if not base or base.endswith("/"):
        return base + rel
    return base + "/" + rel


def is_external(url: str) -> bool:
    low = url.lower()
    return "://" in low or low.startswith(("mailto:", "data:", "//", "#", "tel:", "javascript:"))


def _real(root: Path) -> Path:
    """The site root with its links resolved; once per absolute root, since a page's figures,
    inserts and outputs each ask for several paths under it (a relative one depends on the
    working directory)."""
    return _real_absolute(root) if root.is_absolute() else root.resolve()


@functools.lru_cache(maxsize=64)
def _real_absolute(root: Path) -> Path:
    return root.resolve()


def _resolve_under(base: Path, rel: str) -> Path:
    """``(base / rel).resolve()`` for a ``base`` already resolved: only the components of
    ``rel`` are looked at (one ``lstat`` each), and the first link met hands the whole path
    to ``resolve``.  A path with no link resolves as ``realpath`` does, component by
    component (``..`` after a missing name included)."""
    if "\x00" in rel:
        raise ValueError("embedded null byte")  # as the lstat of that name would
    path = str(base)
    parts = [p for p in rel.split("/") if p and p != "."]
    for i, part in enumerate(parts):
        if part == "..":
            path = os.path.dirname(path)
            continue
        path = os.path.join(path, part)
        try:
            linked = stat.S_ISLNK(os.lstat(path).st_mode)
        except (FileNotFoundError, NotADirectoryError):
            if ".." not in parts[i + 1 :]:  # nothing below a missing name exists: no more links
                return Path(os.path.join(path, *parts[i + 1 :]))
            continue
        except OSError:  # a name too long, no permission: not a link, as for realpath
            continue
        if linked:
            return (base / rel).resolve()
    return Path(path)


def inside(root: Path, rel: str, *, what: str = "file") -> Path:
    """``root/rel`` with links resolved; a path that leaves ``root`` is refused."""
    rel = rel.lstrip("/")
    base = _real(root)
    shown = rel if len(rel) <= 80 else rel[:60] + "…" + rel[-16:]
    try:
        target = _resolve_under(base, rel)
    except (OSError, RuntimeError, ValueError) as e:  # a NUL character, a loop of links (3.11: RuntimeError)
        raise FranklinPathError(
            "FC501", f"the {what} path {shown!r} names no file: {e}", hint="use a path inside the site"
        ) from None
    whole, prefix = str(target), str(base).rstrip(os.sep) + os.sep
    if target != base and not whole.startswith(prefix):
        raise FranklinPathError(
            "FC501",
            f"the {what} path {shown!r} leads outside the site folder",
            hint="use a path inside the site (e.g. /assets/...)",
        )
    below = whole[len(prefix) :]  # the root's own names exist, so are not too long
    # asking the system about a name over 255 bytes (so over 63 characters) raises rather than
    # saying "no such file"
    if len(below) > 63 and any(len(p.encode("utf-8", "surrogatepass")) > 255 for p in below.split(os.sep)):
        raise FranklinPathError(
            "FC501", f"the {what} path {shown!r} names no file: a name is too long", hint="use a shorter name"
        )
    return target


def url_to_file(root: Path, url: str) -> Iterator[Path]:
    """Site files a ``/…`` URL may be served from: the built site, then the sources.  Lazily, so
    a file found in the built site costs one resolution (a page's code outputs and figures ask
    for dozens)."""
    rel = url.lstrip("/")
    yield inside(root, "__site/" + rel)
    for prefix, folder in _SOURCE_FOLDERS:
        if rel.startswith(prefix):
            yield inside(root, folder + rel[len(prefix) :])
            return
    yield inside(root, rel)


_SOURCE_FOLDERS = (("assets/", "_assets/"), ("css/", "_css/"), ("libs/", "_libs/"))


def find_with_ext(root: Path, url: str, exts: tuple[str, ...]) -> str | None:
    """Franklin's search for a figure: as given, with each extension, then in ``output/``."""
    stem, ext = posixpath.splitext(url)
    candidates = [url] if ext else [stem + e for e in exts]
    head, tail = posixpath.split(stem)
    candidates += [posixpath.join(head, "output", tail) + (ext or e) for e in ((ext,) if ext else exts)]
    listed: dict[str, list[set[str] | None]] = {}  # a folder → the names in it, under each root
    for c in candidates:
        folder, name = posixpath.split(c)
        if folder not in listed:  # a figure tries up to 20 names in two folders
            listed[folder] = [_names(d) for d in url_to_file(root, folder + "/")]
        maybe = any(names is None or name in names for names in listed[folder])
        if maybe and any(f.is_file() for f in url_to_file(root, c)):
            return c
    return None


def _names(folder: Path) -> set[str] | None:
    """The names in a folder (empty if it is not one); ``None`` if it cannot be listed."""
    try:
        return set(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return set()
    except OSError:
        return None
