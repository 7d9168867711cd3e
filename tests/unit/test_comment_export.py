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
from bot.domain.models import Attachment, Comment, CommentVersion, Mention, Review

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
        "id", "source", "author", "content", "created_at", "edited_at", "deleted", "is_bot", "attachments",
        "mentions", "history", "replies",
    }
    assert first["source"] == "discord"  # a blog comment says "blog" and carries its "url" too
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
    assert "## 3 thoughts on “Film Review: Never Let Me Go”" in text
    assert "### 1. user1 · 20 November 2026 at 18:01 UTC" in text
    assert "> ### 1.1. user2 · 20 November 2026 at 18:02 UTC · edited 20 November 2026 at 19:00 UTC" in text
    assert "> ### 1.2. *[deleted]*" in text
    assert "> > ### 1.2.1. user4 (bot)" in text
    assert "- 📎 [still.png](<https://cdn.example/still.png?a=1&b=2>) (2 KB)" in text
    assert "secret" not in text


def test_markdown_escapes_author_names() -> None:
    text = export_markdown(REVIEW, [comment(1, author_name="*bold* <b>")])
    assert "\\*bold\\* &lt;b&gt;" in text


def test_html_is_one_self_contained_page() -> None:
    page = export_html(REVIEW, COMMENTS)
    assert page.startswith("<!DOCTYPE html>")
    tags = tags_of(page)
    names = {tag for tag, _ in tags}
    assert "script" not in names
    assert not {"link", "img", "iframe", "object", "embed"} & names
    assert all(attrs.get("href", "#").startswith(("#", "https://", "http://")) for _, attrs in tags)
    assert "<style>" in page
    assert "<h2>3 thoughts on “Film Review: Never Let Me Go”</h2>" in page


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


# --- Discord syntax, the review, bot answers, validity and edit history -------------------------

WIKI = "https://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film)"
MENTIONS = (Mention("user", 201, "Ann"), Mention("role", 300, "Moderators"), Mention("channel", 400, "general"))
SPOILER = "It ends ||Kathy becomes a carer|| and I cried."
WITH_NAMES = "<@201> and <@&300>, see <#400> <:blobcat:123456789012345678>"


def test_html_hides_spoilers_until_clicked_without_a_script() -> None:
    page = export_html(REVIEW, [comment(1, content=SPOILER)])
    assert "||" not in page
    assert re.search(r'<label class="spoiler"><input type="checkbox"[^>]*><span class="spoiler-text">'
                     r"Kathy becomes a carer</span></label>", page)
    css = page[page.index("<style>"):page.index("</style>")]
    assert ".spoiler input:not(:checked) + .spoiler-text { background: var(--muted); color: transparent; }" in css
    assert ".spoiler input:checked + .spoiler-text" in css
    assert "<script" not in page


def test_markdown_keeps_spoiler_bars_and_json_keeps_the_text_as_posted() -> None:
    comments = [comment(1, content=SPOILER + " " + WITH_NAMES, mentions=MENTIONS)]
    assert "It ends ||Kathy becomes a carer|| and I cried." in export_markdown(REVIEW, comments)
    [exported] = json.loads(export_json(REVIEW, comments))["comments"]
    assert exported["content"] == SPOILER + " " + WITH_NAMES
    assert exported["mentions"] == [  # what the ids stood for, for readers of the raw text
        {"kind": "user", "id": "201", "name": "Ann"}, {"kind": "role", "id": "300", "name": "Moderators"},
        {"kind": "channel", "id": "400", "name": "general"},
    ]


def test_mentions_and_custom_emoji_read_as_names_in_html_and_markdown() -> None:
    comments = [comment(1, content=WITH_NAMES, mentions=MENTIONS), comment(2, content="thanks <@101>, not <@999>")]
    page = export_html(REVIEW, comments)
    assert ('<span class="mention">@Ann</span> and <span class="mention">@Moderators</span>, see '
            '<span class="mention">#general</span> <span class="emoji">:blobcat:</span>') in page
    assert '<span class="mention">@user1</span>, not <span class="mention">@unknown-user</span>' in page
    assert "&lt;@" not in page and "&lt;#" not in page and "&lt;:" not in page
    text = export_markdown(REVIEW, comments)
    assert "@Ann and @Moderators, see \\#general :blobcat:" in text
    assert "thanks @user1, not @unknown-user" in text


def test_html_links_with_parentheses_are_whole() -> None:
    page = export_html(REVIEW, [comment(1, content=f"The film: {WIKI}. And [again]({WIKI}).")])
    assert re.findall(r'<a href="([^"]*)" rel="nofollow noopener">', page) == [WIKI, WIKI]


class _Elements(HTMLParser):
    """Each element's tag, classes and whether it sits inside a deleted comment's own <article>."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[tuple[str, set[str]]] = []
        self.found: list[tuple[str, set[str], bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = set((dict(attrs).get("class") or "").split())
        in_tombstone = False
        for index, (open_tag, open_classes) in enumerate(self.open):
            if open_tag == "li" and "comment" in open_classes:  # the innermost comment decides
                in_tombstone = "deleted" in open_classes and self.open[index + 1:index + 2] == [("article", set())]
        self.found.append((tag, classes, in_tombstone))
        if tag not in ("meta", "br", "input"):
            self.open.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop()[0] == tag:
                break


def test_only_a_tombstone_is_greyed_not_the_replies_under_it() -> None:
    comments = [comment(1), comment(2, 1, deleted=True), comment(3, 2, content="a live reply")]
    page = export_html(REVIEW, comments)
    css = page[page.index("<style>") + 7:page.index("</style>")]
    italic = [selector.strip() for selector, body in re.findall(r"([^{}]+)\{([^}]*)\}", css) if "italic" in body]
    assert italic, "tombstones are drawn in italics"
    parser = _Elements()
    parser.feed(page)
    for selector in italic:
        # a compound class selector (no descendant combinator that could reach into the replies)
        assert re.fullmatch(r"[a-z]*(\.[\w-]+)+", selector), selector
        tag, *classes = selector.split(".")
        matched = [inside for name, have, inside in parser.found if (not tag or name == tag) and set(classes) <= have]
        assert matched and all(matched), f"{selector} styles something that is not a tombstone"
    assert "a live reply" in page


def test_html_shows_the_review_itself_above_the_discussion() -> None:
    review = Review(**{**REVIEW.__dict__, "body": "A **quiet**, devastating film.\n\nThe ending ||hurts||."})
    page = export_html(review, [comment(1)])
    body = page.index('<div class="review-body"><p>A <strong>quiet</strong>, devastating film.</p>')
    assert page.index("<h1>") < body < page.index('<section class="comments"')
    assert '<span class="spoiler-text">hurts</span>' in page
    assert "A \\*\\*quiet\\*\\*" not in export_markdown(review, [])  # the body is Markdown already, not escaped
    assert "A **quiet**, devastating film." in export_markdown(review, [])


def test_bot_answers_are_shown_marked_and_not_counted_as_thoughts() -> None:
    comments = [comment(1), comment(2, 1, is_bot=True, author_name="Reviewbot", content="Out since 2011.")]
    page = export_html(REVIEW, comments)
    assert "<h2>1 thought on “Film Review: Never Let Me Go”</h2>" in page
    assert re.search(r'<li class="comment by-bot" id="comment-2">.*?Reviewbot <span class="bot-badge"[^>]*>bot</span>'
                     r".*?Out since 2011\.", page)
    text = export_markdown(REVIEW, comments)
    assert "## 1 thought on “Film Review: Never Let Me Go”" in text
    assert "> ### 1.1. Reviewbot (bot)" in text and "> Out since 2011." in text


def test_html_datetime_attributes_are_valid_html_dates() -> None:
    precise = dt.datetime(2026, 11, 20, 18, 5, 7, 654321, tzinfo=dt.UTC)
    comments = [comment(1, created_at=precise, edited_at=precise + dt.timedelta(minutes=1)), comment(2, 1)]
    page = export_html(Review(**{**REVIEW.__dict__, "created_at": precise}), comments,
                       {1: [CommentVersion("before", None, precise)]})
    values = re.findall(r'datetime="([^"]*)"', page)
    assert len(values) >= 5
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,3})?)?Z", value) for value in values), values
    assert "2026-11-20T18:05:07.654Z" in values


EDITED = T0 + dt.timedelta(hours=2)
VERSIONS = {1: [CommentVersion("first take", None, T0 + dt.timedelta(hours=3)),
                CommentVersion("second ||take||", T0 + dt.timedelta(hours=1), T0 + dt.timedelta(hours=3))]}


def test_json_carries_each_comments_earlier_versions_with_their_times() -> None:
    comments = [comment(1, content="third take", edited_at=EDITED), comment(2)]
    document = json.loads(export_json(REVIEW, comments, VERSIONS))
    first, second = document["comments"]
    assert first["history"] == [
        {"content": "first take", "written_at": "2026-11-20T18:01:00Z", "replaced_at": "2026-11-20T19:00:00Z"},
        {"content": "second ||take||", "written_at": "2026-11-20T19:00:00Z", "replaced_at": "2026-11-20T20:00:00Z"},
    ]
    assert first["content"] == "third take" and first["edited_at"] == "2026-11-20T20:00:00Z"
    assert second["history"] == []


def test_html_says_when_a_comment_was_edited_and_folds_its_earlier_versions() -> None:
    page = export_html(REVIEW, [comment(1, content="third take", edited_at=EDITED)], VERSIONS)
    assert ' · edited <time datetime="2026-11-20T20:00:00Z">20 November 2026 at 20:00 UTC</time>' in page
    folded = re.search(r'<details class="history"><summary>2 earlier versions</summary>(.*?)</details>', page)
    assert folded is not None
    assert "first take" in folded.group(1) and '<span class="spoiler-text">take</span>' in folded.group(1)
    assert "<details" not in export_html(REVIEW, [comment(2)], VERSIONS)


def test_headings_people_write_sit_under_the_pages_own() -> None:
    review = Review(**{**REVIEW.__dict__, "body": "# Verdict\n\nGood."})
    page = export_html(review, [comment(1, content="# Loud\n## louder")])
    assert page.count("<h1>") == 1  # the review's title alone
    assert "<h2>Verdict</h2>" in page
    assert "<h3>Loud</h3>" in page and "<h4>louder</h4>" in page
