"""A blog's feed read into entries Reviewbot can publish: RSS 2.0, Atom, and WordPress's ``/feed/``.

Pure: bytes in (fetched elsewhere, with a timeout and a size cap: feedparser's own fetching has
neither), dataclasses out. An entry is known by its guid (else its link) across restarts; its film
comes from its categories when one of them is a film, else from its title ("Film Review: Never Let
Me Go" → "Never Let Me Go"); a WordPress post's id comes from the feed (``<post-id>``, or the
``?p=ID`` guid WordPress writes), so its comments can be read from the WordPress REST API.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import xml.sax
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

import feedparser

from bot.domain.problems import ProblemError
from bot.domain.problems import marked as _

__all__ = ["Feed", "FeedEntry", "FeedError", "film_from_title", "parse_feed"]

MAX_ENTRIES = 200
MAX_TITLE = 256
_REVIEW_PREFIX = re.compile(
    r"^\s*(?:(?:film|movie)\s+review|review|reviewed|critique|recensione|kritik)\s*[:\-–—|]\s*", re.IGNORECASE)
_YEAR_SUFFIX = re.compile(r"\s*[(\[](\d{4})[)\]]\s*$")
_GENERIC_CATEGORIES = frozenset({
    "uncategorized", "uncategorised", "reviews", "review", "film", "films", "movie", "movies", "film reviews",
    "movie reviews", "cinema", "news", "blog",
})


class FeedError(ProblemError, ValueError):
    """The bytes are not a feed (malformed XML, an HTML page, nothing in it); the message says which, and its
    ``problem`` says it in a member's language."""


@dataclass(frozen=True)
class FeedEntry:
    key: str  # guid, else link: what makes an entry the same entry across restarts
    title: str
    link: str | None
    author: str | None
    published: dt.datetime | None
    updated: dt.datetime | None
    html: str  # the entry's body as the blog wrote it (content:encoded, else the summary)
    categories: tuple[str, ...] = ()
    wordpress_post_id: int | None = None

    @property
    def digest(self) -> str:
        """What the entry says, in short: an edit shows here even where the feed (RSS 2.0) gives no
        "updated" time."""
        return hashlib.sha256(f"{self.title}\n{self.html}".encode()).hexdigest()[:32]

    @property
    def film_guesses(self) -> tuple[tuple[str, int | None], ...]:
        """(title, year) candidates for the film, best first: film-like categories, then the title."""
        guesses = [film_from_title(c) for c in self.categories if c.strip().lower() not in _GENERIC_CATEGORIES]
        guesses.append(film_from_title(self.title))
        return tuple(dict.fromkeys(g for g in guesses if g[0]))


@dataclass(frozen=True)
class Feed:
    title: str
    link: str | None
    entries: tuple[FeedEntry, ...]
    #: the WordPress REST API's comments route, when the feed says it came from WordPress (its generator,
    #: its wp-json link, or a WordPress.com address)
    wordpress_api: str | None = None
    generator: str | None = None
    problems: tuple[str, ...] = field(default=())


def film_from_title(title: str) -> tuple[str, int | None]:
    """The film an entry's title names: the review prefix and a trailing "(2010)" taken off."""
    text = " ".join(title.split())
    text = _REVIEW_PREFIX.sub("", text)
    year: int | None = None
    match = _YEAR_SUFFIX.search(text)
    if match:
        year = int(match.group(1))
        text = text[: match.start()]
    return text.strip(" \"'“”‘’"), year


def _moment(parsed: object) -> dt.datetime | None:
    if not parsed:
        return None
    try:
        return dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None


def _clean(text: object, limit: int) -> str:
    return " ".join(str(text or "").split())[:limit]


def _post_id(entry: feedparser.FeedParserDict) -> int | None:
    raw = entry.get("post-id") or entry.get("wp_post_id")
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    guid = entry.get("id") or ""
    query = parse_qs(urlsplit(guid).query)
    found = query.get("p") or query.get("page_id")
    if found and found[0].isdigit():
        return int(found[0])
    return None


def _wordpress_api(parsed: feedparser.FeedParserDict) -> tuple[str | None, str | None]:
    """Where the blog's comments can be read (the REST API's comments route), if it is WordPress."""
    feed = parsed.get("feed", {})
    generator = feed.get("generator") or (feed.get("generator_detail") or {}).get("href")
    site = feed.get("link") if isinstance(feed.get("link"), str) else None
    host = (urlsplit(site).hostname or "") if site else ""
    if host.endswith(".wordpress.com"):  # WordPress.com serves its sites' REST API from one host
        return f"https://public-api.wordpress.com/wp/v2/sites/{host}/comments", generator
    for link in feed.get("links", []):
        if link.get("rel") == "https://api.w.org/" and link.get("href", "").startswith(("http://", "https://")):
            return link["href"].rstrip("/") + "/wp/v2/comments", generator
    if generator and "wordpress" in generator.lower() and site and site.startswith("http"):
        return site.rstrip("/") + "/wp-json/wp/v2/comments", generator
    return None, generator


def parse_feed(data: bytes, *, content_type: str | None = None) -> Feed:
    """Entries of an RSS 2.0 or Atom feed, newest first as the feed lists them (at most MAX_ENTRIES)."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        raise FeedError(_("the address gives a web page, not a feed (look for its RSS or Atom link)"))
    parsed = feedparser.parse(data, response_headers={"content-type": content_type} if content_type else None,
                              sanitize_html=False, resolve_relative_uris=True)
    version = parsed.get("version") or ""
    why = parsed.get("bozo_exception")
    if parsed.get("bozo") and (isinstance(why, xml.sax.SAXException) or not parsed.get("entries")):
        # Cut short or broken: the last entry read may be half of one, so nothing of it is used.
        detail = _clean(why, 120)
        if not detail:
            raise FeedError(_("the feed is not well-formed XML"))
        raise FeedError(_("the feed is not well-formed XML ({detail})"), detail=detail)
    if not version and not parsed.get("entries"):
        raise FeedError(_("the address gives something that is not an RSS or Atom feed"))
    entries: list[FeedEntry] = []
    for entry in parsed.get("entries", [])[:MAX_ENTRIES]:
        link = entry.get("link") if str(entry.get("link", "")).startswith(("http://", "https://")) else None
        key = _clean(entry.get("id") or link, 1000)
        title = _clean(entry.get("title"), MAX_TITLE)
        if not key or not title:
            continue  # an entry with neither guid nor link cannot be told apart from the next
        content = entry.get("content") or []
        body = content[0].get("value", "") if content else entry.get("summary", "")
        categories = tuple(dict.fromkeys(_clean(t.get("term"), 200) for t in entry.get("tags", []) if t.get("term")))
        entries.append(FeedEntry(
            key=key, title=title, link=link, author=_clean(entry.get("author"), 100) or None,
            published=_moment(entry.get("published_parsed")),
            # dict.get: FeedParserDict.get would map a missing "updated" to "published" with a warning
            updated=_moment(dict.get(entry, "updated_parsed")) or _moment(entry.get("published_parsed")),
            html=str(body or ""), categories=categories, wordpress_post_id=_post_id(entry),
        ))
    api, generator = _wordpress_api(parsed)
    problems = (f"the feed has a fault ({_clean(parsed.get('bozo_exception'), 120)})",) if parsed.get("bozo") else ()
    feed = parsed.get("feed", {})
    return Feed(title=_clean(feed.get("title"), MAX_TITLE) or "Untitled feed",
                link=feed.get("link") if str(feed.get("link", "")).startswith("http") else None,
                entries=tuple(entries), wordpress_api=api, generator=generator, problems=problems)
