"""Discord Markdown to HTML: spoilers stay hidden, mentions read as names, links keep their parentheses."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.domain.discord_markdown import Names, html_datetime, plain_text, to_html
from bot.domain.models import Mention

NAMES = Names.collect(
    [Mention("user", 80, "Ann Member"), Mention("role", 81, "Moderators"), Mention("channel", 82, "general")],
    authors=[(83, "Ben")],
)
WIKI = "https://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film)"


def test_a_spoiler_is_hidden_in_a_click_to_reveal_label_that_needs_no_script() -> None:
    rendered = to_html("It ends ||with a death|| you see coming.")
    assert "||" not in rendered
    hidden = re.search(
        r'<label class="spoiler"><input type="checkbox"[^>]*><span class="spoiler-text">(.*?)</span></label>', rendered
    )
    assert hidden is not None and hidden.group(1) == "with a death"


@pytest.mark.parametrize(
    ("text", "secrets"),
    [
        ("|| spaced out ||", [" spaced out "]),
        ("||one|| and ||two||", ["one", "two"]),
        ("||**bold** secret||", ["<strong>bold</strong> secret"]),
        ("||over\ntwo lines||", ["over<br>\ntwo lines"]),
        ("||https://example.com/a_(b)||", ['<a href="https://example.com/a_(b)" rel="nofollow noopener">'
                                           "https://example.com/a_(b)</a>"]),
    ],
)
def test_spoilers_as_discord_writes_them(text: str, secrets: list[str]) -> None:
    assert re.findall(r'<span class="spoiler-text">(.*?)</span></label>', to_html(text), re.DOTALL) == secrets


def test_a_spoiler_over_several_paragraphs_hides_each_of_them() -> None:
    rendered = to_html("||Kathy\n\n- dies\n- early\n\n```\nthe end\n```\n\nat the end|| of the film")
    hidden = re.findall(r'<span class="spoiler-text">(.*?)</span></label>', rendered)
    assert hidden == ["Kathy", "dies", "early", "at the end"]
    assert '<details class="spoiler-block"><summary>Spoiler</summary><pre><code>the end' in rendered
    assert rendered.endswith("</label> of the film</p>")


@pytest.mark.parametrize("text", ["||never closed\n\nlater", "*a ||b*\n\nc||"])
def test_bars_that_cannot_pair_across_paragraphs_stay_text(text: str) -> None:
    rendered = to_html(text)
    assert "spoiler" not in rendered and rendered.count("||") == text.count("||")


@pytest.mark.parametrize("text", ["a | b", "||never closed", "`||code||`"])
def test_bars_that_are_not_a_spoiler_stay_text(text: str) -> None:
    assert "spoiler" not in to_html(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<@80>", '<span class="mention">@Ann Member</span>'),
        ("<@!80>", '<span class="mention">@Ann Member</span>'),
        ("<@83>", '<span class="mention">@Ben</span>'),
        ("<@&81>", '<span class="mention">@Moderators</span>'),
        ("<#82>", '<span class="mention">#general</span>'),
        ("<@99>", '<span class="mention">@unknown-user</span>'),
        ("<@&99>", '<span class="mention">@deleted-role</span>'),
        ("<#99>", '<span class="mention">#unknown</span>'),
        ("<:blobcat:123456789012345678>", '<span class="emoji">:blobcat:</span>'),
        ("<a:dance:123456789012345678>", '<span class="emoji">:dance:</span>'),
        ("<t:1700000000:F>", '<time datetime="2023-11-14T22:13:20Z">Tuesday, 14 November 2023 at 22:13 UTC</time>'),
        ("<t:1700000000:d>", '<time datetime="2023-11-14T22:13:20Z">14 November 2023</time>'),
        ("<t:1700000000>", '<time datetime="2023-11-14T22:13:20Z">14 November 2023 at 22:13 UTC</time>'),
    ],
)
def test_mentions_emoji_and_timestamps_read_as_names_and_dates(text: str, shown: str) -> None:
    assert to_html(text, NAMES) == f"<p>{shown}</p>"


def test_a_hostile_name_is_escaped() -> None:
    names = Names.collect([Mention("user", 1, "<img src=x onerror=alert(1)>")])
    assert to_html("<@1>", names) == '<p><span class="mention">@&lt;img src=x onerror=alert(1)&gt;</span></p>'


def test_mentions_in_code_stay_as_written() -> None:
    assert to_html("`<@80>`", NAMES) == "<p><code>&lt;@80&gt;</code></p>"


def test_a_timestamp_no_date_can_hold_stays_text() -> None:
    assert to_html("<t:99999999999999>") == "<p>&lt;t:99999999999999&gt;</p>"


@pytest.mark.parametrize(
    "text",
    [f"see {WIKI}", f"see {WIKI}.", f"({WIKI})", f"[the article]({WIKI})", f"<{WIKI}>"],
)
def test_links_keep_their_parentheses(text: str) -> None:
    hrefs = re.findall(r'<a href="([^"]*)" rel="nofollow noopener">', to_html(text))
    assert hrefs == [WIKI]


@pytest.mark.parametrize(
    "text", ["www.example.com", "ann@example.com", "[x](javascript:alert(1))", "[x](/relative)", "![i](https://e.x/a.png)"]
)
def test_only_absolute_http_links_are_links_and_no_image_loads(text: str) -> None:
    rendered = to_html(text)
    assert "<img" not in rendered
    assert re.findall(r'href="([^"]*)"', rendered) in ([], ["https://e.x/a.png"])


def test_raw_html_is_text() -> None:
    assert to_html("<b>hi</b> <script>x</script>") == "<p>&lt;b&gt;hi&lt;/b&gt; &lt;script&gt;x&lt;/script&gt;</p>"


def test_plain_text_spells_out_mentions_and_keeps_spoiler_bars() -> None:
    text = plain_text("||twist|| for <@80> in <#82>, <:blob:1234> <t:1700000000:D>", NAMES)
    assert text == "||twist|| for @Ann Member in #general, :blob: 14 November 2023"


def test_plain_text_escapes_the_names_it_inserts() -> None:
    names = Names.collect([Mention("user", 1, "*Ann*")])
    assert plain_text("<@1>", names, lambda name: name.replace("*", "\\*")) == "@\\*Ann\\*"


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.datetime(2026, 11, 20, 18, 5, 0, 123456, tzinfo=dt.UTC), "2026-11-20T18:05:00.123Z"),
        (dt.datetime(2026, 11, 20, 18, 5, 0, 999, tzinfo=dt.UTC), "2026-11-20T18:05:00Z"),
        (dt.datetime(2026, 11, 20, 19, 5, tzinfo=dt.timezone(dt.timedelta(hours=1))), "2026-11-20T18:05:00Z"),
    ],
)
def test_html_datetimes_have_at_most_three_digits_of_fraction(moment: dt.datetime, expected: str) -> None:
    assert html_datetime(moment) == expected


@pytest.mark.parametrize(
    "hostile",
    ["||" * 50_000, "|| " * 50_000, "*" * 100_000, "[" * 50_000, "<@" * 50_000, "`" * 100_000,
     "> " * 50_000, f"{WIKI}" + "(" * 100_000, "||*" * 40_000, "<t:1" * 30_000, "https://a.bc/ " * 10_000],
    ids=["bars", "spaced-bars", "stars", "brackets", "mention-starts", "backticks", "quotes", "parens",
         "bars-and-stars", "timestamp-starts", "many-links"],
)
def test_hostile_nesting_and_unclosed_markers_render_and_finish(hostile: str) -> None:
    rendered = to_html(hostile)  # a quadratic parser would not finish within the suite's timeout
    assert rendered.startswith("<") and "<script" not in rendered
