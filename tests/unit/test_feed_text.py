"""What a feed entry's title says the film is, and a post's HTML as Markdown, hostile HTML included."""

import pytest

from bot.domain.feeds import FeedError, film_from_title, parse_feed
from bot.domain.html_markdown import html_to_markdown


@pytest.mark.parametrize(("title", "film"), [
    ("Film Review: Never Let Me Go", ("Never Let Me Go", None)),
    ("Movie review – Heat (1995)", ("Heat", 1995)),
    ("REVIEW | Arrival", ("Arrival", None)),
    ("Review: “Past Lives”", ("Past Lives", None)),
    ("Never Let Me Go", ("Never Let Me Go", None)),
    ("Reviewing the reviewers", ("Reviewing the reviewers", None)),
    ("Alien [1979]", ("Alien", 1979)),
])
def test_the_film_is_read_off_the_title(title, film):
    assert film_from_title(title) == film


@pytest.mark.parametrize(("html", "markdown"), [
    ("<p>A <a href='javascript:alert(1)'>trap</a></p>", "A trap"),
    ("<p><img src='data:image/png;base64,AAAA' alt='x'>after</p>", "after"),
    ("<iframe src='https://player.example/v/1'></iframe>", "[embedded content](https://player.example/v/1)"),
    ("<video><source src='https://cdn.example/t.mp4'></video>", "[video](https://cdn.example/t.mp4)"),
    ("<style>p{color:red}</style><script>steal()</script><p>kept</p>", "kept"),
    ("<p>one</p><p></p><p></p><p>two</p>", "one\n\ntwo"),
    ("<blockquote><p>quoted</p></blockquote>", "> quoted"),
    ("<p><a href='https://x.example/'>https://x.example/</a></p>", "<https://x.example/>"),
])
def test_html_becomes_markdown_with_nothing_unsafe_kept(html, markdown):
    assert html_to_markdown(html) == markdown


def test_an_atom_feed_and_an_empty_answer():
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            b'<entry><title>Review: Heat</title><id>tag:x,2026:1</id><link href="https://x.example/heat"/>'
            b'<updated>2026-11-30T10:00:00Z</updated><content type="html">&lt;p&gt;Long.&lt;/p&gt;</content></entry>'
            b"</feed>")
    [entry] = parse_feed(atom).entries
    assert (entry.key, entry.link, entry.film_guesses) == ("tag:x,2026:1", "https://x.example/heat", (("Heat", None),))
    assert entry.updated.isoformat() == "2026-11-30T10:00:00+00:00" and entry.html == "<p>Long.</p>"
    with pytest.raises(FeedError):
        parse_feed(b"")
    with pytest.raises(FeedError):
        parse_feed(b'{"json": "not a feed"}')
