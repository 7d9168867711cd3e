"""A WordPress post's comments, as its REST API gives them, read into the review's comment tree.

``GET /wp-json/wp/v2/comments?post=ID&per_page=100&page=N`` gives approved comments with their
``parent`` (0 at the top), ``author_name``, ``date_gmt`` and ``content.rendered`` (HTML). Each becomes
a comment of the review marked as from the blog, with an id of its own that no Discord message can
have (Discord's ids are positive; these are negative and derived from the review and the blog's
comment id, so reading the same comment again finds the same row).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from bot.domain.html_markdown import html_to_markdown
from bot.domain.models import Comment, Review
from bot.domain.review_render import clean_single_line, escape_markdown
from bot.domain.splitting import split_markdown
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook

__all__ = ["BlogComment", "BlogCommentsError", "blog_comment_id", "blog_message_id", "parse_wordpress_comments",
           "quote_messages", "to_comments"]

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


#: Discord's limit on a message's content.
MESSAGE_MAX = 2000
#: Messages one blog comment may become; a longer comment ends with a pointer to the blog.
MAX_QUOTE_MESSAGES = 4
#: Discord reads these at the start of a line as a heading, subtext or list: shown literally instead.
_LINE_START = re.compile(r"^( {0,3})(#{1,3}(?= )|-#(?= )|>+)")
#: Mentions, channel links, custom emoji, timestamps and command links: written with a backslash, Discord
#: shows them as typed (no ping is sent anyway: the message is posted with allowed_mentions none).
_ANGLE_TOKEN = re.compile(r"<(?=[@#:]|a:|t:|/)")
_MASS_PING = re.compile(r"@(?=everyone|here)")


def _safe_line(line: str) -> str:
    line = _ANGLE_TOKEN.sub(r"\\<", line)
    line = _MASS_PING.sub("@\u200b", line)
    return _LINE_START.sub(lambda m: m[1] + "\\" + m[2], line)


def _quoted(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def quote_messages(
    comment: Comment, *, reply: bool = False, limit: int = MESSAGE_MAX, book: Phrasebook | None = None,
) -> list[str]:
    """A blog comment as Discord messages: who wrote it and a link to it on the blog, then its text
    as a quote, split to Discord's limit (a long comment continues in further quoted messages).

    The text is the comment's Markdown (converted from the blog's HTML, so formatting and links are
    kept), made literal where Discord would read more into it: mentions and their kin, mass pings,
    headings. Every part is a whole quote, so no part's Markdown leaks into the next.
    """
    _ = book or phrasebook(ENGLISH)
    name = escape_markdown(clean_single_line(comment.author_name, 100)) or _("A reader")
    who = f"**{name}**"
    header = _("{who} replied on the blog", who=who) if reply else _("{who} commented on the blog", who=who)
    if comment.url and ">" not in comment.url and len(comment.url) <= 512:
        header += " · " + _("[see it there]({link})", link=f"<{comment.url}>")
    no_text = _("(no text)")
    # No more can be shown than MAX_QUOTE_MESSAGES messages hold: the rest is not even looked at.
    shown = (comment.content or no_text).strip()[:MAX_QUOTE_MESSAGES * limit + 1]
    lines = [_safe_line(line) for line in shown.split("\n")]
    text = "\n".join(lines) or no_text
    later = "*" + _("{who}, continued", who=name) + "*"
    parts: list[str] = []
    rest = text
    cut_note = "\n*" + _("The rest is on the blog.") + "*"
    while rest:
        room = limit - len(header if not parts else later) - 1
        if len(parts) == MAX_QUOTE_MESSAGES - 1:
            room -= len(cut_note)
        size = room
        while True:  # the longest first piece whose quote fits (each line's "> " takes room too)
            # Only the next stretch is read: splitting the whole rest each time would be quadratic.
            piece = split_markdown(rest[:room + 1], size)[0]
            quoted = _quoted(piece.strip("\n"))
            if len(quoted) <= room or size == 1:
                break
            size = max(1, min(size - 1, len(piece) * room // len(quoted)))
        rest = rest[len(piece):]
        if quoted.strip("> \n"):
            parts.append(f"{header if not parts else later}\n{quoted}")
        if len(parts) == MAX_QUOTE_MESSAGES and rest.strip():
            parts[-1] += cut_note  # one hostile comment cannot fill a thread
            break
    return parts or [f"{header}\n> {no_text}"]
