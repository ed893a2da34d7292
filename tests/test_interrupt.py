"""A build killed with SIGKILL at any moment leaves the previous build whole, never a mix.

A generated site of a few hundred pages is built (the old build); a changed copy of it (one
page removed, one added, every page's text changed) is then built into the same folder and
killed at several moments (while the staging folder beside the output fills up: after the
first file, a quarter, half and most of the files, and while a file is half written).  At
each kill:

* the output folder is exactly the old build, file for file, byte for byte: the new build is
  written beside it and swapped in only when complete;
* the source trees are byte-identical to what they were (a build never writes into its
  sources);

and the build started again gives exactly the uninterrupted new build, with nothing of the
old one left (the removed page's output is gone) and nothing of the killed one (no staging
folder, no temporary file).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: several builds of a 300-page site, killed and started again: about a minute and a half
pytestmark = pytest.mark.slow
PAGES = 300
BIG = 32 * 1024 * 1024
#: (old site, new site, old build, new build, digests of the two source trees)
Built = tuple[Path, Path, dict[str, bytes], dict[str, bytes], tuple[str, str]]


def make_site(root: Path, pages: int = PAGES, version: str = "old") -> Path:
    """A site with layouts, tags, RSS, a sitemap, assets and ``pages`` pages."""
    files = {
        "config.md": (
            '+++\nwebsite_title = "Kill test"\nwebsite_url = "https://example.org/"\n'
            'website_description = "pages"\ngenerate_sitemap = true\n+++\n'
            "\\newcommand{\\R}{\\mathbb{R}}\n"
        ),
        "_layout/head.html": "<!doctype html><html><head><title>{{fill title}}</title></head><body>\n",
        "_layout/page_foot.html": "<footer>{{fill fd_url}}</footer>\n",
        "_layout/foot.html": "</body></html>\n",
        "_css/site.css": "body { color: black }\n" * 50,
        "index.md": "# Home\n\n" + "".join(f"- [page {i}](/blog/p{i}/)\n" for i in range(pages)),
    }
    for i in range(pages):
        files[f"blog/p{i}.md"] = (
            f'+++\ntitle = "Page {i}"\ntags = ["t{i % 7}", "all"]\nrss_description = "page {i}"\n'
            f"date = Date(2024, {i % 12 + 1}, {i % 28 + 1})\n+++\n\n"
            f"# Page {i} ({version})\n\nSome *text* with math $x^{i} \\in \\R$ and a footnote[^1].\n\n"
            + "\n\n".join(f"## Part {k}\n\n" + "Lorem ipsum dolor sit amet. " * 20 for k in range(4))
            + f"\n\n@@note\nA div in page {i}.\n@@\n\n```julia\nx = {i}\n```\n\n[^1]: The note of {i}.\n"
        )
        if i % 10 == 0:
            files[f"_assets/blog/p{i}/data.txt"] = f"data of {i} ({version})\n" * 200
    if version == "new":
        del files["blog/p1.md"]
        files["blog/added.md"] = "# A page only the new build has\n"
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    # a big file: its copy takes long enough to be killed in the middle of it
    (root / "_assets" / "big.bin").write_bytes(hashlib.sha256(version.encode()).digest() * (BIG // 32))
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links not followed) by relative path, with its bytes."""
    out: dict[str, bytes] = {}
    for dirpath, _dirs, names in os.walk(root):
        for name in names:
            p = Path(dirpath) / name
            out[p.relative_to(root).as_posix()] = p.read_bytes()
    return out


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for rel, data in sorted(tree(root).items()):
        h.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def build_cmd(site: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "franklin_compat", "build", str(site), "--out", str(out), "--jobs", "1"]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    return e


def staging(out: Path) -> list[Path]:
    """The folders a build writes into before swapping them in (beside ``out``)."""
    return sorted(out.parent.glob(f".{out.name}.fc-*"))


def count_files(root: Path) -> int:
    return sum(len(names) for _d, _s, names in os.walk(root)) if root.exists() else 0


def count_staged(out: Path) -> int:
    return sum(len(names) for d in staging(out) for _d, _s, names in os.walk(d))


def build(site: Path, out: Path) -> dict[str, bytes]:
    run = subprocess.run(build_cmd(site, out), env=env(), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return tree(out)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("kill")
    old_site, new_site = make_site(base / "old"), make_site(base / "new", version="new")
    digests = (digest(old_site), digest(new_site))
    old, new = build(old_site, base / "old-build"), build(new_site, base / "new-build")
    assert (digest(old_site), digest(new_site)) == digests, "an uninterrupted build changed its sources"
    assert len(new) > PAGES and "blog/p1/index.html" in old and "blog/p1/index.html" not in new
    return old_site, new_site, old, new, digests


#: Kill when this fraction of the new build's files is staged; None: while a temporary file is there.
FRACTIONS = (0.0, 0.25, 0.5, 0.9, None)


def has_temporary(out: Path) -> bool:
    for d in staging(out):
        try:
            if any(e.name.startswith(".fc-tmp-") for e in os.scandir(d / "assets")):
                return True
        except OSError:
            pass
    return False


class Run:
    """One build killed when ``fraction`` of the new build's files were staged, then run again."""

    def __init__(self, fraction: float | None, killed: bool, partial: dict[str, bytes],
                 final: dict[str, bytes], leftovers: list[Path], sources: list[tuple[str, str]],
                 returncode: int, stderr: str) -> None:
        self.fraction = fraction
        self.killed = killed
        self.partial = partial
        self.final = final
        self.leftovers = leftovers
        self.sources = sources
        self.returncode = returncode
        self.stderr = stderr


@pytest.fixture(scope="module")
def runs(built: Built, tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    old_site, new_site, _old, new, _digests = built
    out_runs = []
    for fraction in FRACTIONS:
        for _attempt in range(3):  # a kill "while a temporary file is there" may miss it: try again
            out = tmp_path_factory.mktemp("killed") / "out"
            build(old_site, out)
            killed = kill_build(new_site, out, new, fraction)
            if killed and fraction is not None:
                break
        sources = [(digest(old_site), digest(new_site))]
        partial = tree(out) if out.exists() else {}
        again = subprocess.run(build_cmd(new_site, out), env=env(), capture_output=True, text=True,
                               timeout=600)
        sources.append((digest(old_site), digest(new_site)))
        out_runs.append(Run(fraction, killed, partial, tree(out), staging(out), sources, again.returncode,
                            again.stderr))
        shutil.rmtree(out.parent, ignore_errors=True)
    return out_runs


def kill_build(site: Path, out: Path, reference: dict[str, bytes], fraction: float | None) -> bool:
    """Start a build into ``out`` and SIGKILL it at the moment ``fraction`` says; was it still running?"""
    quiet = subprocess.DEVNULL
    proc = subprocess.Popen(build_cmd(site, out), env=env(), stdout=quiet, stderr=quiet)
    deadline = time.monotonic() + 300
    if fraction is None:
        while proc.poll() is None and not has_temporary(out) and time.monotonic() < deadline:
            time.sleep(0.0002)
    else:
        target = max(1, int(len(reference) * fraction))
        while proc.poll() is None and count_staged(out) < target and time.monotonic() < deadline:
            time.sleep(0.002)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return killed


def test_the_builds_were_killed_midway(runs: list[Run]) -> None:
    assert all(r.killed for r in runs), "a build finished before it could be killed: make the site bigger"


def test_the_sources_never_change(runs: list[Run], built: Built) -> None:
    for r in runs:
        assert r.sources == [built[4], built[4]], f"killed at {r.fraction}: the sources changed"


def test_a_killed_build_leaves_the_old_build_whole(runs: list[Run], built: Built) -> None:
    """Whatever the moment of the kill, the output folder is exactly the previous build."""
    old = built[2]
    for r in runs:
        assert r.partial == old, f"killed at {r.fraction}: the output folder is not the old build"


def test_a_restarted_build_gives_exactly_the_uninterrupted_one(runs: list[Run], built: Built) -> None:
    """Nothing of the old build (the removed page) and nothing of the killed one is left."""
    new = built[3]
    for r in runs:
        assert r.returncode == 0, r.stderr
        assert sorted(r.final) == sorted(new), f"killed at {r.fraction}, then rebuilt: other files"
        assert r.final == new, f"killed at {r.fraction}, then rebuilt: some file differs"
        assert r.leftovers == [], f"killed at {r.fraction}, then rebuilt: {r.leftovers} left beside it"


def test_convert_and_check_leave_the_sources_alone(built: Built, tmp_path: Path) -> None:
    site, source_digest = built[0], built[4][0]
    commands = [
        [sys.executable, "-m", "franklin_compat", "convert", str(site / "blog" / "p1.md")],
        [sys.executable, "-m", "franklin_compat", "convert", str(site / "blog" / "p2.md"), "--layout"],
        [sys.executable, "-m", "franklin_compat", "convert", str(site / "blog" / "p3.md"), "-o",
         str(tmp_path / "p3.html")],
        [sys.executable, "-m", "franklin_compat", "check", str(site / "blog" / "p4.md")],
    ]
    for cmd in commands:
        run = subprocess.run(cmd, env=env(), capture_output=True, text=True, timeout=300, cwd=tmp_path)
        assert run.returncode in (0, 1), (cmd, run.stderr)
        assert digest(site) == source_digest, f"{cmd[3:]} changed the sources"
    assert (tmp_path / "p3.html").read_text(encoding="utf-8").startswith("<h1")


def migrate_cmd(site: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "franklin_compat", "migrate", str(site), "--to", "hugo", "--out", str(out),
            "--jobs", "2"]


def children(pid: int) -> set[int]:
    """The processes whose parent is ``pid`` (Linux' ``/proc``; empty elsewhere)."""
    found: set[int] = set()
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat_file.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_a_killed_migration_started_again_gives_the_uninterrupted_tree(
    built: Built, tmp_path: Path
) -> None:
    site, source_digest = built[0], built[4][0]
    ref = tmp_path / "reference"
    run = subprocess.run(migrate_cmd(site, ref), env=env(), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    reference = tree(ref)
    out = tmp_path / "killed"
    proc = subprocess.Popen(migrate_cmd(site, out), env=env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and count_files(out) < len(reference) // 2 and time.monotonic() < deadline:
        time.sleep(0.002)
    killed = proc.poll() is None
    workers = children(proc.pid)
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert killed, "the migration finished before it could be killed: make the site bigger"
    deadline = time.monotonic() + 20  # its workers follow it, never left waiting for ever
    while any(alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(w) for w in workers)
    partial = tree(out)
    assert 0 < len(set(partial) & set(reference)) < len(reference)
    assert all(partial[rel] == reference[rel] for rel in partial if rel in reference)
    again = subprocess.run([*migrate_cmd(site, out), "--force"],  # over the killed run's folder
                           env=env(), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert tree(out) == reference
    assert digest(site) == source_digest
