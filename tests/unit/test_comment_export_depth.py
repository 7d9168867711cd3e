"""Deep reply chains in the HTML export: nested up to a readable depth, then flattened with "in reply to"."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

from bot.domain.comment_export import HTML_NESTING, export_html, export_json
from bot.domain.models import Comment, Review

T0 = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
REVIEW = Review(id=1, guild_id=10, title="Deep", film_id=1, film_title="Film", film_year=2010, author_id=5,
                byline="Rita", rating=None, body="", created_at=T0, updated_at=T0, channel_id=98, thread_id=99)


def _chain(length: int) -> list[Comment]:
    """Comment 1, a reply to it, a reply to that, … *length* deep, and one more top-level comment."""
    comments = [
        Comment(message_id=1000 + index, review_id=1, guild_id=10, thread_id=99, author_id=100 + index,
                author_name=f"m{index}", content=f"level {index}", created_at=T0 + dt.timedelta(minutes=index),
                parent_id=999 + index if index else None)
        for index in range(length)
    ]
    comments.append(Comment(message_id=5000, review_id=1, guild_id=10, thread_id=99, author_id=7, author_name="last",
                            content="a later top-level comment", created_at=T0 + dt.timedelta(days=1)))
    return comments


class _Nesting(HTMLParser):
    """The deepest nesting of reply lists, and each comment's list depth and "in reply to" target."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.deepest = 0
        self.depth_of: dict[str, int] = {}
        self.reply_to: dict[str, str] = {}
        self._current: str | None = None
        self._in_reply = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "li" and "comment" in (values.get("class") or ""):
            self._current = values["id"]
            self.depth_of[self._current] = self.open.count("children")
        if tag == "span" and values.get("class") == "in-reply-to":
            self._in_reply = True
        if tag == "a" and self._in_reply and self._current:
            self.reply_to[self._current] = (values.get("href") or "").lstrip("#")
        if tag in ("ol", "ul", "li", "span", "div", "article", "header", "details", "p"):
            self.open.append(values.get("class") or tag)
            self.deepest = max(self.deepest, self.open.count("children"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_reply = False
        if tag in ("ol", "ul", "li", "span", "div", "article", "header", "details", "p") and self.open:
            self.open.pop()


def test_a_40_deep_reply_chain_is_drawn_at_most_html_nesting_levels_deep() -> None:
    parser = _Nesting()
    parser.feed(export_html(REVIEW, _chain(40)))
    assert parser.deepest == HTML_NESTING - 1
    assert len(parser.depth_of) == 41  # every comment is on the page
    assert parser.depth_of["comment-5000"] == 0  # and the next top-level comment is back at the top


def test_flattened_replies_say_which_comment_they_reply_to() -> None:
    parser = _Nesting()
    parser.feed(export_html(REVIEW, _chain(20)))
    nested = [f"comment-{1000 + index}" for index in range(HTML_NESTING)]
    assert [parser.depth_of[anchor] for anchor in nested] == list(range(HTML_NESTING))
    assert not any(anchor in parser.reply_to for anchor in nested)
    for index in range(HTML_NESTING, 20):
        assert parser.depth_of[f"comment-{1000 + index}"] == HTML_NESTING - 1
        assert parser.reply_to[f"comment-{1000 + index}"] == f"comment-{1000 + index - 1}"


def test_the_json_export_keeps_the_true_depth_the_html_page_flattens() -> None:
    document = json.loads(export_json(REVIEW, _chain(20)))
    depth, node = 0, document["comments"][0]
    while node["replies"]:
        depth, node = depth + 1, node["replies"][0]
    assert depth == 19
