"""Exporting a review's mirrored discussion, shared by ``/comments export`` and the command line."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.db import Store
from bot.domain import comment_export
from bot.domain.models import Review

FORMATS = {"json": ("json", "application/json"), "markdown": ("md", "text/markdown"), "html": ("html", "text/html")}


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    text: str


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "review"


async def export_review(store: Store, review: Review, fmt: str) -> Export:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose json, markdown or html")
    comments = await store.comments.for_review(review.id)
    history = await store.comments.history_for_review(review.id)
    render = {
        "json": comment_export.export_json,
        "markdown": comment_export.export_markdown,
        "html": comment_export.export_html,
    }[fmt]
    extension, content_type = FORMATS[fmt]
    return Export(f"review-{review.id}-{_slug(review.film_title)}-comments.{extension}", content_type,
                  render(review, comments, history))
