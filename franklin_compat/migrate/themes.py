"""The starter theme written with a migrated site, so its first build is a readable blog with math.

The templates are package data (``themes/<target>/``); only the math loader is
written here, for ``--math katex`` (default), ``mathjax`` or ``none``.  Our tool
never fetches anything: the generated pages load KaTeX or MathJax from
``math_url`` (a CDN unless told otherwise), which is the site's choice, as with
any theme.  Code is highlighted by each generator's own means (Hugo's Chroma,
Jekyll's Rouge, MkDocs' highlight.js).
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

from .targets import Target

KATEX_URL = "https://cdn.jsdelivr.net/npm/katex@0.16.11/dist/"
MATHJAX_URL = "https://cdn.jsdelivr.net/npm/mathjax@3.2.2/es5/"
MATH_ENGINES = ("katex", "mathjax", "none")

# What each flavor leaves in the HTML for the math loader to find: \( \) inline, and $$ or \[ \]
# on their own (Goldmark's passthrough, kramdown's mathjax output, arithmatex's generic mode).
_KATEX = """<link rel="stylesheet" href="{url}katex.min.css">
<script defer src="{url}katex.min.js"></script>
<script defer src="{url}contrib/auto-render.min.js"></script>
<script>
document.addEventListener("DOMContentLoaded", function () {{
  renderMathInElement(document.body, {{
    delimiters: [
      {{left: "$$", right: "$$", display: true}},
      {{left: "\\\\[", right: "\\\\]", display: true}},
      {{left: "\\\\(", right: "\\\\)", display: false}}
    ],
    ignoredClasses: ["fc-no-math"],
    throwOnError: false
  }});
}});
</script>
"""
_MATHJAX = """<script>
window.MathJax = {{tex: {{inlineMath: [["\\\\(", "\\\\)"]],
                         displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]]}}}};
</script>
<script defer src="{url}tex-chtml.js"></script>
"""

# where each target's templates include the math loader
_MATH_FILE = {"hugo": "layouts/partials/math.html", "jekyll": "_includes/math.html",
              "mkdocs": "theme/fc-math.html"}
_STYLE = {"hugo": "static/fc-theme.css", "jekyll": "fc-theme.css"}


def math_loader(math: str, url: str | None = None) -> str:
    """The ``<head>`` lines that load the math engine (``""`` for ``none``)."""
    if math == "katex":
        return _KATEX.format(url=_slash(url or KATEX_URL))
    if math == "mathjax":
        return _MATHJAX.format(url=_slash(url or MATHJAX_URL))
    return ""


def _slash(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def theme_files(target: Target, math: str, math_url: str | None = None) -> dict[str, str]:
    """Output path → text of the starter theme for ``target`` (empty for targets without one)."""
    if target.flavor not in _MATH_FILE:
        return {}
    root = resources.files(__package__).joinpath("themes")
    files: dict[str, str] = {}
    _collect(root.joinpath(target.flavor), "", files)
    files[_MATH_FILE[target.flavor]] = math_loader(math, math_url)
    if target.flavor in _STYLE:
        files[_STYLE[target.flavor]] = root.joinpath("style.css").read_text(encoding="utf-8")
    else:
        files["docs/fc-theme.css"] = files.pop("fc-theme.css")
    return files


def _collect(folder: Traversable, prefix: str, into: dict[str, str]) -> None:
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        rel = prefix + item.name
        if item.is_dir():
            _collect(item, rel + "/", into)
        else:
            into[rel] = item.read_text(encoding="utf-8")
