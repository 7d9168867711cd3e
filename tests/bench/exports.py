"""Benchmark 4a: exporting a 10,000-comment thread as json, markdown and html (``bot.services.exports``).

Also: Discord Markdown rendering of hostile text (``bot.domain.discord_markdown``) at two sizes, to show
it stays linear (the time roughly doubles when the input doubles)."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from bot.db import Store
from bot.db.comments import CommentCreated
from bot.domain.discord_markdown import to_html
from bot.domain.models import Comment
from bot.services.exports import FORMATS, export_review
from tests.bench.common import Row, insert_review, ms

GUILD, CHANNEL, THREAD = 1, 2, 3


def synthetic_comments(review_id: int, count: int) -> list[CommentCreated]:
    """*count* comments; about a third reply to an earlier one, so the tree nests several levels deep."""
    rng = random.Random(4)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    ops: list[CommentCreated] = []
    for n in range(count):
        message_id = 10_000_000 + n
        parent = 10_000_000 + rng.randrange(n) if n and rng.random() < 0.35 else None
        ops.append(CommentCreated(Comment(
            message_id=message_id, review_id=review_id, guild_id=GUILD, thread_id=THREAD, author_id=100 + n % 50,
            author_name=f"Member {n % 50}", content=f"Comment {n}: " + "a thought about the film " * (1 + n % 5),
            created_at=start + dt.timedelta(seconds=n), parent_id=parent,
        )))
    return ops


async def run(quick: bool) -> list[Row]:
    count = 1_000 if quick else 10_000
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-exports-") as tmp:
        db_path = Path(tmp) / "exports.db"
        review_id = await insert_review(db_path, guild_id=GUILD, channel_id=CHANNEL, thread_id=THREAD)
        async with Store.open(db_path) as store:
            await store.comments.apply(synthetic_comments(review_id, count))
            review = await store.reviews.get(GUILD, review_id)
            assert review is not None
            for fmt in FORMATS:
                started = time.perf_counter()
                export = await export_review(store, review, fmt)
                elapsed = time.perf_counter() - started
                rows.append(Row("exports", f"{count:,}-comment thread as {fmt}", ms(elapsed),
                                note=f"{len(export.text.encode()) / 1_048_576:.1f} MB, incl. reading the comments"))
    rows.extend(hostile_rendering(quick))
    return rows


HOSTILE = {"unclosed spoiler bars": "|| ", "unclosed brackets": "[", "unclosed mentions": "<@", "stars": "*a"}


def hostile_rendering(quick: bool) -> list[Row]:
    """Render each hostile pattern at n and 2n repetitions; linear means a ratio near 2."""
    size = 10_000 if quick else 50_000
    rows = []
    for label, unit in HOSTILE.items():
        timings = []
        for repeat in (size, 2 * size):
            started = time.perf_counter()
            to_html(unit * repeat)
            timings.append(time.perf_counter() - started)
        rows.append(Row("exports", f"render {label} ×{size:,} / ×{2 * size:,}",
                        f"{ms(timings[0])} / {ms(timings[1])}", goal="ratio ≈ 2 (linear)",
                        note=f"ratio {timings[1] / timings[0]:.1f}"))
    return rows
