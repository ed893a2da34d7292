"""What user code may ask of Franklin and of the site: the :class:`Host` the caller passes in.

The evaluator never touches the file system itself; every ``locvar``, ``pagevar``,
``fd2html``, ``readdir`` or ``read`` goes through the host, which knows the page
being built and enforces the site root.  Paths reach the host relative to the
site root, normalised, never absolute and never leaving the root (the evaluator
refuses those first, FC805).
"""

from __future__ import annotations

from typing import Protocol

__all__ = ["Host", "NullHost"]


class Host(Protocol):
    """The page being built and its site, as user Julia code sees them.

    ``locvar``/``globvar``/``pagevar`` raise ``KeyError`` for a variable that is not
    set (user code then gets its ``default``, ``nothing`` unless given); file
    methods raise ``OSError`` (``FileNotFoundError``…) for what is not there, which
    user code sees as Julia's ``SystemError``.

    Optional attributes: ``pagevar_depth`` (an ``int``), read and written by
    ``Franklin.PAGEVAR_DEPTH[]`` -- a host that counts the pages ``pagevar`` has to
    read can reproduce Franklin's guard (``pagevar`` gives ``nothing`` past 5 reads
    in one page); ``folder_path`` (``Franklin.FOLDER_PATH[]``, ``""`` otherwise).
    """

    def locvar(self, name: str) -> object:
        """A variable of the page being built (Franklin's ``locvar``; aliases resolved by the host);
        as in Franklin, the page's variables include ``config.md``'s."""
        ...

    def globvar(self, name: str) -> object:
        """A variable of ``config.md`` (``globvar``), ``fd_tag_pages`` and the other ``fd_*`` included."""
        ...

    def pagevar(self, rpath: str, name: str) -> object:
        """A variable of another page (``pagevar("blog/post1", :title)``); ``rpath`` has no ``.md``.
        As in Franklin, a page's variables include ``config.md``'s."""
        ...

    def set_var(self, name: str, value: object) -> None:
        """``Franklin.set_var!(Franklin.LOCAL_VARS, name, value)``: set a variable of the page being built."""
        ...

    def fd2html(self, markdown: str) -> str:
        """``fd2html(md; internal=true)``: Franklin Markdown → HTML, in the page's context."""
        ...

    def read_file(self, rpath: str) -> bytes:
        """The bytes of a file of the site."""
        ...

    def list_dir(self, rpath: str) -> list[str]:
        """The names in a folder of the site (any order; ``readdir`` sorts them)."""
        ...

    def path_kind(self, rpath: str) -> str:
        """``"file"``, ``"dir"`` or ``""`` when nothing is there (``isfile``/``isdir``)."""
        ...


class NullHost:
    """A host with no page, no variables and no files: for code that needs none."""

    def locvar(self, name: str) -> object:
        raise KeyError(name)

    def globvar(self, name: str) -> object:
        raise KeyError(name)

    def pagevar(self, rpath: str, name: str) -> object:
        raise KeyError(name)

    def set_var(self, name: str, value: object) -> None:
        return None

    def fd2html(self, markdown: str) -> str:
        return markdown

    def read_file(self, rpath: str) -> bytes:
        raise FileNotFoundError(rpath)

    def list_dir(self, rpath: str) -> list[str]:
        raise FileNotFoundError(rpath)

    def path_kind(self, rpath: str) -> str:
        return ""
