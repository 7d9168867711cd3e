"""Benchmark: rendering a 40,000-character review body of hostile Markdown into embeds.

A member's ``/review show`` renders the whole body; the body is anyone's text. Each row times
``render_review`` on one repeated pattern at the largest body a review may have.
"""

from __future__ import annotations

import datetime as dt
import time

from bot.domain.models import Review
from bot.domain.review_render import render_review
from tests.bench.common import Row, ms

PATTERNS = {"brackets": "[", "link openers": "[a", "bracket-backtick": "[`", "backticks": "a`",
            "stars": "*a ", "spoiler bars": "||a", "line breaks with CR": "\n\r", "quotes": "> > > x\n"}


def _review(body: str) -> Review:
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    return Review(id=1, guild_id=1, title="Hostile", film_id=None, film_title="Film", film_year=None,
                  author_id=None, byline="Someone", rating=None, body=body, created_at=now, updated_at=now)


async def run(quick: bool) -> list[Row]:
    size = 10_000 if quick else 40_000
    rows = []
    for label, unit in PATTERNS.items():
        review = _review((unit * (size // len(unit) + 1))[:size])
        started = time.perf_counter()
        render_review(review, None)
        elapsed = time.perf_counter() - started
        rows.append(Row("splitting", f"render {size:,} chars of {label}", ms(elapsed), goal="≤ 100 ms"))
    return rows
