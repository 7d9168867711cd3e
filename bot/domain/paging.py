"""Lay listed output out as pages that Discord accepts, measured by their final rendered length.

Discord refuses a message whose content is over 2,000 characters (an embed description over 4,096,
a field value over 1,024, a message's embeds over 6,000 together) with 400 "Invalid Form Body", and it
counts characters as Unicode code points, which is what ``len`` of a Python string counts. So a page
is measured as it will be sent: its header, its items, its trailer and its "-# Page N of M" footer
together, never an estimate of some of them. An item too long for a page on its own is split at the
best boundary :func:`bot.domain.splitting.split_markdown` finds (lines, sentences, words; never
inside a Markdown span that fits), so nothing is lost and no page is refused, whatever the input.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.domain.splitting import split_markdown
from bot.domain.translations import Phrasebook

__all__ = [
    "EMBEDS_PER_MESSAGE",
    "EMBED_DESCRIPTION",
    "EMBED_FIELD_VALUE",
    "FOOTER_GAP",
    "MESSAGE_CONTENT",
    "page_footer",
    "paginate",
    "rendered_length",
]

MESSAGE_CONTENT = 2000
EMBED_DESCRIPTION = 4096
EMBED_FIELD_VALUE = 1024
EMBEDS_PER_MESSAGE = 6000
#: between a page's body and its footer
FOOTER_GAP = "\n\n"
#: the least room a page must leave for items once header, trailer and footer are counted
MIN_BODY = 200


def rendered_length(text: str) -> int:
    """Length as Discord counts it for its limits: Unicode code points (not bytes, not UTF-16 units)."""
    return len(text)


def page_footer(number: int, total: int) -> str:
    """The small-print line under each page of a paged answer."""
    return f"-# Page {number} of {total}"


def page_footer_in(_: Phrasebook) -> Callable[[int, int], str]:
    """:func:`page_footer` in *_*'s language, for :func:`paginate`'s ``footer``."""
    return lambda number, total: "-# " + _("Page {number} of {total}", number=number, total=total)


def paginate(
    items: Iterable[str],
    *,
    limit: int = MESSAGE_CONTENT,
    header: str = "",
    trailer: str = "",
    separator: str = "\n",
    footer: Callable[[int, int], str] = page_footer,
    empty: str = "Nothing to show.",
) -> list[str]:
    """Pack *items* in order into pages of at most *limit* characters each, as finally rendered.

    Every page is ``header + items joined by separator + trailer``, plus ``FOOTER_GAP + footer(n, total)``
    when there is more than one page; *header* and *trailer* repeat on every page (a table's column
    heads and its closing fence, say) and carry their own line breaks. One page needs no footer.
    """
    items = [item for item in items if item]
    fixed = rendered_length(header) + rendered_length(trailer)
    if not items:
        return [(header + trailer).rstrip() or empty]
    whole = header + separator.join(items) + trailer
    if rendered_length(whole) <= limit:
        return [whole]
    digits = 1
    while True:
        widest = footer(10**digits - 1, 10**digits - 1)
        budget = limit - fixed - rendered_length(FOOTER_GAP + widest)
        if budget < MIN_BODY:
            raise ValueError(f"a page of {limit} leaves only {budget} characters for items once its "
                             "header, trailer and footer are counted")
        bodies = _pack(items, budget, separator)
        if len(bodies) < 10**digits:
            break
        digits += 1
    total = len(bodies)
    return [f"{header}{body}{trailer}{FOOTER_GAP}{footer(n, total)}" for n, body in enumerate(bodies, start=1)]


def _pack(items: list[str], budget: int, separator: str) -> list[str]:
    """Greedy packing of *items* (each split first if longer than *budget*) into bodies within *budget*."""
    bodies: list[str] = []
    current: list[str] = []
    used = 0
    for item in items:
        for piece in _pieces(item, budget):
            cost = rendered_length(piece) + (rendered_length(separator) if current else 0)
            if current and used + cost > budget:
                bodies.append(separator.join(current))
                current, used = [], 0
                cost = rendered_length(piece)
            current.append(piece)
            used += cost
    if current:
        bodies.append(separator.join(current))
    return bodies


def _pieces(item: str, budget: int) -> list[str]:
    """*item* itself when it fits a page, else its parts split at safe boundaries (trailing spaces dropped)."""
    if rendered_length(item) <= budget:
        return [item]
    parts = (part.rstrip() for part in split_markdown(item, budget))
    return [part for part in parts if part]
