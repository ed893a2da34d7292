"""What the fuzz properties of issue #16 generate and check beyond single pages: page-variable
values (deep, huge numbers, odd strings), mutated JSON trees, and whole small sites through
``build``, ``migrate`` and ``check``.  Used by tests/test_fuzz.py and benchmarks/fuzz_long.py.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import franklin_compat
from franklin_compat import FranklinError
from franklin_compat.core.diagnostics import Severity

# -- page-variable values ---------------------------------------------------------------------

_SCALARS = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.integers(1, 6000).map(lambda k: "9" * k),  # Python reads at most 4300 digits
    st.integers(1, 4000).map(lambda k: "0x" + "f" * k),
    st.sampled_from(
        [
            "1.5",
            "1e308",
            "1e999",
            "-0.0",
            "NaN",
            "Inf",
            "0b101",
            "1_000",
            ".5",
            "2f0",
            "true",
            "false",
            "nothing",
            ":sym",
            "'c'",
            "Date(2021, 12, 1)",
            "DateTime(2021, 1, 2, 3, 4, 5)",
            "Date(2021, 13, 45)",
            'r"a+"i',
            "1:3",
            "1:0:5",
            "10:-1:1",
            "1:100001",
            "π",
            "ENV",
            'get(ENV, "HOME", "x")',
            "Dict()",
            "Int[]",
            "String[]",
            'Any[1, "a"]',
            "()",
        ]
    ),
    st.text(max_size=12).map(lambda s: json.dumps(s, ensure_ascii=False).replace("$", "\\$")),
    st.sampled_from(
        [
            '"\\ud800"',
            '"\\xff"',
            '"\\U110000"',
            '"a$b"',
            '"$(1+1)"',
            '"""tri"ple"""',
            'raw"\\x"',
            '"\\e[0m"',
            '"\x7f\x85\ufffe\uffff"',
            '"<script>x</script>"',
            '"a&b<c>"',
            '"\\u2028"',
            '"\\0"',
        ]
    ),
)


def _wrap(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(inner, max_size=4).map(lambda xs: "(" + ", ".join(xs) + ",)"),
        st.tuples(inner, inner).map(lambda t: f"{t[0]} => {t[1]}"),
        st.tuples(inner, inner).map(lambda t: f"Dict({t[0]} => {t[1]})"),
        st.lists(inner, max_size=3).map(lambda xs: "[" + "; ".join(xs) + "]"),
    )


#: Deep nesting by the hundred: brackets, tuples, pair chains, mixed.
_DEEP = st.tuples(st.integers(30, 400), st.sampled_from(["[]", "()", "=>", "[(", "Dict("]), _SCALARS).map(
    lambda t: {
        "[]": "[" * t[0] + t[2] + "]" * t[0],
        "()": "(" * t[0] + t[2] + ",)" * t[0],
        "=>": (t[2] + " => ") * t[0] + t[2],
        "[(": "[(" * t[0] + t[2] + ",)]" * t[0],
        "Dict(": "Dict(1 => " * t[0] + t[2] + ")" * t[0],
    }[t[1]]
)

VALUE = st.one_of(st.recursive(_SCALARS, _wrap, max_leaves=12), _DEEP)
_VALUE_NAME = st.sampled_from(["x", "title", "tags", "date", "rss_description", "hasmath", "authors", "slug"])


def value_page(assignments: list[tuple[str, str]], toml: bool, body: str) -> str:
    """A page setting ``assignments`` in a ``+++`` block or with ``@def``, then using them."""
    if toml:
        head = "+++\n" + "".join(f"{n} = {v}\n" for n, v in assignments) + "+++\n"
    else:
        head = "".join(f"@def {n} = {v}\n" for n, v in assignments)
    uses = "".join(
        f"{{{{fill {n}}}}} {{{{if {n}}}}}y{{{{end}}}} {{{{for v in {n}}}}}[{{{{v}}}}]{{{{end}}}}\n"
        for n, _ in assignments
    )
    return head + body + "\n" + uses


VALUE_PAGE = st.builds(
    value_page,
    st.lists(st.tuples(_VALUE_NAME, VALUE), min_size=1, max_size=4),
    st.booleans(),
    st.sampled_from(["# T", "", "Hello *x*\n\n$$y$$", "{{toc}}"]),
)

# -- mutated JSON trees -----------------------------------------------------------------------

_JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(["paragraph", "text", "document", "$pair", "$date", "$dict", "nan"]),
)
JSON_ANY = st.recursive(
    _JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "span",
                    "children",
                    "text",
                    "$pair",
                    "$tuple",
                    "$dict",
                    "$vector",
                    "items",
                    "$float",
                    "$date",
                    "$regex",
                    "$julia",
                    "value",
                    "name",
                    "level",
                    "source",
                ]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=10,
)

_JSON_SOURCES = (
    '+++\nx = [1, (2, 3), :a => Dict("k" => [1.5])]\ndate = Date(2021, 1, 2)\n+++\n'
    "# Hi *there* {#id}\n> quote\n\n[l](u) ![i](p.png) `c` $x$\n\n- a\n- b\n\n|a|b|\n|-|-|\n|1|2|\n"
    "\n```julia\nx\n```\n\n[^1]\n\n[^1]: n\n\n@@d\nx\n@@\n\\newcommand{\\a}{A}\\a\n{{fill x}}\n"
)
BASE_TREE: Any = json.loads(franklin_compat.convert(_JSON_SOURCES, "json"))


def _paths(obj: Any) -> list[list[Any]]:
    """Every path in ``obj`` (an explicit stack)."""
    out: list[list[Any]] = []
    stack: list[tuple[Any, list[Any]]] = [(obj, [])]
    while stack:
        o, path = stack.pop()
        out.append(path)
        if isinstance(o, dict):
            stack.extend((v, [*path, k]) for k, v in o.items())
        elif isinstance(o, list):
            stack.extend((v, [*path, i]) for i, v in enumerate(o))
    return out


MUTATIONS = st.lists(
    st.tuples(st.integers(0, 10**6), st.sampled_from(["set", "delete", "deep", "swap"]), JSON_ANY),
    min_size=1,
    max_size=4,
)


def mutate(tree: Any, mutations: list[tuple[int, str, Any]]) -> str:
    """``tree`` with each mutation applied at a path drawn by index (set, delete, nest, swap).

    Nesting thousands deep is spliced into the text at the end (``json`` itself recurses)."""
    tree = json.loads(json.dumps(tree))
    deep: dict[str, str] = {}
    for at, how, value in mutations:
        paths = [p for p in _paths(tree) if p]
        if not paths:  # every field deleted: the tree is {} (or []), nothing left to mutate
            break
        path = paths[at % len(paths)]
        parent = tree
        for key in path[:-1]:
            parent = parent[key]
        key = path[-1]
        if how == "delete":
            del parent[key]
        elif how == "deep":
            mark = f"\ue000deep{len(deep)}"
            k = at % 3000
            deep[mark] = "[" * k + json.dumps(parent[key], ensure_ascii=False) + "]" * k
            parent[key] = mark
        elif how == "swap":
            other = paths[(at * 7919) % len(paths)]
            if other[: len(path)] != path:
                src = tree
                for k in other:
                    src = src[k]
                parent[key] = json.loads(json.dumps(src))
        else:
            parent[key] = value
    text = json.dumps(tree, ensure_ascii=False)
    for mark, nested in deep.items():
        text = text.replace(json.dumps(mark, ensure_ascii=False), nested)
    return text


def one_json(text: str, emitter: str) -> None:
    """``from_json`` gives a tree every emitter can write, or FC004."""
    try:
        doc = franklin_compat.from_json(text)
    except FranklinError as e:
        assert e.code == "FC004", e
        return
    try:
        franklin_compat.convert(doc, "html")
        franklin_compat.convert(doc, emitter)
    except FranklinError:
        pass


# -- whole small sites ------------------------------------------------------------------------

PAGE_NAME = st.one_of(
    st.sampled_from(
        [
            "a&b",
            "lt<gt>",
            'q"uote',
            "it's",
            "sp ace",
            "é",
            "日本",
            "x\ufffe",
            "ctl\x01",
            "a%20b",
            "#hash",
            "?q",
            "index",
            "blog/post",
            "tag",
            "404",
            "-",
            "_x",
            "a.b",
        ]
    ),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="/\\\x00"),
        min_size=1,
        max_size=8,
    ),
)
TITLE = st.one_of(
    st.text(max_size=20), st.sampled_from(["a&b", "<b>", "x\ufffe", "\x0b\x1f", "]]>", "&amp;"])
)
_CONFIG = st.builds(
    lambda ignore, extra, rss: (
        '+++\nwebsite_title = "T&<"\nwebsite_url = "https://e.org/"\n'
        f"generate_rss = {'true' if rss else 'false'}\nignore = {ignore}\n{extra}+++\n"
    ),
    st.sampled_from(["[]", '["a&b.md"]', '[r"^(a+)+$"]', '[r"(x|x)*y"]', '["sub/"]', '[r"[a-"]', "[1]"]),
    st.sampled_from(
        [
            "",
            'author = "A"\n',
            'date_format = "d U yyyy"\n',
            'prepath = "p"\n',
            'tag_page_path = "t&g"\n',
            'website_description = "<d>"\n',
        ]
    ),
    st.booleans(),
)
_PAGE = st.builds(
    lambda title, tags, date, body: (
        f"@def title = {json.dumps(title, ensure_ascii=False).replace('$', '')}\n"
        f"@def tags = {json.dumps(tags, ensure_ascii=False).replace('$', '')}\n"
        f'@def date = {date}\n@def rss_description = "d"\n' + body
    ),
    TITLE,
    st.lists(TITLE, max_size=3),
    st.sampled_from(["Date(2021, 1, 2)", '"2021-01-02"', "nothing"]),
    st.one_of(
        st.sampled_from(["# H\n\ntext\n", "", "<script>alert(1)</script> <img src=x onerror=y>"]), VALUE_PAGE
    ),
)
SITE = st.tuples(
    _CONFIG,
    st.dictionaries(PAGE_NAME, _PAGE, min_size=1, max_size=4),
    st.sampled_from(["hugo", "jekyll", "quarto", "mkdocs", "commonmark", "gfm", "documenter"]),
)


def _write_site(root: Path, config: str, pages: dict[str, str]) -> None:
    (root / "_layout").mkdir(parents=True)
    (root / "config.md").write_text(config, encoding="utf-8")
    for name, text in pages.items():
        path = root / f"{name}.md"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError:  # a name this file system refuses (too long, reserved): not the library's input
            continue


def _strict_xml(folder: Path) -> None:
    for path in folder.rglob("*.xml"):
        ET.parse(path)  # raises on anything that is not well-formed


def _front_matter(folder: Path) -> None:
    import yaml

    for path in folder.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        if text.startswith("+++\n"):
            tomllib.loads(text.split("+++\n")[1])
        elif text.startswith("---\n"):
            yaml.safe_load(text.split("---\n")[1])


def one_site(config: str, pages: dict[str, str], target: str) -> None:
    """Build, migrate and check a small site: no exception, every page accounted for, every
    feed and sitemap well-formed XML, every front matter read by a strict parser."""
    tmp = Path(tempfile.mkdtemp(prefix="fc-fuzz-site-"))
    try:
        root = tmp / "site"
        _write_site(root, config, pages)
        site = franklin_compat.Site(root)
        report = site.build(tmp / "out")
        assert report.failed == 0 or any(d.severity is Severity.ERROR for d in report.diagnostics)
        _strict_xml(tmp / "out")
        migration = franklin_compat.migrate(root, tmp / "migrated", target)
        assert migration.failed == 0 or any(d.severity is Severity.ERROR for d in migration.diagnostics)
        _front_matter(tmp / "migrated")
        _strict_xml(tmp / "migrated")
        from franklin_compat.check import check_paths

        before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
        checked = check_paths([str(root)], fix=True, jobs=1)
        assert not [f for f in checked.failures if "internal error" in f], checked.failures
        for p, data in before.items():  # --fix writes pages only, and keeps them pages
            assert p.is_file() and not p.is_symlink()
            if p.suffix != ".md":
                assert p.read_bytes() == data
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
