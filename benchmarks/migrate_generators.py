"""Migrated sites built by the real generators: Hugo, Jekyll and MkDocs, site by site.

    python benchmarks/migrate_generators.py [--smoke] [--site NAME] [--to hugo,jekyll,mkdocs]
        [--json out.json] [--screenshots DIR] [--katex DIR]

Every shared site (``../shared/corpus/<site>``; FranklinTemplates' variants merged
with ``common/`` as ``corpus_score.py`` does) is migrated with its starter theme to
each generator and built with it.  Per site × generator: the build's exit status,
warnings, pages built at Franklin's URL out of the pages migrated, **math
fidelity** (every formula of the source found intact, the same TeX, between the
delimiters the theme's KaTeX renders, outside code), and the **text similarity**
of each built page's content to our own ``Site(root).page_html(rel)`` content.
With ``--screenshots``, one page with math per generator is opened in headless
Chromium (KaTeX served from ``--katex``, or ``npm pack katex``): rendered KaTeX
found, no ``$``/``\\(`` TeX left in the visible text, a screenshot saved.
``--smoke`` runs on the repository's fixture site only (``fixtures/migrate/mathblog``),
with the generators that are installed.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import franklin_compat  # noqa: E402
from franklin_compat.migrate import migrate  # noqa: E402
from franklin_compat.reading import ast as A  # noqa: E402

# the shared corpus beside the repository (a worktree may sit one level deeper)
CORPUS = next((p / "shared" / "corpus" for p in ROOT.parents if (p / "shared" / "corpus").is_dir()),
              ROOT.parent / "shared" / "corpus")
SMOKE = ROOT / "fixtures" / "migrate" / "mathblog"
GENERATORS = ("hugo", "jekyll", "mkdocs")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


# -- sites --------------------------------------------------------------------------------


def site_roots(corpus: Path, tmp: Path) -> Iterator[tuple[str, Path]]:
    """(name, root) of every site of the corpus; FranklinTemplates' variants merged with common/."""
    for site in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if (site / "config.md").is_file():
            yield site.name, site
            continue
        commons = [c.parent for c in sorted(site.rglob("common/config.md"))]
        for common in commons:  # FranklinTemplates: each folder beside common/ is a variant of it
            for root in sorted(p for p in common.parent.iterdir() if p.is_dir() and p != common):
                merged = tmp / "merged" / root.name
                shutil.copytree(common, merged, dirs_exist_ok=True)
                shutil.copytree(root, merged, dirs_exist_ok=True)
                if (root / "index.html").is_file():
                    (merged / "index.md").unlink(missing_ok=True)
                yield f"{site.name}/{root.name}", merged
        for config in sorted(site.rglob("config.md")):
            root = config.parent
            if not any(c.parent in (root, root.parent) for c in commons):
                yield f"{site.name}/{root.relative_to(site)}", root


def generator(name: str) -> list[str] | None:
    """The command that builds a site for ``name``, or ``None`` when it is not installed."""
    if name == "mkdocs":
        try:
            import mkdocs  # noqa: F401
        except ImportError:
            return None
        return [sys.executable, "-m", "mkdocs", "build", "--site-dir", "public"]
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(name, path=path)
    if found is None:
        return None
    if name == "hugo":
        return [found, "--logLevel", "warn", "--destination", "public"] if hugo_recent(found) else None
    return [found, "build", "--destination", "public"]


def hugo_recent(hugo: str) -> bool:
    """Hugo 0.132 or later: the migrated config uses its passthrough math and blockquote hooks
    (Debian 12's 0.111 is older)."""
    run = subprocess.run([hugo, "version"], capture_output=True, text=True, timeout=60)
    m = re.search(r"v(\d+)\.(\d+)", run.stdout)
    return m is not None and (int(m.group(1)), int(m.group(2))) >= (0, 132)


def build(cmd: list[str], cwd: Path) -> tuple[int, list[str], list[str]]:
    """Exit status, warning lines and error lines of one build."""
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=1800)
    lines = [ln for ln in (run.stdout + "\n" + run.stderr).splitlines() if ln.strip()]
    warns = [ln for ln in lines if re.search(r"\bWARN(ING)?\b|\bWarning\b", ln)]
    errors = [ln for ln in lines if re.search(r"\bERROR\b|\bError\b", ln) and ln not in warns]
    return run.returncode, warns, errors


# -- measures -----------------------------------------------------------------------------

_CODE = re.compile(r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", re.S | re.I)
_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)
_SPACE = re.compile(r"\s+")


def norm_tex(tex: str) -> str:
    """TeX compared as TeX reads it: spaces collapsed, ``\\vert``/``\\Vert`` as the bars they are."""
    return _SPACE.sub("", norm_bars(tex))


def norm_bars(tex: str) -> str:
    """``\\vert`` and ``\\Vert``, which the kramdown flavor writes for ``|`` and ``\\|``, as the bars."""
    tex = re.sub(r"\\vert(?![A-Za-z]) ?", "|", tex)
    return re.sub(r"\\Vert(?![A-Za-z]) ?", r"\\|", tex)


def built_formulas(page_html: str) -> list[str]:
    """The TeX between math delimiters of a built page, outside code, without tags inside."""
    text = _CODE.sub("", page_html)
    out = []
    for m in _MATH.finditer(text):
        body = next(g for g in m.groups() if g is not None)
        if re.search(r"<[A-Za-z/!]", body):
            continue  # Markdown got into it: a tag inside the formula
        out.append(norm_tex(html.unescape(body)))
    return out


def source_formulas(doc: A.Document) -> list[str]:
    out = []
    for n in A.walk(doc):
        if isinstance(n, A.Math) and n.env != "internal" and n.tex.strip():
            out.append(norm_tex(n.tex))
    return out


def content_text(page_html: str, selectors: tuple[str, ...]) -> list[str]:
    """The words of a page's content element (the first of ``selectors`` found)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page_html, "html.parser")
    box = next((x for s in selectors if (x := soup.select_one(s)) is not None), soup.body or soup)
    for tag in box.select("script, style, .fc-meta, .fc-title, .headerlink, a.anchor"):
        tag.decompose()  # the theme's title and meta line are its chrome, as Franklin's layout is
    for pre in box.select("pre"):
        pre.replace_with(" " + pre.get_text("") + " ")  # highlighted code: one text, not one per span
    for tag in box.select(_BACKREFS):
        tag.decompose()
    # footnotes: Franklin shows each where it is defined, the generators all at the end
    notes = [n.extract() for n in box.select(_NOTES)]
    text = " ".join([box.get_text(" "), *(n.get_text(" ") for n in notes)])
    text = _DELIMITERS.sub(" ", text)  # "\[ x \]" and "$$x$$": one formula to KaTeX
    words = _SPACE.sub(" ", norm_bars(text)).split()
    return [w.strip("[]") if _NOTE_REF.fullmatch(w) else w for w in words]


_NOTES = "table.fndef, div.footnotes, section.footnotes, div.footnote"
_BACKREFS = "td.fndef-backref, a.footnote-backref, a.reversefootnote, a.footnote-backref"
_DELIMITERS = re.compile(r"\\[\[\]()]|\$\$")
_NOTE_REF = re.compile(r"\[\d+\]")


def our_content(site: franklin_compat.Site, rel: str) -> list[str]:
    """The words of the page's own content in ``page_html``: the page as converted, found inside the
    page Franklin writes (a layout may put a header or page_foot.html inside its content element, or
    use that element's class twice); the content element's words if it is not found there."""
    page = site.page_html(rel)
    body = content_text(franklin_compat.convert(site.root / rel, site=site), ("body",))
    whole = content_text(page, ("body",))
    found = difflib.SequenceMatcher(None, body, whole, autojunk=False).get_matching_blocks()
    if sum(b.size for b in found) >= 0.95 * len(body):
        return body
    return content_text(page, (".franklin-content", "main"))


def similarity(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


_THEIRS = {"hugo": ("main article", "main"), "jekyll": ("main article", "main"),
           "mkdocs": ('div[role="main"]', "main")}


def built_file(public: Path, url: str) -> Path:
    return public / url.lstrip("/") / "index.html" if url.endswith("/") else public / url.lstrip("/")


def measure(name: str, root: Path, to: str, work: Path, cmd: list[str], katex: str | None) -> dict[str, Any]:
    """Migrate, build and measure one site for one generator."""
    out = work / to
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        site = franklin_compat.Site(root)
        report = migrate(site, out, to, clean=True, math_url=katex)
    t0 = time.perf_counter()
    status, warns, errors = build(cmd, out)
    row: dict[str, Any] = {"site": name, "to": to, "status": status, "warnings": len(warns),
                           "errors": errors[:5], "seconds": round(time.perf_counter() - t0, 1),
                           "migrated": len(report.urls), "built": 0, "formulas": 0, "intact": 0,
                           "similarity": [], "missing": [], "broken": []}
    public = out / "public"
    by_url = {_url_of(site, f.rel): f.rel for f in site.files() if f.rel.endswith((".md", ".html"))}
    drafts = {d.path for d in report.diagnostics if d.code == "FC774"}
    row["drafts"] = len(drafts)
    row["migrated"] -= len(drafts)  # Franklin publishes no draft, nor does the generator
    for url in report.urls:
        rel = by_url.get(url)
        if rel in drafts:
            continue
        target = built_file(public, url)
        if not target.is_file():
            row["missing"].append(url)
            continue
        row["built"] += 1
        if rel is None or not rel.endswith(".md"):
            continue
        theirs = target.read_text(encoding="utf-8", errors="replace")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                formulas = source_formulas(site.markdown_stage(rel).document)
                ours = our_content(site, rel)
            except franklin_compat.FranklinError:
                continue
        found = built_formulas(theirs)
        for f in formulas:
            row["formulas"] += 1
            if any(f in g for g in found):
                row["intact"] += 1
            elif len(row["broken"]) < 5:
                row["broken"].append((url, f[:60]))
        row["similarity"].append(round(similarity(ours, content_text(theirs, _THEIRS[to])), 4))
    return row


def _url_of(site: franklin_compat.Site, rel: str) -> str:
    from franklin_compat.migrate.addresses import index_url

    return index_url("/" + site.output_path(rel))


# -- the browser ----------------------------------------------------------------------------


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served on 127.0.0.1 (a free port) while the block runs."""
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def katex_package(into: Path) -> Path | None:
    """KaTeX's ``dist`` folder from the npm registry (``npm pack katex``), or ``None``."""
    npm = shutil.which("npm")
    if npm is None:
        return None
    run = subprocess.run([npm, "pack", "katex@0.16.11", "--pack-destination", str(into)], cwd=into,
                         capture_output=True, text=True, timeout=300)
    tgz = next(into.glob("katex-*.tgz"), None)
    if run.returncode != 0 or tgz is None:
        return None
    shutil.unpack_archive(tgz, into)
    return into / "package" / "dist"


def browse(public: Path, url: str, katex_dist: Path, shot: Path | None) -> dict[str, Any]:
    """Open one built page in headless Chromium: rendered KaTeX, and TeX left in the visible text."""
    from bs4 import BeautifulSoup

    exe = chromium()
    assert exe is not None
    shutil.copytree(katex_dist, public / "katex", dirs_exist_ok=True)
    with serve(public) as base, tempfile.TemporaryDirectory() as profile:
        flags = [*CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=5000"]
        dom = subprocess.run([exe, *flags, "--dump-dom", base + url], capture_output=True, text=True,
                             timeout=120).stdout
        if shot is not None:
            subprocess.run([exe, *flags, "--window-size=1100,1400", f"--screenshot={shot}", base + url],
                           capture_output=True, timeout=120)
    soup = BeautifulSoup(dom, "html.parser")
    rendered = len(soup.select(".katex"))
    for tag in soup.select("script, style, pre, code, .katex"):
        tag.decompose()
    text = soup.get_text(" ")
    raw = re.findall(r"\$\$.{0,30}|\\\(.{0,30}|\\\[.{0,30}|\$[^$\s][^$]{0,30}\$", text)
    return {"url": url, "katex": rendered, "raw_tex": raw[:5], "screenshot": str(shot) if shot else None}


# -- main -------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--smoke", action="store_true", help="the fixture site only, installed generators only")
    ap.add_argument("--corpus", default=str(CORPUS), help=f"the shared sites (default {CORPUS})")
    ap.add_argument("--site", help="only sites whose name contains this")
    ap.add_argument("--to", default=",".join(GENERATORS))
    ap.add_argument("--json", help="write every row as JSON")
    ap.add_argument("--markdown", action="store_true", help="also print the table of docs/migration.md")
    ap.add_argument("--screenshots", help="open a page with math per generator in Chromium; PNGs here")
    ap.add_argument("--katex", help="KaTeX's dist folder (default: npm pack katex)")
    ap.add_argument("--keep", help="build here and keep the results (default: a temporary folder)")
    args = ap.parse_args()
    gens = [g for g in args.to.split(",") if g]
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="fc-migrate-"))
    tmp.mkdir(parents=True, exist_ok=True)
    if args.smoke:
        sites = [("fixture/mathblog", SMOKE)]
    elif Path(args.corpus).is_dir():
        sites = [s for s in site_roots(Path(args.corpus), tmp) if not args.site or args.site in s[0]]
    else:
        print(f"no corpus at {args.corpus}: use --smoke")
        return 2
    katex_url = "/katex/" if args.screenshots else None
    rows: list[dict[str, Any]] = []
    for to in gens:
        cmd = generator(to)
        if cmd is None:
            print(f"{to}: not installed, skipped")
            continue
        for name, root in sites:
            work = tmp / re.sub(r"\W+", "_", name)
            row = measure(name, root, to, work, cmd, katex_url)
            rows.append(row)
            sims = row["similarity"]
            print(f"{name:55} {to:7} exit {row['status']} warn {row['warnings']:4} pages "
                  f"{row['built']}/{row['migrated']} formulas {row['intact']}/{row['formulas']} "
                  f"similarity {sum(sims) / len(sims) if sims else 1:.3f}", flush=True)
    summarise(rows)
    if args.markdown:
        print(markdown_table(rows))
    if args.screenshots:
        screenshots(rows, tmp, Path(args.screenshots), args.katex)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["status"] == 0 for r in rows) else 1


def summarise(rows: list[dict[str, Any]]) -> None:
    for to in GENERATORS:
        mine = [r for r in rows if r["to"] == to]
        if not mine:
            continue
        sims = [s for r in mine for s in r["similarity"]]
        formulas = sum(r["formulas"] for r in mine)
        print(f"{to}: {sum(r['status'] == 0 for r in mine)}/{len(mine)} builds exit 0, "
              f"{sum(bool(r['errors']) for r in mine)} with error lines, {sum(r['warnings'] for r in mine)} "
              f"warnings; pages {sum(r['built'] for r in mine)}/{sum(r['migrated'] for r in mine)}; "
              f"formulas intact {sum(r['intact'] for r in mine)}/{formulas} "
              f"({100 * sum(r['intact'] for r in mine) / max(formulas, 1):.2f} %); "
              f"mean similarity {sum(sims) / max(len(sims), 1):.4f} over {len(sims)} pages")


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """One line per site: pages and formulas (the same for every generator), then per generator the
    exit status, warning lines and mean similarity."""
    gens = [g for g in GENERATORS if any(r["to"] == g for r in rows)]
    head = "| site | pages built | formulas intact | " + " | ".join(
        f"{g}: exit, warnings, similarity" for g in gens) + " |"
    out = [head, "|" + "---|" * (3 + len(gens))]
    for name in dict.fromkeys(r["site"] for r in rows):
        mine = {r["to"]: r for r in rows if r["site"] == name}
        first = mine[gens[0]]
        cells = [name.replace("__", "/"), f"{first['built']}/{first['migrated']}",
                 f"{first['intact']}/{first['formulas']}"]
        for g in gens:
            r, sims = mine[g], mine[g]["similarity"]
            cells.append(f"{r['status']}, {r['warnings']}, {sum(sims) / max(len(sims), 1):.3f}")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def screenshots(rows: list[dict[str, Any]], tmp: Path, into: Path, katex: str | None) -> None:
    if chromium() is None:
        print("no chromium: screenshots skipped (apt-get install chromium)")
        return
    dist = Path(katex) if katex else katex_package(tmp)
    if dist is None:
        print("no KaTeX package (npm pack katex failed): screenshots skipped")
        return
    into.mkdir(parents=True, exist_ok=True)
    for row in rows:
        if row["formulas"] == 0 or any(r["to"] == row["to"] and r.get("browser") for r in rows):
            continue
        public = tmp / re.sub(r"\W+", "_", row["site"]) / row["to"] / "public"
        url = next(iter(_math_pages(public)), None)
        if url is None:
            continue
        row["browser"] = browse(public, url, dist, into / f"{row['to']}.png")
        print(f"{row['to']}: {row['browser']}")


def _math_pages(public: Path) -> Iterator[str]:
    for page in sorted(public.rglob("index.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        if built_formulas(text) and "katex" not in page.parts:
            rel = page.relative_to(public).parent.as_posix()
            yield "/" if rel == "." else f"/{rel}/"


if __name__ == "__main__":
    sys.exit(main())
