"""Julia's inline Markdown (the stdlib Franklin's sites were built with) inside mistune's parser.

mistune finds links, images and escapes; what Julia reads differently is done here:

* **emphasis** is Julia's ``parse_inline_wrapper``, not CommonMark's delimiter stack: an opener is
  a run of exactly one (``*a*``, italic) or two (``**a**``, bold) ``*`` or ``_`` followed by a
  non-space, and it closes at the first later run of the same character and the same length
  that follows a non-space; a longer run there is skipped, and with no such run the opener is
  text.  So ``***a***`` and ``*a **b***`` are literal, and ``_`` works inside words
  (``JULIA_NUM_THREADS``);
* **autolinks** are ``<scheme://…>`` with a scheme from Julia's list; ``<a@b.c>`` and
  ``<mailto:a@b.c>`` are text (Julia's ``_is_mailto`` compares six characters with seven).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import MutableMapping
from itertools import accumulate, islice, repeat
from operator import is_not, itemgetter
from re import Match
from typing import Any, cast

import mistune
from mistune import InlineParser
from mistune._inline.emphasis import is_entity_boundary
from mistune._inline.links import Bracket
from mistune.core import InlineState
from mistune.inline_parser import _KNOWN_RULE_START_CHARS

from . import mistune_fast

Token = dict[str, Any]

# Julia's ``_allowable_schemes`` (Common/inline.jl), split on white space as Julia does, so the
# entries written with a comma there ("snmp,soap.beep") are single, unusable names here too.
_SCHEME_NAMES = """
    coap doi javascript aaa aaas about acap cap cid crid data dav dict dns file ftp geo go gopher
    h323 http https iax icap im imap info ipp iris iris.beep iris.xpc iris.xpcs iris.lwz ldap mailto
    mid msrp msrps mtqp mupdate news nfs ni nih nntp opaquelocktoken pop pres rtsp service session
    shttp sieve sip sips sms snmp,soap.beep soap.beeps tag tel telnet tftp thismessage tn3270 tip tv
    urn vemmi ws wss xcon xcon-userid xmlrpc.beep xmlrpc.beeps xmpp z39.50r z39.50s adiumxtra afp
    afs aim apt,attachment aw beshare bitcoin bolo callto chrome,chrome-extension
    com-eventbrite-attendee content cvs,dlna-playsingle dlna-playcontainer dtn dvb ed2k facetime
    feed finger fish gg git gizmoproject gtalk hcp icon ipn irc irc6 ircs itms jar jms keyparc
    lastfm ldaps magnet maps market,message mms ms-help msnim mumble mvn notes oid palm paparazzi
    platform proxy psyc query res resource rmi rsync rtmp secondlife sftp sgn skype smb soldat
    spotify ssh steam svn teamspeak things udp unreal ut2004 ventrilo view-source webcal wtai
    wyciwyg xfire xri ymsgr
"""
_SCHEMES = frozenset(_SCHEME_NAMES.split())


def julia_is_link(url: str) -> bool:
    """Julia's ``_is_link``: ``^(.*)://(\\S+?)(:\\S*)?$`` with an allowed scheme, no ``<``.

    The greedy ``(.*)`` takes the last ``://`` whose rest has no space, and a rest with a space
    after the last one has it after every earlier one too: one ``rfind`` decides."""
    if "<" in url:
        return False
    k = url.rfind("://")
    rest = url[k + 3 :]
    return k >= 0 and bool(rest) and not any(c.isspace() for c in rest) and url[:k].lower() in _SCHEMES


# The marks below are Unicode noncharacters (U+FDD0–U+FDEF, set aside for a program's own
# use): in the Basic Multilingual Plane, so the text mistune reads stays two bytes a
# character where the page is (a mark past U+FFFF made a long page's copy four).
PH_OPEN = "\ufdd0"
"""Opens a placeholder standing for a Franklin block in the text mistune reads."""
PH_CLOSE = "\ufdd1"
"""Closes a placeholder (the number of the block is between the two)."""
JULIA_BREAK = "\ufdd3"
"""Stands for a line-end ``\\`` that ends a paragraph, Julia's ``<br />`` (mistune would
print a backslash there): read as a hard break."""
_INSERT_SPACE = re.compile(PH_CLOSE + " (?=[*_])")
_RUN = re.compile(r"(\*+|_+)")  # (a group: ``split`` keeps the runs)
_SPACE = frozenset(" \t\r\n")  # Julia's ``whitespace`` (" \t\r") and the line break it tests apart
_OPAQUE = "\ufffc"  # a character standing for a link, an image, an escape… while matching


#: the mistune whose inline loop :meth:`JuliaInline.parse` repeats
_SAME_LOOP = mistune.__version__.split(".")[:2] == ["3", "4"]


class JuliaInline(InlineParser):
    """mistune's inline parser with Julia's autolinks, emphasis and paragraph-end breaks."""

    def __init__(self) -> None:
        super().__init__()
        self.register("julia_break", JULIA_BREAK, JuliaInline.parse_julia_break, start_chars=JULIA_BREAK)
        self._trigger_of: set[str] | None = None  # mistune's trigger characters…
        self._trigger: re.Pattern[str] | None = None  # …and their pattern
        self._bracket_runs = False  # whether a ``[`` is always the link rule's (below)
        self._besides_runs: re.Pattern[str] | None = None  # the trigger less ``*`` and ``_`` (below)
        # the rule methods of a run of ``*``/``_``, a line end and a link, and whether each is
        # mistune's own (:meth:`parse`): a text is parsed with the same ones as the last
        self._own_rules: tuple[tuple[object, ...], tuple[bool, bool, bool]] | None = None

    def __call__(self, s: str, env: MutableMapping[str, Any]) -> list[Token]:
        """mistune's; a text without a trigger character (nor ``*``/``_``, which
        :func:`julia_emphasis_tokens` reads) is its one text token, as :meth:`parse` would give
        it, without a parse state: a table of 500,000 one-letter cells, a list of 250,000
        one-word items; one whose only rule is emphasis is read as :meth:`parse` reads it first,
        without the state too (a short paragraph with an emphasis, between two headers)."""
        trigger = self._trigger
        if (
            trigger is not None
            and self._trigger_of is self._fast_trigger_chars
            and _SAME_LOOP
            and type(self) is JuliaInline
            and self.state_cls.append_token is InlineState.append_token
        ):
            if not trigger.search(s) and "*" not in s and "_" not in s:
                return [{"type": "text", "raw": s}]
            besides = self._besides_runs
            if (
                besides is not None
                and not besides.search(s)
                and _own(self._methods.get("emphasis"), InlineParser.parse_emphasis)
            ):
                return julia_emphasis_tokens([{"type": "text", "raw": s}])
        return super().__call__(s, env)

    def parse(self, state: InlineState) -> list[Token]:
        """mistune's ``parse``, step for step, with what it looked up again at each stretch of
        text (a line of a paragraph: its rules' first characters, sorted, their pattern, the
        rule's method) looked up once, and its text tokens appended directly; the trigger
        pattern is kept while mistune keeps its set of trigger characters (it makes a new one
        when a rule is registered): a table of 500,000 one-letter cells sorted that set for
        each.  Copied from mistune 3.4: another version runs its own loop
        (``tests/test_julia_inline.py`` holds the two to the same tokens)."""
        if not _SAME_LOOP or type(state).append_token is not InlineState.append_token:
            return super().parse(state)
        src = state.src
        size = len(src)
        sc = self.compile_sc()
        chars = self._fast_trigger_chars
        if chars is None or chars is not self._trigger_of:
            chars = self._get_fast_trigger_chars()
            self._trigger_of = chars
            self._trigger = None if chars is None else self._get_fast_trigger_re(chars)
            self._bracket_runs = _brackets_reach_link(self)
            self._besides_runs = _besides_emphasis(self, chars)
        trigger = self._trigger
        methods = self._methods
        # mistune's own rules for a run of ``*``/``_`` (a text token) and a line end (a soft
        # break) are done here, without the call, while they are the ones in use
        ours = methods.get("emphasis"), methods.get("softbreak"), methods.get("link"), self._bracket_runs
        known = self._own_rules
        if known is None or any(map(is_not, known[0], ours)):  # (worked out again only then)
            known = self._own_rules = ours, (
                _own(ours[0], InlineParser.parse_emphasis),
                _own(ours[1], InlineParser.parse_softbreak),
                ours[3] and _own(ours[2], InlineParser.parse_link),
            )
        plain, soft, brackets = known[1]
        besides = self._besides_runs
        if besides is not None and plain and not state.tokens and not besides.search(src):
            # the only rule to start is mistune's emphasis: text tokens, the runs of ``*``/``_``
            # and what is between them, which ``julia_emphasis_tokens`` reads as it reads the
            # one token of their text (:func:`_joined`: ``*a`` repeated, a million tokens; no
            # ``&`` ends a token before a run, which no entity starts with)
            state.tokens.append({"type": "text", "raw": src})
            state.tokens = self.finalize_tokens(state.tokens, state.depth)
            return state.tokens
        # a token with no children is appended as ``append_token`` does it: to the list, which
        # a rule may replace (so looked up each time)
        pos = 0
        while pos < size:
            if trigger is None:
                m = sc.search(src, pos)
            else:
                t = trigger.search(src, pos)
                if t is None:
                    end = size
                else:  # a line end after a space or a backslash may be a hard break, which starts there
                    end = t.start()
                    if src[end] == "\n" and end > pos and src[end - 1] in " \\":
                        end = self._find_linebreak_start(src, pos, end)
                if end > pos:
                    state.tokens.append({"type": "text", "raw": src[pos:end]})
                    pos = end
                if pos >= size:
                    break
                m = sc.match(src, pos)
            if not m:
                if trigger is None:
                    break
                state.tokens.append({"type": "text", "raw": src[pos]})
                pos += 1
                continue
            start = m.start()
            if start > pos:
                state.tokens.append({"type": "text", "raw": src[pos:start]})
            lastgroup = m.lastgroup
            assert lastgroup
            if lastgroup == "emphasis" and plain:
                state.tokens.append({"type": "text", "raw": m.group()})
                pos = m.end()
                continue
            if lastgroup == "softbreak" and soft:
                state.tokens.append({"type": "softbreak"})
                pos = m.end()
                continue
            if lastgroup == "link" and brackets and src[start] == "[":
                pos = _open_brackets(src, start, state)
                continue
            new_pos = methods[lastgroup](m, state)
            if new_pos:
                pos = new_pos
            else:  # the rule declined: its first character is text
                pos = start + 1
                state.tokens.append({"type": "text", "raw": src[start:pos]})
        if pos == 0:
            state.tokens.append({"type": "text", "raw": src})
        elif pos < size:
            state.tokens.append({"type": "text", "raw": src[pos:]})
        state.tokens = self.finalize_tokens(state.tokens, state.depth)
        return state.tokens

    def parse_escape(self, m: Match[str], state: InlineState) -> int:
        """mistune's: a run of ``\\c`` is its characters ``c``, every other one (mistune unescapes
        it with a substitution); marked as no emphasis only where it holds a ``*`` or ``_``,
        the one place the mark is read, so the token needs no cleaning copy after."""
        text = m.group(0)[1::2]
        if "*" in text or "_" in text:
            state.append_token({"type": "text", "raw": text, "_emphasis": False})
        else:
            state.append_token({"type": "text", "raw": text})
        return m.end()

    def parse_link_close(self, m: Match[str], state: InlineState) -> int:
        """mistune's, reading a url in one pattern (:mod:`mistune_fast`) on the version it repeats."""
        if not mistune_fast.SAME_MISTUNE:
            return super().parse_link_close(m, state)
        return mistune_fast.parse_link_close(self, m, state)

    def parse_julia_break(self, m: Match[str], state: InlineState) -> int:
        state.append_token({"type": "linebreak"})
        return m.end()

    def parse_auto_link(self, m: Match[str], state: InlineState) -> int | None:  # type: ignore[override]
        if not julia_is_link(m.group(0)[1:-1]):
            return None  # the ``<`` is text, and the parse goes on after it
        return super().parse_auto_link(m, state)

    def finalize_tokens(self, tokens: list[Token], depth: int) -> list[Token]:
        return julia_emphasis_tokens(tokens)


def _brackets_reach_link(inline: InlineParser) -> bool:
    """Whether no rule before the link rule can start with ``[`` (so each ``[`` of a run is
    a link opener), known from the rules' first characters, as mistune's trigger is."""
    if "link" not in inline.rules:
        return False
    for name in inline.rules[: inline.rules.index("link")]:
        chars = inline._rule_start_chars.get(name, _KNOWN_RULE_START_CHARS.get(name))
        if chars is None or "[" in chars:
            return False
    return True


def _open_brackets(src: str, start: int, state: InlineState) -> int:
    """mistune's ``parse_link_open`` for each ``[`` of the run at ``start``; where it ends."""
    tokens = state.tokens
    stack = state.brackets
    pos = start
    while True:
        if stack:
            stack[-1].nested = True
        pos += 1
        bracket = Bracket(pos, len(tokens), False, state.last_link)
        state.last_link = bracket
        tokens.append({"type": "text", "raw": "["})
        stack.append(bracket)
        if pos >= len(src) or src[pos] != "[":
            return pos


def _besides_emphasis(inline: InlineParser, chars: set[str] | None) -> re.Pattern[str] | None:
    """The trigger characters but ``*`` and ``_`` as a pattern, if at ``*`` or ``_`` only the
    emphasis rule (mistune's pattern) can match, as known from the rules' first characters."""
    if chars is None or "emphasis" not in inline.rules:
        return None
    if inline.specification.get("emphasis") != InlineParser.SPECIFICATION["emphasis"]:
        return None
    for name in inline.rules[: inline.rules.index("emphasis")]:
        first = inline._rule_start_chars.get(name, _KNOWN_RULE_START_CHARS.get(name))
        if first is None or "*" in first or "_" in first:
            return None
    rest = sorted(chars - {"*", "_"})
    return re.compile("[" + re.escape("".join(rest)) + "]") if rest else re.compile("(?!)")


def _own(method: object, func: object) -> bool:
    """Whether ``method`` is ``func`` bound (not a plugin's or a test's replacement)."""
    return getattr(method, "__func__", None) is func


def _model(tokens: list[Token]) -> tuple[str, list[int]]:
    """The text Julia's emphasis scan reads, one character per position, and where each token
    starts in it: escaped text cannot delimit, a soft break is a space, a hard one a line
    break, any other token one opaque character; a space between a placeholder and a ``*``
    or ``_`` does not count (Franklin's ``fix_inserts`` removes it)."""
    parts: list[str] = []
    starts: list[int] = []
    pos = 0
    for t in tokens:
        starts.append(pos)
        typ = t["type"]
        if typ == "text":
            raw = t["raw"]
            piece = raw if t.get("_emphasis", True) else raw.replace("*", _OPAQUE).replace("_", _OPAQUE)
        else:
            piece = " " if typ == "softbreak" else "\n" if typ == "linebreak" else _OPAQUE
        parts.append(piece)
        pos += len(piece)
    # Franklin's ``fix_inserts``: "##FDINSERT## *" loses its space, so the ``*`` follows the insert
    return _INSERT_SPACE.sub(PH_CLOSE + _OPAQUE, "".join(parts)), starts


def _runs(text: str) -> list[tuple[int, int]]:
    """``(start, length)`` of each maximal run of ``*`` or of ``_`` (one C-level scan: a paragraph
    can be a whole 35 KB bibliography): the text split around its runs, the pieces' ends
    summed, in C (a match object a run took a third of the time of ``*a`` repeated)."""
    parts = _RUN.split(text)  # text, run, text, run, …, text
    ends = accumulate(map(len, parts))
    return list(zip(islice(ends, 0, len(parts) - 1, 2), map(len, islice(parts, 1, None, 2)), strict=True))


def julia_pairs(text: str) -> list[tuple[int, int, int]]:
    """Julia's emphasis on ``text``: ``(opener start, closer start, delimiter length)`` of each
    pair, outermost first.  One pass over the delimiter runs: the closer of an opener is the
    first *closing* run (same character and length, after a non-space) that starts past it,
    found by bisection, and it bounds the opener's content, which is read the same way."""
    runs = _runs(text)
    closing: dict[tuple[str, int], list[int]] = {}
    for start, size in runs:
        if size <= 2 and start > 0 and text[start - 1] not in _SPACE:
            closing.setdefault((text[start], size), []).append(start)
    pairs: list[tuple[int, int, int]] = []
    ends = [len(text)]  # the end of the text being read: the whole, or an emphasis's content
    used: set[int] = set()  # closer starts already paired
    for start, size in runs:
        while start >= ends[-1]:
            ends.pop()
        if start in used or size > 2:
            continue
        end = ends[-1]
        after = start + size
        if after >= end or text[after] in " \t\r":
            continue
        cands = closing.get((text[start], size), [])
        k = bisect_right(cands, after)
        if k < len(cands) and cands[k] < end:
            close = cands[k]
            pairs.append((start, close, size))
            used.add(close)
            ends.append(close)
    return pairs


def julia_emphasis_tokens(tokens: list[Token]) -> list[Token]:
    """mistune's inline tokens with Julia's emphasis made into ``emphasis`` / ``strong`` tokens."""
    if len(tokens) == 1 and len(tokens[0]) == 2 and tokens[0]["type"] == "text":
        # one plain text (a short paragraph's): the steps below for it, without their loops
        raw = tokens[0]["raw"]
        if "*" not in raw and "_" not in raw:
            return tokens
        return _nest(raw, _events(_INSERT_SPACE.sub(PH_CLOSE + _OPAQUE, raw) if PH_CLOSE in raw else raw))
    if len(tokens) > _MANY and _plain_texts(tokens):
        text = "".join(map(_RAW, tokens))  # (plain text tokens: no mark; their texts looked at in C)
        if "*" not in text and "_" not in text:
            return tokens
    marked = False  # a token carrying mistune's marks, which the nodes are made without
    for t in tokens:
        if t["type"] == "text" and ("*" in t["raw"] or "_" in t["raw"]):
            break
        if "_emphasis" in t or "_autolink" in t:
            marked = True
    else:  # as mistune: unmerged, so each piece finds its span
        return [_clean(t) for t in tokens] if marked else tokens
    tokens = _joined(tokens) or tokens
    text, starts = _model(tokens)
    events = _events(text)
    if len(tokens) == 1 and len(tokens[0]) == 2 and tokens[0]["type"] == "text":
        return _nest(tokens[0]["raw"], events)
    stack: list[list[Token]] = [[]]
    e = 0
    for t, pos in zip(tokens, starts, strict=True):
        if t["type"] != "text":
            stack[-1].append(_clean(t))
            continue
        raw = t["raw"]
        head = 0  # in raw
        while e < len(events) and events[e][0] < pos + len(raw):
            at, size, opens = events[e]
            e += 1
            if at - pos > head:
                stack[-1].append({"type": "text", "raw": raw[head : at - pos]})
            head = at - pos + size
            if opens:
                stack.append([])
            else:
                kids = stack.pop()
                if len(kids) != 1 or kids[0]["type"] != "text":  # one text piece: made here, merged
                    kids = _merge(kids)
                stack[-1].append({"type": "emphasis" if size == 1 else "strong", "children": kids})
        if head < len(raw):
            stack[-1].append({"type": "text", "raw": raw[head:]})
    return _merge(stack[0])


def _events(text: str) -> list[tuple[int, int, bool]]:
    """``(position, delimiter length, opens)`` of each delimiter of :func:`julia_pairs`, in order."""
    events: list[tuple[int, int, bool]] = []
    for start, close, size in julia_pairs(text):
        events.append((start, size, True))
        events.append((close, size, False))
    events.sort()
    return events


def _nest(raw: str, events: list[tuple[int, int, bool]]) -> list[Token]:
    """The tokens :func:`julia_emphasis_tokens` makes of one plain text token (what ``*a`` repeated
    is read as): its loop for that token alone, and no :func:`_merge`, as two pieces of text never
    meet at one level (an emphasis is between them)."""
    stack: list[list[Token]] = [[]]
    head = 0
    for at, size, opens in events:
        if at > head:
            stack[-1].append({"type": "text", "raw": raw[head:at]})
        head = at + size
        if opens:
            stack.append([])
        else:
            kids = stack.pop()
            stack[-1].append({"type": "emphasis" if size == 1 else "strong", "children": kids})
    if head < len(raw):
        stack[-1].append({"type": "text", "raw": raw[head:]})
    return stack[0]


def _joined(tokens: list[Token]) -> list[Token] | None:
    """Many plain text tokens (``*a`` repeated: a million) as the one token of their texts, which
    :func:`julia_emphasis_tokens` reads to the same tokens: its pieces of text at one level are
    merged in the end, and a delimiter run lies in one token (no token starts between two ``*``
    or two ``_``, where it would cut a run of two), nor is there an ``&`` to keep apart; None
    where that does not hold (or for a few tokens, not worth it)."""
    if len(tokens) < _MANY or not _plain_texts(tokens):
        return None
    raws: list[str | None] = list(map(dict.get, tokens, repeat("raw")))
    if None in raws or "" in raws:
        return None
    text = "".join(cast(list[str], raws))
    if "&" in text:
        return None
    if _DOUBLED.search(text):
        starts = set(accumulate(map(len, cast(list[str], raws))))
        if any(m.start() in starts for m in _DOUBLED.finditer(text)):
            return None
    return [{"type": "text", "raw": text}]


def _plain_texts(tokens: list[Token]) -> bool:
    """Whether all are text tokens without a mark (two keys), seen in C: the first few, then all
    (the sets of all cost a long paragraph of texts and breaks 1.5 %)."""
    return all(set(map(len, part)) == {2} and set(map(_TYPE, part)) == {"text"}
               for part in (tokens[:_MANY], tokens))


_MANY = 16
_TYPE, _RAW = itemgetter("type"), itemgetter("raw")
_DOUBLED = re.compile(r"(?<=\*)\*|(?<=_)_")  # the second of two ``*`` or two ``_``


def _clean(t: Token) -> Token:
    if "_emphasis" not in t and "_autolink" not in t:
        return t
    t = dict(t)
    t.pop("_emphasis", None)
    t.pop("_autolink", None)
    return t


def _merge(tokens: list[Token]) -> list[Token]:
    """Adjacent text tokens joined, except where the join would make an entity (``\\&`` + ``amp;``)."""
    out: list[Token] = []
    chunks: list[str] = []
    for t in tokens:
        if t["type"] != "text":
            if chunks:
                out.append({"type": "text", "raw": "".join(chunks)})
                chunks = []
            out.append(t)
        elif t["raw"]:
            if chunks and is_entity_boundary(chunks[-1], t["raw"]):
                out.append({"type": "text", "raw": "".join(chunks)})
                chunks = []
            chunks.append(t["raw"])
    if chunks:
        out.append({"type": "text", "raw": "".join(chunks)})
    return out
