"""A static site of every review with its whole discussion, for a blog without WordPress.

Each review's page is the HTML export (the review as a post, then its comment tree); this module
adds what ties them together: an index page, newest first, and an Atom feed of the reviews. Nothing
loads or runs anything; every string people wrote is escaped. The site's own words (its default title,
"3 comments", the dates) are in the language of the :class:`Phrasebook` given, and so is ``<html lang>``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.comment_export import iso_utc
from bot.domain.models import Review
from bot.domain.review_render import clean_single_line
from bot.domain.translations import Phrasebook

__all__ = ["SitePage", "atom_feed", "index_page", "page_name", "site_name"]

_CSS = ("body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}"
        "li{margin:.6rem 0}.meta{color:#666;font-size:.9rem}")


@dataclass(frozen=True)
class SitePage:
    review: Review
    comments: int  # what members said (the HTML export's own count)


def page_name(review: Review) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", review.film_title.casefold()).strip("-")[:50] or "review"
    return f"review-{review.id}-{slug}.html"


def _title(review: Review, _: Phrasebook) -> str:
    return clean_single_line(review.title, 256) or _("Review")


def site_name(site_title: str | None, _: Phrasebook) -> str:
    """The site's title as given, or "Film reviews" in the site's language (the words, unescaped)."""
    return clean_single_line(site_title or "", 100) or _("Film reviews")


def index_page(site_title: str | None, pages: Sequence[SitePage], _: Phrasebook) -> str:
    """The index, newest review first, in *_*'s language: its dates, its counts, ``<html lang>``."""
    items = []
    for p in sorted(pages, key=lambda p: p.review.created_at, reverse=True):
        count = _.plural("{count} comment", "{count} comments", p.comments, count=_.number(p.comments))
        items.append(
            f'<li><a href="{html.escape(page_name(p.review))}">{html.escape(_title(p.review, _))}</a>'
            f'<div class="meta">{html.escape(clean_single_line(p.review.byline, 100))} · '
            f'<time datetime="{iso_utc(p.review.created_at)}">{html.escape(_.date(p.review.created_at.date()))}'
            f"</time> · {html.escape(count)}</div></li>")
    name = html.escape(site_name(site_title, _))
    empty = html.escape(_("No reviews yet."))
    return (f"<!DOCTYPE html>\n<html lang=\"{_.lang.discord}\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{name}</title>"
            f"<link rel=\"alternate\" type=\"application/atom+xml\" href=\"atom.xml\" title=\"{name}\">"
            f"<style>{_CSS}</style></head><body><main><h1>{name}</h1>"
            f"<ul>{''.join(items) or f'<li>{empty}</li>'}</ul></main></body></html>\n")


def atom_feed(
    site_title: str | None, base_url: str | None, pages: Sequence[SitePage], _: Phrasebook, *, now: dt.datetime,
) -> str:
    """The Atom feed of the reviews, newest first, marked with *_*'s language (``xml:lang``)."""
    base = (base_url or "").rstrip("/")

    def link(name: str) -> str:
        return f"{base}/{name}" if base else name

    entries = "".join(
        "<entry>"
        f"<title>{html.escape(_title(p.review, _))}</title>"
        f'<link rel="alternate" type="text/html" href="{html.escape(link(page_name(p.review)))}"/>'
        f"<id>{html.escape(link(page_name(p.review)))}</id>"
        f"<author><name>{html.escape(clean_single_line(p.review.byline, 100) or 'Reviewbot')}</name></author>"
        f"<published>{iso_utc(p.review.created_at)}</published><updated>{iso_utc(p.review.updated_at)}</updated>"
        f"<summary>{html.escape(clean_single_line(p.review.body, 300))}</summary>"
        "</entry>"
        for p in sorted(pages, key=lambda p: p.review.created_at, reverse=True))
    name = html.escape(site_name(site_title, _))
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_.lang.discord}">'
            f"<title>{name}</title><id>{html.escape(link('atom.xml'))}</id><updated>{iso_utc(now)}</updated>"
            f'<link rel="self" href="{html.escape(link("atom.xml"))}"/>{entries}</feed>\n')
