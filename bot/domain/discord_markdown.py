"""Discord-flavoured Markdown as safe HTML (for the HTML export) and as plain names (for the Markdown one).

Why a CommonMark parser: hand-written regexes cut links with parentheses short, missed nesting and
could go quadratic on hostile text. markdown-it-py parses in linear time, with raw HTML off (every
character people wrote is escaped or rendered), and linkify-it-py finds bare links as Discord does
(scheme required, balanced parentheses kept). On top of CommonMark this module adds what Discord
adds: ``||spoilers||`` (hidden until clicked, no script needed), ``~~strikethrough~~``, mentions
(``<@id>``, ``<@&id>``, ``<#id>``) shown by name, custom emoji (``<:name:id>``) as ``:name:`` and
timestamps (``<t:seconds:style>``) as dates. Images are not rendered (the page loads nothing), and
only absolute http(s) links become links.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core.state_core import StateCore
from markdown_it.rules_inline.state_inline import Delimiter, StateInline
from markdown_it.token import Token

from bot.domain.models import Mention
from bot.domain.translations import Phrasebook

__all__ = ["Names", "html_datetime", "human_time", "plain_text", "safe_url", "spelt_pieces", "to_html"]

_SPOILER = "|"
_UNKNOWN = {"user": "@unknown-user", "role": "@deleted-role", "channel": "#unknown"}
_SIGIL = {"user": "@", "role": "@", "channel": "#"}

# Everything Discord writes between angle brackets that is not a link. Bounded quantifiers and a
# fixed first character keep a scan of hostile text linear.
_ANGLE = re.compile(
    r"<(?:(?P<user>@!?)|(?P<role>@&)|(?P<channel>#))(?P<id>\d{1,20})>"
    r"|<(?P<animated>a?):(?P<emoji>\w{2,32}):\d{1,20}>"
    r"|<t:(?P<seconds>-?\d{1,13})(?::(?P<style>[tTdDfFR]))?>"
)


@dataclass(frozen=True)
class Names:
    """What the bot knew each mentioned id to be called: users, roles and channels by id."""

    users: dict[int, str] = field(default_factory=dict)
    roles: dict[int, str] = field(default_factory=dict)
    channels: dict[int, str] = field(default_factory=dict)

    @classmethod
    def collect(cls, mentions: Iterable[Mention], authors: Iterable[tuple[int, str]] = ()) -> Names:
        """Names from stored mentions, falling back on authors' names (a thread's own members)."""
        names = cls(users=dict(authors))
        tables = {"user": names.users, "role": names.roles, "channel": names.channels}
        for mention in mentions:
            if mention.kind in tables and mention.name:
                tables[mention.kind][mention.id] = mention.name
        return names

    def label(self, kind: str, snowflake: int) -> str:
        """``@Ann``, ``@Moderators``, ``#general``, or Discord's own words for an unknown one."""
        table = {"user": self.users, "role": self.roles, "channel": self.channels}[kind]
        name = table.get(snowflake)
        return _SIGIL[kind] + name if name else _UNKNOWN[kind]


def safe_url(url: str | None) -> bool:
    """Only absolute http(s) URLs with a host and no whitespace, quotes or control characters."""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch in "<>\"'`" for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def human_time(moment: dt.datetime, book: Phrasebook | None = None) -> str:
    """``20 November 2026 at 18:05 UTC``: the same words for every reader, wherever they are.

    With *book*, in its language and date order ("20 novembre 2026 à 18:05 UTC", "November 20, 2026 at
    18:05 UTC" in US English); British English's order without one.
    """
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    if book is None:
        return f"{utc.day} {utc:%B %Y} at {utc:%H:%M} UTC"
    _ = book
    return _("{date} at {time} UTC", date=_written_day(book, utc.date()), time=f"{utc:%H:%M}")


@lru_cache(maxsize=4096)
def _written_day(book: Phrasebook, day: dt.date) -> str:
    """*book*'s words for *day*, remembered: an export of a long thread writes the same few days thousands
    of times, and Babel takes tens of microseconds for each (the exports run beside everything else)."""
    return book.date(day)


def html_datetime(moment: dt.datetime) -> str:
    """A valid HTML ``datetime`` value: UTC, at most milliseconds (HTML allows no more than three digits)."""
    utc = (moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).astimezone(dt.UTC)
    spec = "milliseconds" if utc.microsecond >= 1000 else "seconds"
    return utc.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def _timestamp(seconds: str, style: str | None) -> tuple[dt.datetime, str] | None:
    """A Discord timestamp as (moment, words); None when it is outside what a date can hold."""
    try:
        moment = dt.datetime.fromtimestamp(int(seconds), dt.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    words = {
        "t": f"{moment:%H:%M} UTC",
        "T": f"{moment:%H:%M:%S} UTC",
        "d": f"{moment.day} {moment:%B %Y}",
        "D": f"{moment.day} {moment:%B %Y}",
        "F": f"{moment:%A}, {human_time(moment)}",
    }.get(style or "f", human_time(moment))
    return moment, words


# --- Markdown text with names -------------------------------------------------------------------


def plain_text(text: str, names: Names, escape: Callable[[str], str] = lambda text: text) -> str:
    """*text* with mentions, custom emoji and timestamps written out; everything else as posted.

    For the Markdown export, where spoiler bars and formatting are kept for the reader's renderer;
    *escape* protects the inserted names (a name like ``*Ann*`` must not turn italic).
    """

    def spell(match: re.Match[str]) -> str:
        if match["id"] is not None:
            kind = "user" if match["user"] else "role" if match["role"] else "channel"
            return escape(names.label(kind, int(match["id"])))
        if match["emoji"] is not None:
            return f":{match['emoji']}:"
        stamp = _timestamp(match["seconds"], match["style"])
        return match[0] if stamp is None else stamp[1]

    return _ANGLE.sub(spell, text)


def spelt_pieces(text: str, names: Names, escape: Callable[[str], str]) -> list[tuple[bool, str]]:
    """*text* cut into (spelt, piece): mentions, emoji and timestamps written out and escaped, and the
    text between them as it is (for the Markdown export, which makes that text safe itself)."""
    pieces: list[tuple[bool, str]] = []
    start = 0
    for match in _ANGLE.finditer(text):
        if match.start() > start:
            pieces.append((False, text[start:match.start()]))
        pieces.append((True, escape(plain_text(match[0], names))))
        start = match.end()
    if start < len(text):
        pieces.append((False, text[start:]))
    return pieces


# --- markdown-it extensions ---------------------------------------------------------------------


def _spoiler_tokenize(state: StateInline, silent: bool) -> bool:
    """Each ``||`` becomes a text token and a delimiter; balance_pairs matches them like ``~~``."""
    start = state.pos
    if silent or state.src[start] != _SPOILER:
        return False
    # Discord hides ``|| spaced ||`` text too, so bars open and close regardless of the spaces around them.
    run = length = state.scanDelims(start, True).length
    if length < 2:
        return False
    if length % 2:  # an odd run: the first bar is plain text
        state.push("text", "", 0).content = _SPOILER
        length -= 1
    for _ in range(length // 2):
        state.push("text", "", 0).content = _SPOILER * 2
        state.delimiters.append(Delimiter(
            marker=ord(_SPOILER), length=0, token=len(state.tokens) - 1, end=-1,
            open=True, close=True,
        ))
    state.pos = start + run
    return True


def _spoiler_pairs(state: StateInline, delimiters: Sequence[Delimiter]) -> None:
    for delimiter in delimiters:
        if delimiter.marker != ord(_SPOILER) or delimiter.end == -1:
            continue
        for index, kind, nesting in ((delimiter.token, "spoiler_open", 1),
                                     (delimiters[delimiter.end].token, "spoiler_close", -1)):
            token = state.tokens[index]
            token.type, token.tag, token.nesting, token.markup, token.content = kind, "span", nesting, "||", ""


def _spoiler_post_process(state: StateInline) -> None:
    _spoiler_pairs(state, state.delimiters)
    for meta in state.tokens_meta:
        if meta and "delimiters" in meta:
            _spoiler_pairs(state, meta["delimiters"])
    # A bar left over here may pair with one in a later paragraph (Discord spoilers span blank lines):
    # mark it, so fragments_join keeps it apart from the text and _spoilers_across_blocks can find it.
    for delimiter in state.delimiters:
        token = state.tokens[delimiter.token]
        if delimiter.marker == ord(_SPOILER) and token.type == "text":
            token.type = "spoiler_bar"


def _spoilers_across_blocks(state: StateCore) -> None:
    """Pair the bars left over in each block, in document order, and hide everything between them.

    Each block gets its own hidden span (a label may not hold a paragraph), so a spoiler running over
    several paragraphs is revealed one paragraph at a time. Only bars outside any other element take
    part, so the spans always nest properly; a bar left without a partner is shown as text.
    """
    where = [index for index, token in enumerate(state.tokens) if token.type == "inline" and token.children]
    inlines = [state.tokens[index] for index in where]
    bars: list[tuple[int, Token]] = []
    for position, block in enumerate(inlines):
        for child in block.children or ():
            if child.type == "spoiler_bar":
                if child.level == 0:
                    bars.append((position, child))
                else:
                    child.type = "text"
    if len(bars) % 2:
        bars.pop()[1].type = "text"
    for (start, opener), (end, closer) in zip(bars[0::2], bars[1::2], strict=True):
        opener.type, opener.tag, opener.nesting, opener.content = "spoiler_open", "span", 1, ""
        closer.type, closer.tag, closer.nesting, closer.content = "spoiler_close", "span", -1, ""
        if start == end:
            continue
        inlines[start].children = [*(inlines[start].children or ()), Token("spoiler_close", "span", -1)]
        for block in inlines[start + 1:end]:
            block.children = [Token("spoiler_open", "span", 1), *(block.children or ()),
                              Token("spoiler_close", "span", -1)]
        inlines[end].children = [Token("spoiler_open", "span", 1), *(inlines[end].children or ())]
        for token in state.tokens[where[start] + 1:where[end]]:
            if token.type in ("fence", "code_block"):
                token.meta = {**(token.meta or {}), "spoiler": True}


def _angle_rule(state: StateInline, silent: bool) -> bool:
    """Mentions, custom emoji and timestamps: ``<@1>``, ``<:name:1>``, ``<t:1700000000:R>``."""
    if state.src[state.pos] != "<":
        return False
    match = _ANGLE.match(state.src, state.pos, state.posMax)
    if match is None:
        return False
    if match["seconds"] is not None and _timestamp(match["seconds"], match["style"]) is None:
        return False
    if not silent:
        token = state.push("discord_angle", "", 0)
        token.content = match[0]
        token.meta = {key: value for key, value in match.groupdict().items() if value is not None}
    state.pos = match.end()
    return True


_SCHEME_BEFORE = re.compile(r"(?:^|[^a-z0-9.+-])(https?)$", re.IGNORECASE)
_LINK_STOP = re.compile(r"\s|\|\|")


def _linkify_rule(state: StateInline, silent: bool) -> bool:
    """Bare http(s) links, as markdown-it's linkify rule finds them, but ending at ``||`` and whitespace.

    ``||https://example.com||`` is a hidden link on Discord, not a link ending in bars; and handing
    linkify-it only the link's own run of characters (not the rest of the text) keeps many links linear.
    """
    pos = state.pos
    if state.linkLevel > 0 or not state.src.startswith("://", pos):
        return False
    scheme = _SCHEME_BEFORE.search(state.pending[-8:])
    if scheme is None:
        return False
    start = pos - len(scheme.group(1))
    link = _link_at(state.md.linkify, state.src, start, state.posMax)
    if not link:
        return False
    url = link.url.rstrip("*")  # a closing emphasis marker, not part of the link
    full_url = state.md.normalizeLink(url)
    if not state.md.validateLink(full_url):
        return False
    if not silent:
        state.pending = state.pending[: -len(scheme.group(1))]
        token = state.push("link_open", "a", 1)
        token.attrs, token.markup, token.info = {"href": full_url}, "linkify", "auto"
        state.push("text", "", 0).content = state.md.normalizeLinkText(url)
        token = state.push("link_close", "a", -1)
        token.markup, token.info = "linkify", "auto"
    state.pos = start + len(url)
    return True


#: How much of a run of non-space text linkify-it first looks at for one link (doubled while the link
#: it finds reaches that far).
_LINK_WINDOW = 256


def _link_at(linkify: Any, src: str, start: int, end: int) -> Any:
    """linkify-it's match at *start* in the run up to whitespace or ``||`` (and *end*), read only as far as needed.

    linkify-it reads the whole text it is given, so handing it (or searching) the rest of a long run
    for every ``://`` in it ("http://a.b/(http://a.b/(…") would cost the run's length for each link:
    quadratic. A window that doubles only while the link fills it costs a few times the link's own
    length. (A link whose parenthesis closes more than a window after it opens may end at the
    parenthesis.)
    """
    window = _LINK_WINDOW
    while True:
        limit = min(end, start + window)
        found = _LINK_STOP.search(src, start, limit)
        stop = found.start() if found else limit
        link = linkify.match_at_start(src[start:stop])
        if found or stop >= end or not link or link.last_index < stop - start:
            return link
        window *= 2


def _render_angle(tokens: Sequence[Token], idx: int, env: dict[str, Any]) -> str:
    meta = tokens[idx].meta
    names: Names = env.get("names") or Names()
    if "id" in meta:
        kind = "user" if "user" in meta else "role" if "role" in meta else "channel"
        return f'<span class="mention">{html.escape(names.label(kind, int(meta["id"])))}</span>'
    if "emoji" in meta:
        return f'<span class="emoji">:{html.escape(meta["emoji"])}:</span>'
    moment, words = _timestamp(meta["seconds"], meta.get("style")) or (None, tokens[idx].content)
    if moment is None:
        return html.escape(words)
    return f'<time datetime="{html_datetime(moment)}">{html.escape(words)}</time>'


def _render_spoiler(tokens: Sequence[Token], idx: int, env: dict[str, Any]) -> str:
    """A label holding a hidden checkbox: clicking the text ticks it and CSS reveals the text.

    A spoiler inside a spoiler opens with its outer one (a label may not hold another label).
    """
    depth = env.get("spoiler_depth", 0)
    if tokens[idx].nesting == 1:
        env["spoiler_depth"] = depth + 1
        if depth:
            return "<span>"
        return ('<label class="spoiler"><input type="checkbox" aria-label="Show spoiler">'
                '<span class="spoiler-text">')
    env["spoiler_depth"] = depth - 1
    return "</span>" if depth > 1 else "</span></label>"


def _build() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True, "breaks": True, "xhtmlOut": False})
    md.enable(["linkify", "strikethrough"])
    md.disable(["image"])
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    md.validateLink = safe_url  # type: ignore[method-assign]
    md.inline.add_terminator_char(_SPOILER)
    md.inline.ruler.before("strikethrough", "spoiler", _spoiler_tokenize)
    md.inline.ruler2.after("strikethrough", "spoiler", _spoiler_post_process)
    md.core.ruler.after("linkify", "spoilers_across_blocks", _spoilers_across_blocks)
    md.inline.ruler.before("autolink", "discord_angle", _angle_rule)
    md.inline.ruler.at("linkify", _linkify_rule)

    def rule(render: Callable[[Sequence[Token], int, dict[str, Any]], str]) -> Callable[..., str]:
        return lambda renderer, tokens, idx, options, env: render(tokens, idx, env)

    def code(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        """A code block inside a spoiler folds away (a label may not hold a block)."""
        rendered = getattr(type(renderer), tokens[idx].type)(renderer, tokens, idx, options, env)
        if not (tokens[idx].meta or {}).get("spoiler"):
            return rendered
        return f'<details class="spoiler-block"><summary>Spoiler</summary>{rendered}</details>\n'

    def heading(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        """Headings sit under the page's own: ``#`` in a comment is a sub-heading, not a second title."""
        token = tokens[idx]
        token.tag = f"h{min(6, int(token.tag[1]) + env.get('heading_shift', 0))}"
        return renderer.renderToken(tokens, idx, options, env)

    def link_open(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "nofollow noopener")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("discord_angle", rule(_render_angle))
    md.add_render_rule("spoiler_open", rule(_render_spoiler))
    md.add_render_rule("spoiler_close", rule(_render_spoiler))
    md.add_render_rule("link_open", link_open)
    md.add_render_rule("heading_open", heading)
    md.add_render_rule("heading_close", heading)
    md.add_render_rule("fence", code)
    md.add_render_rule("code_block", code)
    return md


_MD = _build()


def to_html(text: str, names: Names | None = None, *, heading_shift: int = 0) -> str:
    """Discord Markdown as HTML block elements, every character of *text* escaped or rendered safely.

    *heading_shift* lowers headings by that many levels (to at most ``h6``), to fit under the page's.
    """
    text = text.replace("\x00", "").strip()
    if not text:
        return "<p><em>(no text)</em></p>"
    return _MD.render(text, {"names": names or Names(), "heading_shift": heading_shift}).strip()
