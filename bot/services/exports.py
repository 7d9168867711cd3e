"""Exporting a review's mirrored discussion, shared by ``/comments export`` and the command line.

Any member may export any thread of their server, and a thread may hold tens of thousands of
comments: the rendering runs off the event loop (:func:`bot.services.workers.run_heavy`), and a file
too large for the server's upload limit is refused in words that point to the command-line export.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from bot.db import Store
from bot.domain import comment_export
from bot.domain.blog_comments import blog_comment_id
from bot.domain.models import Review
from bot.domain.wxr import export_wxr
from bot.errors import UserFacingError
from bot.services.workers import run_heavy

FORMATS = {"json": ("json", "application/json"), "markdown": ("md", "text/markdown"), "html": ("html", "text/html"),
           "wxr": ("xml", "application/rss+xml")}
#: How often one member, and one server, may export: (exports, per seconds). Rendering a thread of
#: thousands of comments takes a worker seconds, and any member of any server may ask.
MEMBER_RATE = (3, 60.0)
SERVER_RATE = (10, 60.0)
_RENDERERS = {
    "json": comment_export.export_json,
    "markdown": comment_export.export_markdown,
    "html": comment_export.export_html,
}


def _wxr(review: Review, comments: list, history: object, *, post_link: str | None) -> str:
    # The blog's own comments are already on the blog: left out, with Discord replies to them kept under them.
    blog_ids = {c.message_id: blog_comment_id(c.message_id) for c in comments if c.source == "blog"}
    return export_wxr(review, comments, post_link=post_link, blog_ids=blog_ids)


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    text: str
    review_id: int
    format: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "review"


async def export_review(store: Store, review: Review, fmt: str, *, locale: str | None = None) -> Export:
    """The discussion of *review* as a file in *fmt*, rendered away from the event loop.

    *locale* (a Discord locale code) is the language of the Markdown and HTML exports' headings and
    labels; English without one. JSON and WXR carry no words of the bot's.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose json, markdown, html or wxr")
    comments = await store.comments.for_review(review.id)
    history = await store.comments.history_for_review(review.id)
    size = len(review.body) + sum(len(comment.content) for comment in comments) + sum(
        len(version.content or "") for versions in history.values() for version in versions
    )
    if fmt == "wxr":  # for WordPress's importer: the post it belongs to is the blog entry it came from
        link = await store.feeds.link_for_review(review.id)
        text = await run_heavy(size, functools.partial(_wxr, post_link=link), review, comments, history)
    else:
        render = _RENDERERS[fmt] if fmt == "json" else functools.partial(_RENDERERS[fmt], locale=locale)
        text = await run_heavy(size, render, review, comments, history)
    extension, content_type = FORMATS[fmt]
    return Export(f"review-{review.id}-{_slug(review.film_title)}-comments.{extension}", content_type, text,
                  review.id, fmt)


def check_upload_size(export: Export, size: int, limit: int) -> None:
    """Refuse an export of *size* bytes that Discord would refuse (413) in a server whose upload limit is *limit*.

    The words name the command-line export, which writes a file of any size.
    """
    if size > limit:
        raise UserFacingError(
            "That export is {size}, more than the {limit} Discord lets me upload in this server, so I can't "
            "attach it. Whoever runs the bot can export it without a limit with {command}.",
            size=_megabytes(size), limit=_megabytes(limit),
            command=f"`reviewbot comments export {export.review_id} --format {export.format} -o FILE`",
        )


def _megabytes(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"
