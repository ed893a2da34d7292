"""``inside`` resolves a path under the site root as ``Path.resolve`` does, looking only at
the components below the root: every combination of links, ``..``, missing names and files
used as folders gives the same path (or the same refusal) as resolving the whole path."""

from __future__ import annotations

import itertools
import os
import posixpath
from pathlib import Path

import pytest

from franklin_compat.core.diagnostics import FranklinPathError
from franklin_compat.core.paths import IMAGE_EXTS, find_with_ext, inside, url_to_file


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "f.txt").write_text("x")
    (root / "file").write_text("y")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret").write_text("z")
    os.symlink(root / "a" / "b", root / "in_link")
    os.symlink("../outside", root / "out_link")
    os.symlink("a", root / "rel_link")
    os.symlink("loop", root / "loop")
    return root


PARTS = ["a", "b", "f.txt", "..", ".", "", "missing", "file", "in_link", "out_link", "rel_link", "loop",
         "secret", "x\x00"]


def _expected(root: Path, rel: str) -> Path | None:
    """What resolving the whole path gives, or None where ``inside`` must refuse."""
    base = root.resolve()
    try:
        target = (base / rel.lstrip("/")).resolve()
    except (OSError, RuntimeError, ValueError):
        return None
    if target != base and base not in target.parents:
        return None
    return target


@pytest.mark.parametrize("depth", [1, 2, 3])
def test_inside_agrees_with_resolve(tree: Path, depth: int) -> None:
    for combo in itertools.product(PARTS, repeat=depth):
        rel = "/".join(combo)
        want = _expected(tree, rel)
        if want is None:
            with pytest.raises(FranklinPathError):
                inside(tree, rel)
        else:
            assert inside(tree, rel) == want, rel


def _find_every_name(root: Path, url: str, exts: tuple[str, ...]) -> str | None:
    """``find_with_ext`` as Franklin states it: every candidate name, under each root, in turn."""
    stem, ext = posixpath.splitext(url)
    candidates = [url] if ext else [stem + e for e in exts]
    head, tail = posixpath.split(stem)
    candidates += [posixpath.join(head, "output", tail) + (ext or e) for e in ((ext,) if ext else exts)]
    for c in candidates:
        if any(f.is_file() for f in url_to_file(root, c)):
            return c
    return None


def test_figure_search_lists_folders_with_the_same_result(tree: Path) -> None:
    """The figure search looks a candidate up only when its folder lists the name; over built
    and source folders, links in and out, files named like folders and missing folders, it finds
    what trying every name finds, and refuses (FC501) what that refuses."""
    for d in ("__site/assets/p/output", "_assets/q/output", "__site/assets/r"):
        (tree / d).mkdir(parents=True)
    (tree / "__site/assets/p/output/fig.svg").write_text("<svg/>")
    (tree / "_assets/q/output/plot.png").write_text("png")
    (tree / "__site/assets/r/plot.gif").write_text("gif")
    (tree / "_assets/q/dir.png").mkdir()
    os.symlink(tree / "_assets/q/output/plot.png", tree / "__site/assets/r/linked.png")
    os.symlink("../../../outside", tree / "__site/assets/away")
    names = ["fig", "fig.svg", "plot", "plot.png", "plot.gif", "linked", "dir", "dir.png", "missing", "x.jpg"]
    folders = ["", "/assets/p", "/assets/q", "/assets/r", "assets/p/output", "/assets/away", "/assets/none",
               "/assets/p/../r", "/file"]
    for folder, name in itertools.product(folders, names):
        url = f"{folder}/{name}" if folder else name
        try:
            want: str | type[FranklinPathError] | None = _find_every_name(tree, url, IMAGE_EXTS)
        except FranklinPathError:
            want = FranklinPathError
        if want is FranklinPathError:
            with pytest.raises(FranklinPathError):
                find_with_ext(tree, url, IMAGE_EXTS)
        else:
            assert find_with_ext(tree, url, IMAGE_EXTS) == want, url
