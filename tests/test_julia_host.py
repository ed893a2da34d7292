"""A fake :class:`~franklin_compat.julia_subset.Host` for the evaluator's tests, and tests of the host
boundary itself: which paths reach the host, and what user code sees of what the host says."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path
from typing import Any

import pytest

from franklin_compat.julia_subset import JuliaError, NullHost, Program, load_program

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "julia"


class FakeHost:
    """A site in memory: files by path, variables of the page being built, of other pages, of config."""

    def __init__(self, files: dict[str, str] | None = None, *, page: dict[str, Any] | None = None,
                 config: dict[str, Any] | None = None,
                 pages: dict[str, dict[str, Any]] | None = None) -> None:
        self.files = dict(files or {})
        self.page = {"fd_rpath": "index.md", **(page or {})}
        self.config = dict(config or {})
        self.pages = dict(pages or {})
        self.reads: list[str] = []  # every path user code read, listed or tested, in order

    def locvar(self, name: str) -> object:
        if name in self.page:
            return self.page[name]
        return self.globvar(name)

    def globvar(self, name: str) -> object:
        if name not in self.config:
            raise KeyError(name)
        return self.config[name]

    def pagevar(self, rpath: str, name: str) -> object:
        return self.pages[rpath][name]

    def set_var(self, name: str, value: object) -> None:
        self.page[name] = value

    def fd2html(self, markdown: str) -> str:
        return f"<fd2html>{markdown}</fd2html>"

    def read_file(self, rpath: str) -> bytes:
        self.reads.append(rpath)
        if rpath not in self.files:
            raise FileNotFoundError(rpath)
        return self.files[rpath].encode("utf-8")

    def list_dir(self, rpath: str) -> list[str]:
        self.reads.append(rpath)
        prefix = rpath + "/" if rpath else ""
        names = {p[len(prefix):].split("/")[0] for p in self.files if p.startswith(prefix)}
        if not names:
            raise FileNotFoundError(rpath)
        return sorted(names, reverse=True)  # any order: readdir sorts

    def path_kind(self, rpath: str) -> str:
        self.reads.append(rpath)
        if rpath in self.files:
            return "file"
        prefix = rpath + "/" if rpath else ""
        return "dir" if any(p.startswith(prefix) for p in self.files) else ""


def fixture(name: str, host: FakeHost | None = None) -> Program:
    """A program of ``fixtures/julia/``, loaded without diagnostics."""
    program = load_program((FIXTURES / name).read_text(encoding="utf-8"), name, host)
    assert program.diagnostics == []
    return program


def run(src: str, name: str = "t", params: list[str] | None = None, host: Any = None) -> str:
    """``hfun_<name>`` of a program given as text."""
    program = load_program(src, "utils.jl")
    assert program.diagnostics == [], [d.render() for d in program.diagnostics]
    return program.call_hfun(name, params or [], host or FakeHost())


def error_of(src: str, name: str = "t", params: list[str] | None = None, host: Any = None) -> JuliaError:
    with pytest.raises(JuliaError) as info:
        run(src, name, params, host)
    return info.value


# --------------------------------------------------------------------------- the host boundary


def test_paths_reach_the_host_relative_and_normalised() -> None:
    host = FakeHost({"blog/a.md": "x", "blog/b.md": "y"})
    out = run('hfun_t() = join(readdir("./blog/../blog/"), ",") * string(isfile("blog//a.md"))', host=host)
    assert out == "a.md,b.mdtrue"
    assert host.reads == ["blog", "blog/a.md"]


def test_the_root_is_the_empty_path() -> None:
    host = FakeHost({"config.md": "", "blog/a.md": ""})
    assert run('hfun_t() = join(readdir(), " ") * " " * join(readdir("."), " ")', host=host) == \
        "blog config.md blog config.md"


@pytest.mark.parametrize("path", ["/etc/passwd", "../x.md", "blog/../../x", "~/x"])
def test_paths_leaving_the_site_never_reach_the_host(path: str) -> None:
    host = FakeHost({"x.md": "x"})
    err = error_of(f'hfun_t() = read("{path}", String)', host=host)
    assert err.code == "FC805"
    assert host.reads == []


def test_a_missing_file_is_julias_systemerror_and_can_be_caught() -> None:
    src = '''
function hfun_t()
    try
        read("nope.md", String)
    catch e
        return "caught " * sprint(showerror, e)
    end
end'''
    assert run(src) == "caught SystemError: opening file 'nope.md': No such file or directory"


def test_unset_variables_give_the_default() -> None:
    host = FakeHost(page={"title": "T"}, config={"author": "A"}, pages={"blog/p": {"n": 3}})
    src = '''
hfun_t() = join(string.([locvar(:title), locvar("nope"), locvar(:nope; default = 0), globvar(:author),
    globvar(:title), pagevar("blog/p.md", :n), pagevar("blog/p", "m"; default = "d"),
    pagevar("/blog/p.html", :n), pagevar("nothere", :n)]), ",")'''
    assert run(src, host=host) == "T,nothing,0,A,nothing,3,d,3,nothing"


def test_null_host_has_nothing() -> None:
    assert run('hfun_t() = string(locvar(:x), isdir("."), isfile("a"))', host=NullHost()) == \
        "nothingfalsefalse"


def test_page_values_flow_in_and_out_unchanged() -> None:
    date = dt.date(2024, 3, 5)
    host = FakeHost(page={"d": date, "list": ["a", "b"], "pair": ("x", 1)})
    program = load_program("hfun_t() = locvar(:d)\nhfun_u() = string(locvar(:list), locvar(:pair))")
    assert program.call_hfun("t", [], host) == "2024-03-05"
    assert program.call_hfun("u", [], host) == '["a", "b"]("x", 1)'


def test_fake_host_lists_folders_as_a_site_would() -> None:
    host = FakeHost({"a/b/c.md": "", "a/d.md": ""})
    assert sorted(host.list_dir("a")) == ["b", "d.md"]
    assert host.path_kind("a/b") == "dir" and host.path_kind("a/d.md") == "file"
    assert posixpath.normpath("a/./b") == "a/b"
