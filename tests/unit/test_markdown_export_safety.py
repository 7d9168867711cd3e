"""The Markdown export rendered by a permissive renderer (raw HTML on) is still a safe page.

Published exports go through blog engines that pass HTML through, so each test renders the export
with markdown-it-py in CommonMark mode with ``html=True`` and with Python-Markdown (its "extra"
extensions: attribute lists, fenced code, tables, footnotes) and checks the DOM: no script or other
active element, no HTML comment, no event-handler attribute, no link that is not http(s), and
exactly one comment header (an ``<h3>`` in the comment section) per comment.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from html.parser import HTMLParser

import markdown
import pytest
from markdown_it import MarkdownIt

from bot.domain.comment_export import export_markdown
from bot.domain.models import Comment, Review
from bot.domain.safe_markdown import safe_block, safe_inline

T0 = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
SAFE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "blockquote", "em", "strong", "code", "pre", "ul", "ol",
             "li", "a", "hr", "br", "del", "s", "table", "thead", "tbody", "tr", "th", "td"}

HOSTILE = [
    "<script>alert(1)</script>",
    "<!-- everything after this is hidden",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](jav&#97;script:alert(1))",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "\\<script>alert(1)</script>",
    "&lt;script&gt; &#60;script&#62;",
    "text {: onclick=\"alert(1)\" }",
    "```\nan unclosed fence swallows the comments after it",
    "~~~~\nanother unclosed fence",
    "> ```\n> a fence inside a quote",
    "- ```\n  a fence inside a list",
    "- x\n   ```\n   a fence in a list item's text",
    "1. x\n   ~~~\n   a tilde fence in an ordered list",
    "- a\n\n  ```\n\nafter a blank line",
    "````\n```\nan inner fence that does not close the outer one",
    "### 9. Ben · 20 November 2026 at 18:05 UTC\n\nforged",
    "Ben · 20 November 2026 at 18:05 UTC\n===",
    "Ben · 20 November 2026\n---",
    "> ### 9. Ben · 20 November 2026",
    "- # 9. Ben",
    "<div onmouseover=alert(1)>\n\n**hi**\n\n</div>",
    "<style>body{display:none}</style>",
    "<iframe src=https://evil.example>",
    "<t:99999999999999999:R> <@1> <x onclick=alert(1)>",
]


def _comment(message_id: int, content: str, *, name: str | None = None, parent_id: int | None = None) -> Comment:
    return Comment(
        message_id=message_id, review_id=1, guild_id=10, thread_id=99, author_id=100 + message_id,
        author_name=name or f"member{message_id}", content=content,
        created_at=T0 + dt.timedelta(minutes=message_id), parent_id=parent_id,
    )


def _review(title: str = "A review", body: str = "The review.", byline: str = "Rita") -> Review:
    return Review(
        id=1, guild_id=10, title=title, film_id=1, film_title="Never Let Me Go", film_year=2010, author_id=5,
        byline=byline, rating=4.0, body=body, created_at=T0, updated_at=T0, channel_id=98, thread_id=99,
    )


class _Dom(HTMLParser):
    """The tags, attributes, comments and the comment section's <h3> headers of a rendered page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.headers: list[str] = []
        self._in_section = False
        self._h3: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "h3" and self._in_section:
            self._h3 = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._h3 is not None:
            self.headers.append("".join(self._h3))
            self._h3 = None

    def handle_data(self, data: str) -> None:
        if self._h3 is not None:
            self._h3.append(data)
        if "thoughts on" in data or "thought on" in data:
            self._in_section = True

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


#: Renderers that pass raw HTML through, as blog engines use them.
RENDERERS = {
    "markdown-it commonmark html": lambda text: MarkdownIt("commonmark", {"html": True}).render(text),
    "Python-Markdown extra": lambda text: markdown.markdown(text, extensions=["extra"]),
}


@pytest.fixture(params=list(RENDERERS))
def render(request: pytest.FixtureRequest) -> Callable[[str], _Dom]:
    """Each permissive renderer in turn, its output parsed into a :class:`_Dom`."""
    to_html = RENDERERS[request.param]

    def parse(text: str) -> _Dom:
        dom = _Dom()
        dom.feed(to_html(text))
        dom.close()
        return dom

    return parse


def _assert_safe(dom: _Dom) -> None:
    assert not dom.comments, dom.comments
    for tag, attrs in dom.tags:
        assert tag in SAFE_TAGS, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src"):
                assert (value or "").lower().startswith(("http://", "https://")), (tag, value)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_comment_renders_safely_and_cannot_forge_or_hide_headers(render, hostile: str) -> None:
    comments = [_comment(1, "before"), _comment(2, hostile), _comment(3, "after"), _comment(4, "a reply", parent_id=3)]
    dom = render(export_markdown(_review(), comments))
    _assert_safe(dom)
    assert [header.split(" · ")[0] for header in dom.headers] == [
        "1. member1", "2. member2", "3. member3", "3.1. member4",
    ]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_reply_cannot_swallow_the_replies_after_it(render, hostile: str) -> None:
    comments = [_comment(1, "top"), _comment(2, hostile, parent_id=1), _comment(3, "deeper", parent_id=2),
                _comment(4, "next top")]
    dom = render(export_markdown(_review(), comments))
    _assert_safe(dom)
    assert [header.split(" · ")[0] for header in dom.headers] == ["1. member1", "1.1. member2", "1.1.1. member3",
                                                                  "2. member4"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_a_hostile_review_body_title_or_byline_renders_safely(render, hostile: str) -> None:
    review = _review(title=hostile.splitlines()[0], body=hostile, byline=hostile.splitlines()[0])
    dom = render(export_markdown(review, [_comment(1, "first"), _comment(2, "second")]))
    _assert_safe(dom)
    assert [header.split(" · ")[0] for header in dom.headers] == ["1. member1", "2. member2"]


@pytest.mark.parametrize("name", ["<b onmouseover=alert(1)>Ann</b>", "Ann</h3><script>x</script>", "*Ann* [x](y)",
                                  "<!--", "1. Ann", "# Ann", "Ann {: onclick=x}"])
def test_author_names_show_literally_in_the_header(render, name: str) -> None:
    dom = render(export_markdown(_review(), [_comment(1, "hi", name=name)]))
    _assert_safe(dom)
    assert [header.split(" · ")[0] for header in dom.headers] == [f"1. {name}"]


def test_formatting_people_wrote_is_kept() -> None:
    text = export_markdown(_review(body="A **quiet** film.\n\n## Verdict\n\nSee it."),
                           [_comment(1, "I *loved* it, `code` and ||a spoiler||\n\n> quoted\n\n- a\n- b")])
    html = MarkdownIt("commonmark", {"html": True}).render(text)
    assert "<strong>quiet</strong>" in html and "<h3>Verdict</h3>" in html
    assert "<em>loved</em>" in html and "<code>code</code>" in html and "||a spoiler||" in html
    assert "<blockquote>\n<p>quoted</p>" in html and "<li>a</li>" in html


def _best_seconds(text: str) -> float:
    """The fastest of three runs: the least disturbed by whatever else the machine is doing."""
    timings = []
    for _ in range(3):
        started = time.process_time()
        safe_block(text)
        safe_inline(text)
        timings.append(time.process_time() - started)
    return max(min(timings), 1e-4)


@pytest.mark.parametrize("unit", [" ", "\t", "- ", "> ", "-", "=", "[", "``` ", "# ", "1. ", "&<"],
                         ids=lambda unit: repr(unit))
def test_making_text_safe_is_linear_in_its_length(unit: str) -> None:
    # Eight times the text may take about eight times as long; a quadratic pass would take 64 times.
    small, large = unit * 2_000 + "x", unit * 16_000 + "x"
    assert _best_seconds(large) / _best_seconds(small) < 30
