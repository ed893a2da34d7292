"""Never a lost file: a build killed with SIGKILL and started again gives the uninterrupted output.

A generated site of a few hundred pages is built once without interruption
(the reference), then built again and killed at several moments (after the
first file, and when a quarter, half and most of the files are there).  At
each kill:

* every output file in the output folder is a complete file of the reference
  (its bytes equal the reference's): outputs are written atomically, never
  seen half-written;
* the source tree is byte-identical to what it was before (hashed: a build
  never writes into its sources);

and the build started again gives every file of the reference tree, byte for
byte.  The temporary file of the write that was killed (``.fc-tmp-*``) may stay
in the killed build's folder; the next build deletes it.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = 300
BIG = 32 * 1024 * 1024
Built = tuple[Path, dict[str, bytes], str]  # site, reference tree, digest of the sources


def make_site(root: Path, pages: int = PAGES) -> Path:
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
            f"# Page {i}\n\nSome *text* with math $x^{i} \\in \\R$ and a footnote[^1].\n\n"
            + "\n\n".join(f"## Part {k}\n\n" + "Lorem ipsum dolor sit amet. " * 20 for k in range(4))
            + f"\n\n@@note\nA div in page {i}.\n@@\n\n```julia\nx = {i}\n```\n\n[^1]: The note of {i}.\n"
        )
        if i % 10 == 0:
            files[f"_assets/blog/p{i}/data.txt"] = f"data of {i}\n" * 200
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    # a big file: its copy takes long enough to be killed in the middle of it
    (root / "_assets" / "big.bin").write_bytes(hashlib.sha256(b"big").digest() * (BIG // 32))
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
    return [sys.executable, "-m", "franklin_compat", "build", str(site), "--out", str(out)]


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + os.pathsep + e.get("PYTHONPATH", "")
    e["SOURCE_DATE_EPOCH"] = "1700000000"
    return e


def count_files(root: Path) -> int:
    return sum(len(names) for _d, _s, names in os.walk(root)) if root.exists() else 0


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    base = tmp_path_factory.mktemp("kill")
    site = make_site(base / "site")
    before = digest(site)
    ref = base / "reference"
    run = subprocess.run(build_cmd(site, ref), env=env(), capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert digest(site) == before, "an uninterrupted build changed its sources"
    reference = tree(ref)
    assert len(reference) > PAGES  # pages, tag pages, feeds, assets
    return site, reference, before


#: Kill when this fraction of the reference's files is there; None: while a temporary file is there.
FRACTIONS = (0.0, 0.25, 0.5, 0.9, None)


def has_temporary(out: Path) -> bool:
    try:
        return any(e.name.startswith(".fc-tmp-") for e in os.scandir(out / "assets"))
    except OSError:
        return False


class Run:
    """One build killed when ``fraction`` of the reference's files were there, then run again."""

    def __init__(self, fraction: float | None, killed: bool, partial: dict[str, bytes],
                 final: dict[str, bytes], sources: list[str], returncode: int, stderr: str) -> None:
        self.fraction = fraction
        self.killed = killed
        self.partial = partial
        self.final = final
        self.sources = sources
        self.returncode = returncode
        self.stderr = stderr


@pytest.fixture(scope="module")
def runs(built: Built, tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    site, reference, _digest = built
    out_runs = []
    for fraction in FRACTIONS:
        for _attempt in range(3):  # a kill "while a temporary file is there" may miss it: try again
            out = tmp_path_factory.mktemp("killed") / "out"
            killed = kill_build(site, out, reference, fraction)
            if killed and (fraction is not None or any(".fc-tmp-" in rel for rel in tree(out))):
                break
        sources = [digest(site)]
        partial = tree(out) if out.exists() else {}
        again = subprocess.run(build_cmd(site, out), env=env(), capture_output=True, text=True, timeout=600)
        sources.append(digest(site))
        out_runs.append(Run(fraction, killed, partial, tree(out), sources, again.returncode, again.stderr))
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
        while proc.poll() is None and count_files(out) < target and time.monotonic() < deadline:
            time.sleep(0.002)
    killed = proc.poll() is None
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return killed


def test_the_builds_were_killed_midway(runs: list[Run], built: Built) -> None:
    reference = built[1]
    assert all(r.killed for r in runs), "a build finished before it could be killed: make the site bigger"
    assert any(0 < len(set(r.partial) & set(reference)) < len(reference) for r in runs)


def test_the_sources_never_change(runs: list[Run], built: Built) -> None:
    for r in runs:
        assert r.sources == [built[2], built[2]], f"killed at {r.fraction}: the sources changed"


def test_no_output_is_ever_seen_half_written(runs: list[Run], built: Built) -> None:
    """Every output file present after the kill is the complete file (atomic writes)."""
    reference = built[1]
    for r in runs:
        for rel, data in r.partial.items():
            if rel in reference:
                assert data == reference[rel], f"killed at {r.fraction}: {rel} is not the complete file"


def test_a_restarted_build_gives_every_output_of_the_uninterrupted_one(
    runs: list[Run], built: Built
) -> None:
    reference = built[1]
    for r in runs:
        assert r.returncode == 0, r.stderr
        missing = sorted(set(reference) - set(r.final))
        assert not missing, f"killed at {r.fraction}, then rebuilt: missing {missing[:5]}"
        for rel, data in reference.items():
            assert r.final[rel] == data, f"killed at {r.fraction}, then rebuilt: {rel} differs"


def test_a_rebuild_removes_the_temporary_file_of_the_killed_one(runs: list[Run], built: Built) -> None:
    """A killed build may leave the temporary file it was writing; the next build deletes it."""
    reference = built[1]
    assert any(".fc-tmp-" in rel for r in runs for rel in r.partial), "no kill caught a temporary file"
    for r in runs:
        odd = sorted(rel for rel in set(r.partial) - set(reference) if ".fc-tmp-" not in rel)
        assert not odd, f"killed at {r.fraction}: {odd[:5]} in the output folder"
        extra = sorted(set(r.final) - set(reference))
        assert not extra, f"killed at {r.fraction}, then rebuilt: {extra[:5]} left in the output folder"


def test_convert_and_check_leave_the_sources_alone(built: Built, tmp_path: Path) -> None:
    site, _reference, source_digest = built
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
    return [sys.executable, "-m", "franklin_compat", "migrate", str(site), "--to", "hugo", "--out", str(out)]


def test_a_killed_migration_started_again_gives_the_uninterrupted_tree(
    built: Built, tmp_path: Path
) -> None:
    site, _reference, source_digest = built
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
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert killed, "the migration finished before it could be killed: make the site bigger"
    partial = tree(out)
    assert 0 < len(set(partial) & set(reference)) < len(reference)
    assert all(partial[rel] == reference[rel] for rel in partial if rel in reference)
    again = subprocess.run([*migrate_cmd(site, out), "--force"],  # over the killed run's folder
                           env=env(), capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert tree(out) == reference
    assert digest(site) == source_digest
