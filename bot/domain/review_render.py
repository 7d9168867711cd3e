"""Turn a review into Discord-shaped embeds and messages, as plain data (no discord import).

A cog converts :class:`MessageSpec`/:class:`EmbedSpec` into ``discord.Embed`` objects one to one.
Every limit Discord places on embeds lives in :class:`Limits`; the body is split with
:class:`bot.domain.splitting.Splitter` (the body analysed once) so the body parts of all embeds join back to the body.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.domain.models import Film, Review
from bot.domain.ratings import stars
from bot.domain.splitting import Splitter

__all__ = [
    "DEFAULT_FOOTER",
    "REVIEW_COLOUR",
    "EmbedSpec",
    "Limits",
    "MessageSpec",
    "clean_single_line",
    "escape_markdown",
    "film_line",
    "render_review",
    "review_header",
    "thread_name",
    "truncate",
]


class Limits:
    """Discord's limits on embeds and messages, in characters unless said otherwise."""

    TITLE = 256
    DESCRIPTION = 4096
    FOOTER = 2048
    AUTHOR = 256
    FIELD_NAME = 256
    FIELD_VALUE = 1024
    FIELDS = 25
    MESSAGE_EMBED_TOTAL = 6000  # title + description + footer + author + field names and values
    MESSAGE_EMBEDS = 10
    THREAD_NAME = 100


REVIEW_COLOUR = 0x7B5EA7
DEFAULT_FOOTER = "Discuss this review in the thread below"
CONTINUED = " (continued)"
# A better break (paragraph over sentence) must still leave a part this full, to pack messages well.
_MIN_FILL = 0.85
# Below this much room, an embed is not worth starting: the next message gets the text instead.
_MIN_USEFUL_ROOM = 400


@dataclass(frozen=True)
class EmbedSpec:
    title: str | None
    description: str
    url: str | None = None
    footer: str | None = None
    author: str | None = None
    fields: tuple[tuple[str, str, bool], ...] = ()
    colour: int = REVIEW_COLOUR

    @property
    def total_chars(self) -> int:
        """The characters Discord counts against the 6000-per-message embed total."""
        return (
            len(self.title or "")
            + len(self.description)
            + len(self.footer or "")
            + len(self.author or "")
            + sum(len(name) + len(value) for name, value, _ in self.fields)
        )


@dataclass(frozen=True)
class MessageSpec:
    embeds: tuple[EmbedSpec, ...]

    @property
    def total_chars(self) -> int:
        return sum(embed.total_chars for embed in self.embeds)


_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u00ad]")
_MARKDOWN_SPECIAL = re.compile(r"([\\*_~|`<>\[\]])")


def clean_single_line(text: str, max_len: int) -> str:
    """One line fit for a title: no control or zero-width characters, whitespace collapsed, truncated."""
    text = _INVISIBLE.sub("", text)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")  # format chars, incl. ZWJ
    return truncate(" ".join(text.split()), max_len)


def truncate(text: str, max_len: int, ellipsis: str = "…") -> str:
    """Shorten ``text`` to ``max_len`` characters, ending with ``…``, at a word boundary if one is near."""
    if max_len < 1:
        raise ValueError("max_len must be at least 1")
    if len(text) <= max_len:
        return text
    room = max_len - len(ellipsis)
    if room <= 0:
        return ellipsis[:max_len]
    cut = text[: room + 1].rstrip()
    if len(cut) > room:
        space = cut.rfind(" ", 0, room + 1)
        cut = cut[:space].rstrip() if space >= room * 0.6 else cut[:room]
    return cut.rstrip() + ellipsis


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown so a name shows literally (``*NSYNC`` stays ``*NSYNC``)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def film_line(title: str, year: int | None, director: str | None = None) -> str:
    """``Never Let Me Go (2010), directed by Mark Romanek`` (plain text, not escaped)."""
    line = f"{title} ({year})" if year else title
    return f"{line}, directed by {director}" if director else line


def review_header(review: Review, film: Film | None) -> str:
    """The lines above the body in the first embed: film, byline, rating, then a blank line."""
    title = film.title if film else review.film_title
    year = film.year if film and film.year else review.film_year
    director = film.director if film else None
    lines = [f"**{escape_markdown(clean_single_line(film_line(title, year, director), 300))}**"]
    byline = clean_single_line(review.byline, 100)
    if byline:
        lines.append(f"Review by {escape_markdown(byline)}")
    if review.rating is not None:
        lines.append(stars(review.rating))
    return "\n".join(lines) + "\n\n"


def render_review(review: Review, film: Film | None, *, thread_hint: str | None = None) -> list[MessageSpec]:
    """The messages that publish ``review``: as few as Discord's limits allow.

    The first embed carries the title and :func:`review_header` before the body; later embeds carry
    the rest of the body (the first embed of each later message is titled "… (continued)"); the last
    embed's footer points to the discussion. The body parts of all embeds join back to the body.
    """
    body = review.body
    title = clean_single_line(review.title, Limits.TITLE) or "Review"
    continued_title = truncate(title, Limits.TITLE - len(CONTINUED)) + CONTINUED
    footer = truncate(clean_single_line(thread_hint or DEFAULT_FOOTER, Limits.FOOTER), Limits.FOOTER)
    header = review_header(review, film)
    splitter = Splitter(body)

    messages: list[MessageSpec] = []
    embeds: list[EmbedSpec] = []
    used = 0  # characters of the current message's embeds
    pos = 0
    first = True
    while first or pos < len(body):
        # Each message's first embed is titled; embeds stacked under it are not.
        embed_title = None if embeds else (title if first else continued_title)
        prefix = header if first else ""
        fixed = len(embed_title or "") + len(prefix)
        room = min(Limits.DESCRIPTION - len(prefix), Limits.MESSAGE_EMBED_TOTAL - used - fixed)
        rest = len(body) - pos
        too_little_room = room < min(_MIN_USEFUL_ROOM, rest + len(footer))
        if embeds and (too_little_room or len(embeds) == Limits.MESSAGE_EMBEDS):
            messages.append(MessageSpec(tuple(embeds)))
            embeds, used = [], 0
            continue
        if rest <= room and used + fixed + rest + len(footer) <= Limits.MESSAGE_EMBED_TOTAL:
            end, last = len(body), True
        else:
            limit = min(room, rest - 1) if rest <= room else room
            end = splitter.split_point(max(limit, 1), pos, min_fill=_MIN_FILL) if rest else pos
            last = False
        embed = EmbedSpec(
            title=embed_title,
            description=prefix + body[pos:end],
            footer=footer if last else None,
        )
        embeds.append(embed)
        used += embed.total_chars
        pos = end
        first = False
        if last:
            break
    messages.append(MessageSpec(tuple(embeds)))
    return messages


def thread_name(film_title: str, film_year: int | None) -> str:
    """``Never Let Me Go (2010) — discussion``, at most 100 characters and never empty."""
    suffix = f" ({film_year}) — discussion" if film_year else " — discussion"
    title = clean_single_line(film_title, Limits.THREAD_NAME)
    if not title:
        return "Review discussion"
    return truncate(title, Limits.THREAD_NAME - len(suffix)) + suffix
