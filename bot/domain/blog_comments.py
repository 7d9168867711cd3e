"""A WordPress post's comments, as its REST API gives them, read into the review's comment tree.

``GET /wp-json/wp/v2/comments?post=ID&per_page=100&page=N`` gives approved comments with their
``parent`` (0 at the top), ``author_name``, ``date_gmt`` and ``content.rendered`` (HTML). Each becomes
a comment of the review marked as from the blog, with an id of its own that no Discord message can
have (Discord's ids are positive; these are negative and derived from the review and the blog's
comment id, so reading the same comment again finds the same row).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.domain.html_markdown import html_to_markdown
from bot.domain.models import Comment, Review

__all__ = ["BlogComment", "BlogCommentsError", "blog_comment_id", "blog_message_id", "parse_wordpress_comments",
           "to_comments"]

MAX_AUTHOR = 100
_ID_SPACE = 10**10


class BlogCommentsError(ValueError):
    """The API's answer is not WordPress's comments list."""


@dataclass(frozen=True)
class BlogComment:
    id: int
    parent: int  # 0: a top-level comment
    author: str
    written_at: dt.datetime
    html: str
    link: str | None


def blog_message_id(review_id: int, comment_id: int) -> int:
    """The comment row id of the blog's comment *comment_id* under review *review_id* (negative)."""
    return -(review_id * _ID_SPACE + comment_id % _ID_SPACE)


def blog_comment_id(message_id: int) -> int:
    """The blog's own comment id behind a row id made by :func:`blog_message_id`."""
    return (-message_id) % _ID_SPACE


def _when(raw: Any) -> dt.datetime:
    if not isinstance(raw, str):
        raise BlogCommentsError("a comment has no date_gmt")
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise BlogCommentsError(f"a comment's date_gmt {raw[:30]!r} is not a date") from None
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def parse_wordpress_comments(payload: Any) -> list[BlogComment]:
    if not isinstance(payload, list):
        raise BlogCommentsError("the answer is not a list of comments")
    found = []
    for item in payload:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int) or isinstance(item.get("id"), bool):
            raise BlogCommentsError("a comment has no id")
        if item.get("status", "approved") != "approved" or item.get("type", "comment") != "comment":
            continue  # pingbacks, and anything not approved, are not the discussion
        content = item.get("content")
        html = content.get("rendered", "") if isinstance(content, dict) else ""
        parent = item.get("parent")
        link = item.get("link")
        found.append(BlogComment(
            id=item["id"], parent=parent if isinstance(parent, int) and parent > 0 else 0,
            author=" ".join(str(item.get("author_name") or "A reader").split())[:MAX_AUTHOR] or "A reader",
            written_at=_when(item.get("date_gmt")), html=str(html),
            link=link if isinstance(link, str) and link.startswith(("http://", "https://")) else None))
    return found


def to_comments(review: Review, comments: list[BlogComment]) -> list[Comment]:
    """The blog's comments as rows of *review*'s tree; a reply to a comment the API did not list hangs
    at the top, so nothing is lost."""
    assert review.thread_id is not None
    ids = {c.id for c in comments}
    return [Comment(
        message_id=blog_message_id(review.id, c.id), review_id=review.id, guild_id=review.guild_id,
        thread_id=review.thread_id, author_id=0, author_name=c.author, content=html_to_markdown(c.html),
        created_at=c.written_at,
        parent_id=blog_message_id(review.id, c.parent) if c.parent in ids else None,
        source="blog", url=c.link,
    ) for c in comments]
