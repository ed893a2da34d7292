"""A long page is read by mistune a stretch at a time (``mdnodes._stream``): the stretches must
give the tokens, and so the output, that one reading of the whole text gives."""

from __future__ import annotations

import pytest

import franklin_compat
from franklin_compat.reading import mdnodes
from franklin_compat.reading.julia_inline import PH_CLOSE, PH_OPEN
from franklin_compat.reading.julia_md import markdown

PH = f"{PH_OPEN}0{PH_CLOSE}"

# every construct next to an empty line and a line where a stretch may start
TEXTS = [
    "- a\n- b\n\nafter the list\n",
    "- a\n\n- b\n\nloose\n",
    "- a\n\n  more of a\n\nout\n",
    "1. one\n2. two\n\n3. three\n\nout\n",
    "* star\n\n\n\nfar below\n",
    "> quoted\n> still\n\nnot quoted\n\n> again\n",
    "!!! note \"T\"\n    body\n\n    more body\n\nafter\n",
    "    code\n\n    more code\n\ntext\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nbelow the table\n",
    "Title\n=====\n\nText\n---\n\n# Header\n\nend",
    f"para\n\n{PH}\n\n{PH} after\n\n#not a header\n\nx\r\n\r\ny\r\n",
    # a placeholder alone between empty lines is given without mistune reading it
    f"\n\n{PH}\n\n\n\n{PH}\n\n- item\n\n{PH}\n\n    indented\n\n{PH}\n\n> q\n\n{PH}\n\n===\n\n{PH}\n\n",
    f"- item\n\n{PH}\n\n  under the item?\n\n!!! note\n    body\n\n{PH}\n\n    more\n",
    "lazy\ncontinuation\n\n\n  indented\n\nz",
    "",
    "\n\n\n",
    "no newline at the end",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("indented_code", [False, True])
def test_stretches_give_the_tokens_of_one_reading(
    text: str, indented_code: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    md = markdown(indented_code)
    whole = [t for t in md.parse(text)[0] if t["type"] != "blank_line"]  # which give no node
    monkeypatch.setattr(mdnodes, "CHUNK", 0)  # a stretch at every place one may end
    assert [t for t in mdnodes._stream(md, text) if t["type"] != "blank_line"] == whole


PAGE = """+++
title = "Long"
+++

# Section

Some *text* with $x^2$ and a [link](https://example.org) and a footnote[^1].

- an item
- another

  with more

1. first
2. second

> a quote

| a | b |
|:--|--:|
| 1 | 2 |

```julia
x = 1
```

    indented

@@note
**Note.** In a div.
@@

[^1]: The note.
"""


@pytest.mark.parametrize("to", ["html", "json", "commonmark"])
def test_a_page_read_in_stretches_converts_as_read_at_once(to: str, monkeypatch: pytest.MonkeyPatch) -> None:
    page = "\n".join([PAGE] * 20)
    monkeypatch.setattr(mdnodes, "CHUNK", 10**9)
    once = franklin_compat.convert(page, to)
    monkeypatch.setattr(mdnodes, "CHUNK", 0)
    assert franklin_compat.convert(page, to) == once


LONE = [
    PAGE,
    "# A\n\ntext\n\n## B *c*\n\n- item\n\n```\ncode\n```\n\n$$x$$\n\n@@d\ninner\n@@\n\nend\n",
    "a\n\n\ufdd0\n\nb\n\n\ufdd1\n\n",  # a page's own marks alone: each keeps its <p>
    "@def x = 1\n\\newcommand{\\c}{C}\n\n\\c\n\n{{fill x}}\n\n<!-- c -->\n\n~~~\n<b>raw</b>\n~~~\n\n",
    "- a\n\n  # in an item?\n\n$$y$$\n\n  ```\n  code\n  ```\n",
    "# t\r\rsome *text* here\r- item\r\r" * 3,
    "# A\n\n0 and 1\n\n## B\n\n1\n",  # a text the placeholder before it holds: found after it
]


@pytest.mark.parametrize("to", ["html", "json"])
def test_a_placeholder_alone_is_the_node_its_reading_gives(to: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """``MdConverter.lone`` (a placeholder's paragraph from ``_stream``, not read) gives what
    reading it gives."""
    pages = [*LONE, *(p.replace("\n", "\r\n") for p in LONE)]
    fast = [franklin_compat.convert(p, to) for p in pages]
    monkeypatch.setattr(mdnodes.MdConverter, "lone", lambda self, t, in_list: None)
    for page, out in zip(pages, fast, strict=True):
        assert franklin_compat.convert(page, to) == out, page
