"""export_json, export_markdown and export_html: the documented shape, and nothing hostile gets through."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

from bot.domain.comment_export import (
    export_html,
    export_json,
    export_markdown,
    iso_utc,
    render_safe_markdown,
)
from bot.domain.models import Attachment, Comment, Review

T0 = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
BIG = 1_234_567_890_123_456_789  # a snowflake beyond 2**53
REVIEW = Review(
    id=1, guild_id=10, title="Film Review: Never Let Me Go", film_id=3, film_title="Never Let Me Go",
    film_year=2010, author_id=BIG, byline="Reviewbot sample", rating=4.5, body="…", created_at=T0,
    updated_at=T0, channel_id=BIG + 1, thread_id=BIG + 2,
)
STILL = Attachment("still.png", "https://cdn.example/still.png?a=1&b=2", 2048, "image/png")


def comment(message_id: int, parent_id: int | None = None, **changes: object) -> Comment:
    values: dict[str, object] = {
        "message_id": message_id, "review_id": 1, "guild_id": 10, "thread_id": BIG + 2,
        "author_id": 100 + message_id, "author_name": f"user{message_id}", "content": f"text {message_id}",
        "created_at": T0 + dt.timedelta(minutes=message_id), "parent_id": parent_id,
    }
    values.update(changes)
    return Comment(**values)  # type: ignore[arg-type]


COMMENTS = [
    comment(1, attachments=(STILL,)),
    comment(2, 1, edited_at=T0 + dt.timedelta(hours=1)),
    comment(3, 1, deleted=True, content="secret", attachments=(STILL,)),
    comment(4, 3, is_bot=True),
    comment(5, parent_id=999),
]

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[click me](javascript:alert(1))",
    "[click me](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    '[x](https://ok.example/" onmouseover="alert(1))',
    "' onfocus='alert(1)' autofocus='",
    "`<b>code</b>`",
    "**<i>bold</i>**",
    "<a href=javascript:alert(1)>x</a>",
    "</p></div></li></ol><script>alert(1)</script>",
]


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = TagCollector()
    parser.feed(page)
    return parser.tags


def test_json_has_the_documented_shape() -> None:
    document = json.loads(export_json(REVIEW, COMMENTS))
    assert document["review"] == {
        "id": "1",
        "title": "Film Review: Never Let Me Go",
        "film": {"title": "Never Let Me Go", "year": 2010},
        "author": {"id": str(BIG), "name": "Reviewbot sample"},
        "posted_at": "2026-11-20T18:00:00Z",
        "channel_id": str(BIG + 1),
        "thread_id": str(BIG + 2),
    }
    first = document["comments"][0]
    assert set(first) == {
        "id", "author", "content", "created_at", "edited_at", "deleted", "is_bot", "attachments", "replies",
    }
    assert first["attachments"] == [
        {"filename": "still.png", "url": STILL.url, "size": 2048, "content_type": "image/png"}
    ]
    assert first["created_at"] == "2026-11-20T18:01:00Z"


def test_json_ids_are_strings_so_javascript_keeps_them_exact() -> None:
    document = json.loads(export_json(REVIEW, COMMENTS))
    ids = re.findall(r'"id": (\S+?)[,\n]', export_json(REVIEW, COMMENTS))
    assert ids and all(value.startswith('"') or value == "null" for value in ids)
    assert document["review"]["author"]["id"] == "1234567890123456789"


def test_json_comments_nest_as_a_tree_with_orphans_at_the_top() -> None:
    document = json.loads(export_json(REVIEW, COMMENTS))
    assert [node["id"] for node in document["comments"]] == ["1", "5"]
    replies = document["comments"][0]["replies"]
    assert [node["id"] for node in replies] == ["2", "3"]
    assert [node["id"] for node in replies[1]["replies"]] == ["4"]
    assert replies[1]["replies"][0]["is_bot"] is True
    assert replies[0]["edited_at"] == "2026-11-20T19:00:00Z"


def test_json_deleted_comments_keep_no_content_or_attachments() -> None:
    deleted = json.loads(export_json(REVIEW, COMMENTS))["comments"][0]["replies"][1]
    assert deleted["deleted"] is True
    assert deleted["content"] is None
    assert deleted["attachments"] == []
    assert deleted["author"] == {"id": None, "name": None}
    assert "secret" not in export_json(REVIEW, COMMENTS)


def test_json_of_an_empty_thread_has_no_comments() -> None:
    assert json.loads(export_json(REVIEW, []))["comments"] == []


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "2026-01-02T03:04:05Z"),
        (dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))), "2026-01-02T01:04:05Z"),
        (dt.datetime(2026, 1, 2, 3, 4, 5), "2026-01-02T03:04:05Z"),
        (None, None),
    ],
)
def test_times_are_iso_8601_utc(moment: dt.datetime | None, expected: str | None) -> None:
    assert iso_utc(moment) == expected


def test_markdown_reads_like_a_comment_section_with_quoted_replies() -> None:
    text = export_markdown(REVIEW, COMMENTS)
    assert "## 4 thoughts on “Film Review: Never Let Me Go”" in text
    assert "**1. user1** · 20 November 2026 at 18:01 UTC" in text
    assert "> **1.1. user2** · 20 November 2026 at 18:02 UTC (edited)" in text
    assert "> **1.2.** *[deleted]*" in text
    assert "> > **1.2.1. user4 (bot)**" in text
    assert "- 📎 [still.png](<https://cdn.example/still.png?a=1&b=2>) (2 KB)" in text
    assert "secret" not in text


def test_markdown_escapes_author_names() -> None:
    text = export_markdown(REVIEW, [comment(1, author_name="*bold* <b>")])
    assert "\\*bold\\* \\<b\\>" in text


def test_html_is_one_self_contained_page() -> None:
    page = export_html(REVIEW, COMMENTS)
    assert page.startswith("<!DOCTYPE html>")
    tags = tags_of(page)
    names = {tag for tag, _ in tags}
    assert "script" not in names
    assert not {"link", "img", "iframe", "object", "embed"} & names
    assert all(attrs.get("href", "#").startswith(("#", "https://", "http://")) for _, attrs in tags)
    assert "<style>" in page
    assert "<h2>4 thoughts on “Film Review: Never Let Me Go”</h2>" in page


def test_html_nests_replies_and_shows_tombstones() -> None:
    page = export_html(REVIEW, COMMENTS)
    assert page.count('<ol class="children">') == 2
    assert '<li class="comment deleted" id="comment-3">' in page
    assert "<p>[deleted]</p>" in page
    assert "secret" not in page


def test_html_of_an_empty_thread_says_no_thoughts_yet() -> None:
    assert "No thoughts yet on" in export_html(REVIEW, [])


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("where", ["content", "author_name", "title", "byline", "filename", "film_title"])
def test_html_escapes_hostile_input_everywhere(hostile: str, where: str) -> None:
    review, comments = REVIEW, [comment(1)]
    if where in ("content", "author_name"):
        comments = [comment(1, **{where: hostile})]
    elif where == "filename":
        comments = [comment(1, attachments=(Attachment(hostile, hostile, 1, None),))]
    else:
        review = Review(**{**REVIEW.__dict__, where: hostile})
    tags = tags_of(export_html(review, comments))
    assert {tag for tag, _ in tags} <= {
        "html", "head", "meta", "title", "style", "body", "main", "article", "h1", "h2", "p", "section",
        "ol", "li", "header", "a", "span", "time", "div", "ul", "strong", "em", "code", "br",
    }
    for _, attrs in tags:
        assert not any(name.startswith("on") or name in ("src", "autofocus") for name in attrs)
        href = attrs.get("href")
        assert href is None or href.startswith(("#", "https://", "http://"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "<p>plain</p>"),
        ("one\ntwo", "<p>one<br>\ntwo</p>"),
        ("one\n\ntwo", "<p>one</p>\n<p>two</p>"),
        ("**bold** and *it* and _it_", "<p><strong>bold</strong> and <em>it</em> and <em>it</em></p>"),
        ("`a <b> c`", "<p><code>a &lt;b&gt; c</code></p>"),
        ("`**not bold**`", "<p><code>**not bold**</code></p>"),
        (
            "[site](https://example.com/?a=1&b=2)",
            '<p><a href="https://example.com/?a=1&amp;b=2" rel="nofollow noopener">site</a></p>',
        ),
        ("see https://example.com/x.", '<p>see <a href="https://example.com/x" rel="nofollow noopener">'
         "https://example.com/x</a>.</p>"),
        ("[bad](javascript:alert(1))", "<p>[bad](javascript:alert(1))</p>"),
        ("[rel](/relative/path)", "<p>[rel](/relative/path)</p>"),
        ("<script>x</script>", "<p>&lt;script&gt;x&lt;/script&gt;</p>"),
        ("snake_case_name", "<p>snake_case_name</p>"),
        ("", "<p><em>(no text)</em></p>"),
        (
            "[`code` link](https://e.x/)",
            '<p><a href="https://e.x/" rel="nofollow noopener"><code>code</code> link</a></p>',
        ),
    ],
)
def test_safe_markdown_renders_only_the_allowed_subset(text: str, expected: str) -> None:
    assert render_safe_markdown(text) == expected


def test_a_very_deep_thread_exports_without_recursion_errors() -> None:
    chain = [comment(1), *(comment(i, i - 1) for i in range(2, 2000))]
    assert export_html(REVIEW, chain).count('<li class="comment"') == 1999
    assert len(json.loads(export_json(REVIEW, chain))["comments"]) == 1
