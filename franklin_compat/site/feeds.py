"""The site-wide files Franklin writes after the pages: RSS feeds, sitemap, robots.txt, redirects.

Text assembly only; :mod:`site` decides what goes in (it owns the page
variables and the template pass).  Shapes follow Franklin 0.10
(``src/manager/rss_generator.jl``, ``sitemap_generator.jl``,
``robots_generator.jl``, ``hfun_redirect``) byte for byte, except where
Franklin's order depends on Julia's hash order: there we use the source path.
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.parse
import xml.parsers.expat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..core.pairs import sub_pairs
from ..core.paths import julia_joinpath
from ..core.refs import refstring

#: What Franklin's ``_rss/head.xml`` default renders to once comments are dropped
#: (FranklinTemplates ``common/_rss``); used when the site has no ``_rss/head.xml``.
DEFAULT_RSS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet type="text/xsl" media="screen" href="/rss.xsl"?>

<rss version="2.0"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:media="http://search.yahoo.com/mrss/"
  xmlns:atom="http://www.w3.org/2005/Atom"
  xmlns:georss="http://www.georss.org/georss">

  <channel>
    <title>
      <![CDATA[  {{fd2rss website_title}}  ]]>
    </title>
    <link> {{website_url}} </link>
    <description>
      <![CDATA[  {{fd2rss website_description}}  ]]>
    </description>
    <atom:link
      href="{{fd_rss_feed_url}}"
      rel="self"
      type="application/rss+xml" />

"""

#: The default ``_rss/item.xml``, rendered once per page with a ``rss_description``.
DEFAULT_RSS_ITEM = (
    "\n<item>\n"
    "  <title>\n    <![CDATA[  {{fd2rss rss_title}}  ]]>\n  </title>\n"
    "  <link> {{fd_full_url}} </link>\n"
    "  <guid> {{fd_full_url}} </guid>\n"
    "  <description>\n    <![CDATA[  {{fd2rss rss_description}}  ]]>\n  </description>\n\n"
    "  {{if rss_full_content}}\n"
    "  <content:encoded>\n    \n    <![CDATA[  {{fix_relative_links fd_page_html}} ]]>\n"
    "  </content:encoded>\n  {{end}}\n\n"
    "  {{isnotempty rss_author}}\n  <author> {{rss_author}} </author>\n  {{end}}\n\n"
    "  {{isnotempty rss_category}}\n  <category> {{rss_category}} </category>\n  {{end}}\n\n"
    "  {{isnotempty rss_comments}}\n  <comments> {{rss_category}} </comments>\n  {{end}}\n\n"
    "  {{isnotempty rss_enclosure}}\n  <enclosure> {{rss_category}} </enclosure>\n  {{end}}\n\n"
    "  \n  <pubDate>{{RFC822 rss_pubdate}}</pubDate>\n</item>\n"
)

RSS_CLOSE = "</channel></rss>"

_COMMENT_OPEN, _COMMENT_CLOSE = re.compile("<!--"), re.compile("-->")
_ANCHOR_OPEN = re.compile(r"""<a\shref=["']?#""")
_FREQUENCIES = ("always", "hourly", "daily", "weekly", "monthly", "yearly", "never")


def strip_comments(xml: str) -> str:
    """Franklin drops ``<!-- -->`` from the RSS templates before the template pass."""
    return sub_pairs(xml, _COMMENT_OPEN, _COMMENT_CLOSE, lambda _whole, _inner: "")


def finish_item(rendered: str) -> str:
    """An item after its template pass: blank-line pairs removed, ``#`` links unwrapped (as Franklin)."""
    return _unwrap_anchor_links(rendered.replace("\n\n", ""))


def _unwrap_anchor_links(text: str) -> str:
    """Each ``<a href="#…">text</a>`` within one line as its text: what Franklin's
    ``<a\\shref=(?:"|')?#.*?>(.*?)</a>`` replaces, in one pass.  The link ends at the first ``>``
    after the ``#`` and the first ``</a>`` after that; when a line has neither after one opener,
    no later opener on it has them (the lazy pattern read to the line's end from each)."""
    out: list[str] = []
    head = pos = 0
    while (m := _ANCHOR_OPEN.search(text, pos)) is not None:
        eol = text.find("\n", m.end())
        eol = len(text) if eol < 0 else eol
        gt = text.find(">", m.end(), eol)
        close = text.find("</a>", gt + 1, eol) if gt >= 0 else -1
        if close < 0:  # an opener can still start just before the line break (``<a`` and ``\n``)
            pos = max(m.end(), eol - 2)
            continue
        out += (text[head : m.start()], text[gt + 1 : close])
        head = pos = close + 4
    out.append(text[head:])
    return "".join(out)


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One rendered ``<item>`` with what orders and files it: its date and the page's tags."""

    xml: str
    date: dt.date
    tags: tuple[str, ...]


def sort_items(items: Iterable[FeedItem]) -> list[FeedItem]:
    """Newest first; a stable sort, so equal dates keep the (source path) order they came in."""
    return sorted(items, key=lambda it: it.date, reverse=True)


def feed(head: str, items: Sequence[FeedItem]) -> str:
    """``head`` + items + ``</channel></rss>``: Franklin writes nothing else."""
    return head + "".join(it.xml for it in items) + RSS_CLOSE


def tag_feeds(items: Sequence[FeedItem]) -> dict[str, list[FeedItem]]:
    """Items per tag folder name (``refstring`` of the tag), for ``tag/<name>/feed.xml``."""
    out: dict[str, list[FeedItem]] = {}
    for it in items:
        for name in dict.fromkeys(refstring(t) for t in it.tags):
            out.setdefault(name, []).append(it)
    return out


def valid_sitemap_options(changefreq: str, priority: object) -> str | None:
    """Why Franklin would reject these sitemap options, or ``None`` if it accepts them."""
    if changefreq.lower() not in _FREQUENCIES:
        return f"sitemap_changefreq '{changefreq}' is not one of {', '.join(_FREQUENCIES)}"
    if isinstance(priority, bool) or not isinstance(priority, int | float) or not 0 <= priority <= 1:
        return f"sitemap_priority '{priority}' is not a number between 0 and 1"
    return None


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """A sitemap ``<url>``: ``loc`` is Franklin's ``url_curpage()`` form (``/blog/post/index.html``)."""

    loc: str
    lastmod: dt.date
    changefreq: str
    priority: float


def _float(x: float) -> str:
    text = repr(float(x))
    return text if "e" not in text else f"{x:.17g}"


# -- well-formed XML whatever the page names, titles and values ------------------------------

#: What XML 1.0 forbids anywhere, even escaped or in CDATA: C0 controls but tab, LF and CR,
#: surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: The namespaces of Franklin's feed head, declared so that an item can be checked on its own.
_ITEM_WRAP = ('<rss xmlns:content="c" xmlns:dc="d" xmlns:media="m" xmlns:atom="a" xmlns:georss="g">'
              "<channel>", "</channel></rss>")


def xml_escape(text: str) -> str:
    """A value written between tags (a URL, a name): ``&`` and ``<`` as entities, as XML needs.
    Text without them is unchanged, so ordinary feeds stay byte for byte Franklin's."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cdata(text: str) -> str:
    """Text for inside ``<![CDATA[ … ]]>``: a ``]]>`` in it would end the section early."""
    return text.replace("]]>", "]]]]><![CDATA[>")


def drop_non_xml(text: str) -> tuple[str, list[str]]:
    """``text`` without the characters XML forbids, and those dropped (``U+FFFE``…)."""
    dropped = [f"U+{ord(c):04X}" for c in dict.fromkeys(_NOT_XML.findall(text))]
    return (_NOT_XML.sub("", text) if dropped else text), dropped


def xml_problem(text: str, *, item: bool = False) -> str | None:
    """Why ``text`` (a whole feed, or one ``<item>`` when ``item``) is not well-formed XML, or ``None``."""
    if item:
        text = _ITEM_WRAP[0] + text + _ITEM_WRAP[1]
    parser = xml.parsers.expat.ParserCreate()
    try:
        parser.Parse(text.encode("utf-8", "surrogatepass"), True)
    except xml.parsers.expat.ExpatError as e:
        return str(e)
    return None


def sitemap(entries: Iterable[SitemapEntry], base_url: str) -> str:
    """Franklin's ``sitemap.xml``: every path segment percent-encoded, blank line where lastmod is unknown."""
    parts = ['<?xml version="1.0" encoding="utf-8" standalone="yes" ?>\n'
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n\n']
    for e in entries:
        key = "/".join(urllib.parse.quote(seg, safe="-._~") for seg in e.loc.split("/") if seg)
        lastmod = f"<lastmod>{e.lastmod.isoformat()}</lastmod>" if e.lastmod > dt.date(1, 1, 1) else ""
        parts.append(f"<url>\n    <loc>{xml_escape(julia_joinpath(base_url, key))}</loc>\n    {lastmod}\n"
                     f"    <changefreq>{e.changefreq.lower()}</changefreq>\n"
                     f"    <priority>{_float(e.priority)}</priority>\n</url>\n")
    parts.append("</urlset>\n")
    return "".join(parts)


def robots(*, sitemap_url: str | None, pages: Sequence[str], dirs: Sequence[str]) -> str:
    """Franklin's ``robots.txt``; ``sitemap_url`` is ``None`` when no sitemap is generated."""
    out = f"Sitemap: {sitemap_url}\n\n" if sitemap_url is not None else ""
    out += "User-agent: *\n"
    if not pages and not dirs:
        return out + "Disallow:\n"
    out += "".join(f"Disallow: {p}\n" for p in pages)
    return out + "".join(f"Disallow: /{'' if d == '/' else d}\n" for d in dirs)


def redirect_page(fd_url: str) -> str:
    """The file ``{{redirect}}`` writes: a meta refresh to the page that asked for it, the
    address quoted inside the attribute as Franklin writes it (``content='0; url="…"'``)."""
    url = fd_url.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&quot;")
    return ("<!-- Generated Redirect -->\n<!doctype html>\n<html>\n<head>\n"
            f"  <meta http-equiv=\"refresh\" content='0; url=\"{url}\"'>\n</head>\n</html>\n")


__all__ = [
    "DEFAULT_RSS_HEAD",
    "DEFAULT_RSS_ITEM",
    "FeedItem",
    "SitemapEntry",
    "cdata",
    "drop_non_xml",
    "feed",
    "finish_item",
    "redirect_page",
    "robots",
    "sitemap",
    "sort_items",
    "strip_comments",
    "tag_feeds",
    "valid_sitemap_options",
    "xml_escape",
    "xml_problem",
]
