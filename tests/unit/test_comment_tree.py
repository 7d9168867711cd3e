"""build_tree, count_comments, heading and render_pages: a numbered reply tree and its pages."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from bot.domain.comment_tree import (
    DELETED,
    MAX_DEPTH,
    CommentNode,
    build_tree,
    count_comments,
    heading,
    render_pages,
    walk,
)
from bot.domain.models import Attachment, Comment

T0 = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
THREAD = 500


def comment(
    message_id: int, parent_id: int | None = None, minute: int | None = None, **changes: object
) -> Comment:
    values: dict[str, object] = {
        "message_id": message_id, "review_id": 1, "guild_id": 10, "thread_id": THREAD,
        "author_id": 1000 + message_id, "author_name": f"user{message_id}", "content": f"text {message_id}",
        "created_at": T0 + dt.timedelta(minutes=message_id if minute is None else minute),
        "parent_id": parent_id,
    }
    values.update(changes)
    return Comment(**values)  # type: ignore[arg-type]


def numbering(tree: list[CommentNode]) -> dict[str, int]:
    return {node.number: node.comment.message_id for node in walk(tree)}


def test_replies_nest_under_their_parent_and_are_numbered() -> None:
    tree = build_tree([comment(1), comment(2, 1), comment(3), comment(4, 2), comment(5, 1)])
    assert numbering(tree) == {"1": 1, "1.1": 2, "1.1.1": 4, "1.2": 5, "2": 3}


def test_order_is_by_time_then_message_id_whatever_the_input_order() -> None:
    comments = [comment(9, minute=1), comment(3, minute=2), comment(2, minute=1)]
    shuffled = comments[:]
    random.Random(4).shuffle(shuffled)
    assert numbering(build_tree(shuffled)) == {"1": 2, "2": 9, "3": 3}


@pytest.mark.parametrize(
    "orphan",
    [
        comment(7, parent_id=999),  # parent unknown (never mirrored)
        comment(7, parent_id=1, thread_id=THREAD + 1),  # parent in another thread
        comment(7, parent_id=7),  # replies to itself
    ],
)
def test_a_reply_without_a_usable_parent_becomes_top_level(orphan: Comment) -> None:
    tree = build_tree([comment(1), orphan])
    assert [node.comment.message_id for node in tree] == [1, 7]


def test_a_reply_loop_is_broken_at_its_earliest_comment() -> None:
    tree = build_tree([comment(1, parent_id=2), comment(2, parent_id=1), comment(3, parent_id=2)])
    assert numbering(tree) == {"1": 1, "1.1": 2, "1.1.1": 3}


def test_a_deleted_comment_keeps_its_place_and_its_replies() -> None:
    tree = build_tree([comment(1, deleted=True, content=""), comment(2, 1)])
    assert numbering(tree) == {"1": 1, "1.1": 2}
    page = render_pages(tree, "Review")[0]
    assert f"**1** {DELETED}" in page
    assert "user1" not in page


def test_replies_deeper_than_the_limit_hang_under_the_deepest_allowed_ancestor() -> None:
    chain = [comment(1), *(comment(i, i - 1) for i in range(2, MAX_DEPTH + 5))]
    nodes = list(walk(build_tree(chain)))
    assert max(node.depth for node in nodes) == MAX_DEPTH
    anchor = next(node for node in nodes if node.depth == MAX_DEPTH - 1)
    assert [reply.comment.message_id for reply in anchor.replies] == list(range(MAX_DEPTH + 1, MAX_DEPTH + 5))


def test_duplicate_message_ids_appear_once() -> None:
    assert len(list(walk(build_tree([comment(1), comment(1)])))) == 1


def test_count_leaves_out_deleted_comments_for_lists_and_trees() -> None:
    comments = [comment(1), comment(2, 1, deleted=True), comment(3, 2), comment(4)]
    assert count_comments(comments) == 3
    assert count_comments(build_tree(comments)) == 3


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "No thoughts yet on “Film Review: Never Let Me Go”"),
        (1, "1 thought on “Film Review: Never Let Me Go”"),
        (6, "6 thoughts on “Film Review: Never Let Me Go”"),
        (1200, "1,200 thoughts on “Film Review: Never Let Me Go”"),
    ],
)
def test_heading_counts_thoughts_in_plain_english(count: int, expected: str) -> None:
    assert heading(count, "Film Review: Never Let Me Go") == expected


def test_a_page_shows_number_author_relative_time_and_quoted_content() -> None:
    page = render_pages(build_tree([comment(1, content="Loved it.\nSecond line")]), "R")[0]
    stamp = int((T0 + dt.timedelta(minutes=1)).timestamp())
    assert page.startswith("**1 thought on “R”**")
    assert f"**1** *user1* · <t:{stamp}:R>\n> Loved it.\n> Second line" in page


def test_replies_are_marked_and_indented_by_depth() -> None:
    pages = render_pages(build_tree([comment(1), comment(2, 1), comment(3, 2)]), "R")
    assert "\n↳ **1.1** " in pages[0]
    assert "\n\u3000↳ **1.1.1** " in pages[0]
    assert "> \u3000\u3000text 3" in pages[0]


def test_long_comments_are_truncated_with_an_ellipsis() -> None:
    page = render_pages(build_tree([comment(1, content="word " * 200)]), "R")[0]
    quote = page.split("\n> ", 1)[1]
    assert len(quote) <= 300
    assert quote.endswith("…")


def test_edits_attachments_and_bots_are_noted() -> None:
    attachment = Attachment("still.png", "https://cdn.example/still.png", 10, "image/png")
    node = comment(1, edited_at=T0, attachments=(attachment,), is_bot=True, content="")
    page = render_pages(build_tree([node]), "R")[0]
    assert "*user1 (bot)* · " in page
    assert "· edited · 📎 1" in page
    assert "*(no text)*" in page


def test_author_markdown_is_escaped() -> None:
    page = render_pages(build_tree([comment(1, author_name="**loud**")]), "R")[0]
    assert "*\\*\\*loud\\*\\**" in page


def test_an_empty_thread_is_one_page_with_the_heading() -> None:
    assert render_pages([], "Film Review: X") == ["**No thoughts yet on “Film Review: X”**"]


@pytest.mark.parametrize("limit", [500, 1000, 2000])
def test_pages_stay_within_the_limit_and_never_split_a_comment(limit: int) -> None:
    rng = random.Random(limit)
    comments = [
        comment(i, parent_id=rng.choice([None, *range(1, i)]) if i > 1 else None, content="x " * rng.randint(1, 400))
        for i in range(1, 120)
    ]
    tree = build_tree(comments)
    pages = render_pages(tree, "Film Review: Never Let Me Go", limit=limit)
    assert len(pages) > 1
    assert all(len(page) <= limit for page in pages)
    assert all(page.endswith(f"\n\n-# Page {n} of {len(pages)}") for n, page in enumerate(pages, start=1))
    for node in walk(tree):
        marker = f"**{node.number}** *user{node.comment.message_id}*"
        assert sum(marker in page for page in pages) == 1


def test_a_tiny_page_size_is_refused() -> None:
    with pytest.raises(ValueError):
        render_pages([], "R", limit=100)


def test_500_long_multi_byte_comments_under_a_hostile_title_fit_discords_2000_characters() -> None:
    text = ("映画の夜 🎬 Zoë «naïve» *x* " * 80)[:1000]
    comments = [comment(i, parent_id=(i - 1) if i % 7 else None, content=text, author_name="名前" * 60)
                for i in range(1, 501)]
    tree = build_tree(comments)
    pages = render_pages(tree, "*" * 256)
    assert all(len(page) <= 2000 for page in pages)
    assert all(page.startswith("**500 thoughts on “\\*") for page in pages)
    assert sum(page.count(" *名前") for page in pages) == 500
