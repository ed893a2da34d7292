"""``inside`` resolves a path under the site root as ``Path.resolve`` does, looking only at
the components below the root: every combination of links, ``..``, missing names and files
used as folders gives the same path (or the same refusal) as resolving the whole path."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from franklin_compat.core.diagnostics import FranklinPathError
from franklin_compat.core.paths import inside


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
