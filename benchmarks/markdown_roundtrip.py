"""Markdown round trip over the shared corpus: does our Markdown say what our HTML says?

For every page of ``../shared/corpus`` that Franklin built (``corpus-built/*/PAIRS.tsv``):

1. **content**: ``convert(page, "html")`` against mistune's rendering of
   ``convert(page, FLAVOR)`` (front matter cut off, as the target would), both
   normalised by ``htmlnorm`` (``<p>`` halves first closed or dropped as a browser
   reads them, ``close_paragraphs``: Franklin leaves a ``</p>`` or an unclosed ``<p>``
   around a command's HTML, which Markdown cannot write) and then reduced to
   *content*: the shapes that
   differ by design are evened out on both sides (header anchors and ids,
   ``<p>`` inside ``<li>``, a lone ``<p>`` in a div, a ``<p>`` holding elements but no
   text of its own (Franklin drops it around lone ``~~~`` blocks, commands, images),
   table alignment attributes and ``<thead>``/``<tbody>``, code classes,
   ``<b>``/``<i>`` vs ``<strong>``/``<em>``, the eqref/bibref spans and the
   ``nonumber`` div around starred math environments, Franklin's paragraph holding
   a file's BOM, mistune's
   math spans and footnote section vs Franklin's footnote tables, percent-encoding
   in addresses; whitespace in text is ignored, since htmlnorm already trims it at
   element edges); Franklin's generated table of contents and its
   "not cached" placeholders for code output (no content; reported as losses)
   are left out.  Score: 2·LCS(blocks)/(len_a+len_b), as ``corpus_score.py``
   computes it.
2. **fixed point**: the Markdown parsed again with ``franklin_compat.parse`` and
   emitted again gives the same text (front matter set aside, since YAML is not
   Franklin syntax); a page that is not shows where the two first differ.

Pages whose conversion raises ``FranklinError`` are counted apart.

    python benchmarks/markdown_roundtrip.py [--flavor gfm] [--site NAME] [--show-worst N] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(SHARED / "tools"))

import mistune  # noqa: E402

import franklin_compat  # noqa: E402
from franklin_compat.emit.markdown import to_markdown  # noqa: E402

_FRONT = re.compile(r"\A(?:---\n.*?\n---\n|\+\+\+\n.*?\n\+\+\+\n|```@meta\n.*?\n```\n)\n?", re.S)
Node = Any


def split_front_matter(md: str) -> tuple[str, str]:
    m = _FRONT.match(md)
    return (m.group(0), md[m.end() :]) if m else ("", md)


# -- content canonicalisation ------------------------------------------------------

# Where a paragraph left open ends (HTML5): at the next <p> start tag, within "button scope"
# (which only these elements bound); an end tag </p> with no open <p> makes an empty
# paragraph (no content: left out here).
_P_SCOPE = frozenset({
    "applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "button",
    "svg", "math",
})
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
})
_MARKUP = re.compile(
    r"<!--.*?-->|<(script|style|textarea)\b.*?</\1\s*>|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?(/?)>",
    re.S | re.I,
)


def close_paragraphs(markup: str) -> str:
    """``<p>`` halves evened out as a browser reads them (HTML5): a ``<p>`` left open ends
    where the next ``<p>`` starts, and a ``</p>`` with no ``<p>`` open is dropped (a browser
    makes it an empty paragraph).  Franklin leaves such halves where a command's HTML
    loses its ``<p>`` and ``</p>`` separately (``</h1></p>``, ``<p><div>…`` never closed);
    Markdown cannot write them, and ``html.parser`` (under ``htmlnorm``) would nest the
    rest of the page inside the open ``<p>``.  Balanced ``<p>`` elements are left as
    ``html.parser`` reads them, on both sides."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _MARKUP.finditer(markup):
        if m.group(3) is None:  # a comment, or a raw-text element
            continue
        end, name, selfclose = m.group(2) == "/", m.group(3).lower(), m.group(4) == "/"
        drop = insert = False
        if not end and name == "p":
            at = _open_p(stack)
            if at is not None:
                del stack[at:]
                insert = True
        elif end and name == "p" and _open_p(stack) is None:
            drop = True
        if end and name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name) :]
        elif not end and not selfclose and name not in _VOID:
            stack.append(name)
        if insert or drop:
            out.append(markup[pos : m.start()])
            out.append("</p>" if insert else "")
            pos = m.start() if insert else m.end()
    out.append(markup[pos:])
    return "".join(out)


def _open_p(stack: list[str]) -> int | None:
    for i in range(len(stack) - 1, -1, -1):
        if stack[i] == "p":
            return i
        if stack[i] in _P_SCOPE:
            return None
    return None



def _text(items: list[Node]) -> str:
    out = []
    for it in items:
        if it[0] == "t":
            out.append(it[1])
        elif it[0] == "e":
            out.append(_text(list(it[3])))
    return "".join(out)


def _attrs(item: Node) -> dict[str, str]:
    return dict(item[2])


def _classes(item: Node) -> set[str]:
    return set(_attrs(item).get("class", "").split())


KEEP_ATTRS = {"href", "src", "alt", "class"}


def canon(items: list[Node]) -> list[Node]:
    """Both sides reduced to content (see the module docstring)."""
    out: list[Node] = []
    notes: list[Node] = []
    for it in items:
        out.extend(_canon(it, notes))
    out.extend(notes)
    return _merge_text(out)


def _merge_text(items: list[Node]) -> list[Node]:
    merged: list[Node] = []
    for it in items:
        if it[0] == "t" and merged and merged[-1][0] == "t":
            merged[-1] = ("t", merged[-1][1] + it[1])
        elif it[0] == "t" and not it[1].strip():
            continue
        else:
            merged.append(it)
    return [("t", "".join(it[1].split())) if it[0] == "t" else it for it in merged]


def _canon(it: Node, notes: list[Node]) -> list[Node]:
    if it[0] != "e":
        return [it] if it[0] == "t" else []
    _, name, attrs, kids = it
    if name == "p" and kids == (("t", "\ufeff"),):  # Franklin's paragraph of a BOM; Markdown has none
        return []
    cls = _classes(it)
    kids = list(kids)
    if name in ("span", "div") and "math" in cls:  # mistune's math plugin
        tex = _text(kids).strip()
        if name == "div":
            return [("t", "\\[" + tex.removeprefix("$$").removesuffix("$$").strip() + "\\]")]
        return [("t", tex)]
    first = kids[0] if kids else ("t", "")
    if name == "sup" and ("footnote-ref" in cls or (first[0] == "e" and "fnref" in _classes(first))):
        return [("e", "fnref", (), (("t", _text(kids).strip("[]")),))]
    if name == "section" and "footnotes" in cls:
        for li in [k for k in kids if k[0] == "e"]:
            for item in li[3] if li[1] == "ol" else [li]:
                if item[0] == "e":
                    body = _canon_kids(_drop_backrefs(list(item[3])), notes)
                    notes.append(_fn(body))
        return []
    if name == "table" and "fndef" in cls:
        cells = [k for row in kids if row[0] == "e" for k in row[3] if k[0] == "e"]
        content = next((c for c in cells if "fndef-content" in _classes(c)), None)
        body = _canon_kids(list(content[3]), notes) if content is not None else []
        notes.append(_fn(body))
        return []
    if name in ("thead", "tbody", "tfoot") or (
        name == "span" and (cls & {"eqref", "bibref"} or not any(k in KEEP_ATTRS for k, _v in attrs))
    ):
        return _canon_kids(kids, notes)
    if name == "div" and "franklin-toc" in cls:
        return []
    if name == "div" and cls == {"nonumber"}:
        return _canon_kids(kids, notes)  # Franklin's wrapper for unnumbered display math
    if name == "pre" and _text(kids).startswith("[output of '") and "not cached" in _text(kids):
        return []
    if name in ("b", "i"):
        name = "strong" if name == "b" else "em"
    if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
        flat: list[Node] = []
        for k in kids:
            if k[0] == "e" and k[1] == "a" and "header-anchor" in _classes(k):
                flat.extend(k[3])
            else:
                flat.append(k)
        kids = flat
    if name == "a" and not _attrs(it).get("href") and not kids:
        return []  # an empty anchor (label, biblabel): no content
    new_kids = _canon_kids(kids, notes)
    if name in ("li", "p"):
        new_kids = [x for k in new_kids for x in (k[3] if k[0] == "e" and k[1] == "p" else [k])]
    if name in ("div", "blockquote", "td", "th"):
        new_kids = _unwrap_p(new_kids)
    if name == "p" and all(k[0] == "e" for k in new_kids):
        return new_kids  # Franklin drops the <p> around lone inserts; Markdown cannot
    keep = tuple((k, unquote(v) if k in ("href", "src") else v) for k, v in attrs
                 if k in KEEP_ATTRS and not (k == "class" and name in ("code", "pre", "a")))
    return [("e", name, keep, tuple(_merge_text(new_kids)))]


def _fn(body: list[Node]) -> Node:
    flat = [x for k in body for x in (k[3] if k[0] == "e" and k[1] == "p" else [k])]
    return ("e", "fn", (), tuple(_merge_text(flat)))


def _canon_kids(kids: list[Node], notes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for k in kids:
        out.extend(_canon(k, notes))
    return out


def _unwrap_p(kids: list[Node]) -> list[Node]:
    elems = [k for k in kids if k[0] == "e"]
    if len(elems) == 1 and elems[0][1] == "p" and all(k[0] != "t" for k in kids):
        return list(elems[0][3])
    return kids


def _drop_backrefs(items: list[Node]) -> list[Node]:
    """mistune's footnotes end with a back link (↩) that Franklin's do not have."""
    out = []
    for k in items:
        if k[0] == "e" and k[1] == "a" and "footnote" in _classes(k):
            continue
        out.append(k if k[0] != "e" else (*k[:3], tuple(_drop_backrefs(list(k[3])))))
    return out


# -- driver ------------------------------------------------------------------------------


def lcs_len(a: list[str], b: list[str]) -> int:
    """Longest common subsequence length (bit-parallel, as in corpus_score.py)."""
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, x in enumerate(b):
        masks[x] = masks.get(x, 0) | (1 << i)
    full = (1 << len(b)) - 1
    v = full
    for x in a:
        u = v & masks.get(x, 0)
        v = ((v + u) | (v - u)) & full
    return len(b) - bin(v).count("1")


def similarity(a: list[str], b: list[str]) -> float:
    if not a and not b:
        return 1.0
    return 2.0 * lcs_len(a, b) / (len(a) + len(b))


def pages(site_filter: list[str] | None) -> list[tuple[str, Path, Path]]:
    """(site, page, site root) for every Markdown page Franklin built."""
    corpus, built = SHARED / "corpus", SHARED / "corpus-built"
    out = []
    for pairs in sorted(built.glob("*/PAIRS.tsv")):
        site = pairs.parent.name
        if site_filter and not any(f.lower() in site.lower() for f in site_filter):
            continue
        for line in pairs.read_text(encoding="utf-8").splitlines()[1:]:
            src = line.split("\t")[0]
            if src.endswith(".md") and (corpus / site / src).is_file():
                page = corpus / site / src
                root = page.parent
                while root != corpus / site and not (root / "config.md").is_file():
                    root = root.parent
                out.append((site, page, root))
    return out


def _content_blocks(html: str) -> list[Any]:
    """The page's top-level blocks reduced to content (``htmlnorm`` of ../shared/tools; without
    it, in CI smoke runs, each top-level element's text with whitespace evened)."""
    try:
        import htmlnorm  # type: ignore[import-not-found]
    except ImportError:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(close_paragraphs(html), "html.parser")
        return [" ".join(el.get_text(" ").split()) for el in soup.find_all(recursive=False)]
    return list(htmlnorm.blocks(canon(htmlnorm.normalise(close_paragraphs(html), corpus=True))))


def run_page(page: Path, root: Path, flavor: str, render: Any) -> dict[str, Any]:

    text = page.read_text(encoding="utf-8", errors="replace")
    rel = page.relative_to(root).as_posix()
    pv = {"fd_rpath": rel}
    row: dict[str, Any] = {"page": page.name if SHARED not in page.parents else
                           str(page.relative_to(SHARED / "corpus"))}
    try:
        ours = franklin_compat.convert(text, "html", site=root, page_vars=pv)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            md = franklin_compat.convert(text, flavor, site=root, page_vars=pv)
    except franklin_compat.FranklinError as e:
        row["error"] = f"{e.code}"
        return row
    front, body = split_front_matter(md)
    a, b = _content_blocks(ours), _content_blocks(render(body))
    row["similarity"] = round(similarity(a, b), 4)
    row["blocks"] = (len(a), len(b))
    if row["similarity"] < 1:
        row["diff"] = [*[x for x in a if x not in b][:3], "--", *[x for x in b if x not in a][:3]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = franklin_compat.markdown_stage(body, page_vars=pv)
            again = to_markdown(res.document, flavor, page_vars=res.page_vars,
                                global_vars=res.global_vars).text
        row["fixed_point"] = front + again == md
        if not row["fixed_point"]:
            row["fp_diff"] = _first_diff(md, front + again)
    except franklin_compat.FranklinError as e:
        row["fixed_point"] = False
        row["fp_diff"] = f"re-parse raised {e.code}"
    return row


def _first_diff(x: str, y: str) -> str:
    xs, ys = x.split("\n"), y.split("\n")
    for i, (p, q) in enumerate(zip(xs, ys, strict=False)):
        if p != q:
            return f"line {i + 1}: {p[:100]!r} -> {q[:100]!r}"
    return f"length {len(xs)} -> {len(ys)} lines"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--flavor", action="append", help="commonmark and gfm unless given (repeatable)")
    ap.add_argument("--site", action="append")
    ap.add_argument("--show-worst", type=int, default=0)
    ap.add_argument("--json", metavar="PATH")
    ap.add_argument("--smoke", action="store_true", help="the bundled example site's pages (CI)")
    args = ap.parse_args(argv)
    if args.smoke:
        example = ROOT / "fixtures" / "example"
        todo = [("example", p, example) for p in sorted(example.rglob("*.md")) if p.name != "config.md"]
    elif not (SHARED / "corpus").is_dir():
        print("markdown_roundtrip: ../shared/corpus is not here (optional test data): pass --smoke")
        return 2
    else:
        todo = pages(args.site)
    render = mistune.create_markdown(escape=False, plugins=["table", "footnotes", "strikethrough", "math"])
    report: dict[str, Any] = {}
    for flavor in args.flavor or ["commonmark", "gfm"]:
        t0 = time.perf_counter()
        rows = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for _site, page, root in todo:
                rows.append(run_page(page, root, flavor, render))
        ok = [r for r in rows if "error" not in r]
        mean = sum(r["similarity"] for r in ok) / len(ok) if ok else 0.0
        exact = sum(r["similarity"] == 1 for r in ok)
        fixed = sum(bool(r.get("fixed_point")) for r in ok)
        print(f"{flavor:<11} pages {len(rows)}  FranklinError {len(rows) - len(ok)}  "
              f"content similarity mean {mean:.4f}  identical {exact}/{len(ok)}  "
              f"fixed point {fixed}/{len(ok)} ({100 * fixed / max(1, len(ok)):.1f}%)  "
              f"not: {len(ok) - fixed}  "
              f"{time.perf_counter() - t0:.1f} s")
        report[flavor] = {"pages": len(rows), "errors": len(rows) - len(ok), "mean_similarity": mean,
                          "identical": exact, "fixed_point": fixed,
                          "rows": rows}
        for r in sorted(ok, key=lambda r: r["similarity"])[: args.show_worst]:
            print(f"  {r['similarity']:.3f} {r['page']} blocks={r['blocks']}")
            for d in r.get("diff", []):
                print("      " + d[:160])
        if args.show_worst:
            for r in [r for r in ok if not r["fixed_point"]][: args.show_worst]:
                print(f"  not fixed: {r['page']}: {r['fp_diff']}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
