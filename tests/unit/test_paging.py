"""paginate: pages measured by their final rendered length, footer included, nothing lost or reordered."""

from __future__ import annotations

import random
import re

import pytest

from bot.domain.paging import FOOTER_GAP, MESSAGE_CONTENT, page_footer, paginate, rendered_length

MULTI_BYTE = ["映画", "🎬", "Zoë", "naïve", "«quote»", "—", "word", "**bold**", "`code`", "\u3000↳"]
FOOTER = re.compile(r"\n\n-# Page (\d+) of (\d+)$")


def random_items(rng: random.Random, count: int, longest: int) -> list[str]:
    return [
        " ".join(rng.choice(MULTI_BYTE) for _ in range(rng.randint(1, longest // 3)))[:longest].strip() or "x"
        for _ in range(count)
    ]


def body_of(page: str, header: str, trailer: str) -> str:
    page = FOOTER.sub("", page)
    assert page.startswith(header) and page.endswith(trailer)
    return page[len(header) : len(page) - len(trailer)]


def test_discord_counts_code_points_not_bytes_or_utf16_units() -> None:
    assert rendered_length("🎬" * 2000) == 2000
    assert rendered_length("映画") == 2


def test_what_fits_is_one_page_without_a_footer() -> None:
    assert paginate(["a", "b"], header="**H**\n") == ["**H**\na\nb"]


def test_nothing_to_list_is_the_header_alone_or_the_empty_text() -> None:
    assert paginate([], header="**Heading**\n") == ["**Heading**"]
    assert paginate([], empty="None yet.") == ["None yet."]


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.parametrize("limit", [600, MESSAGE_CONTENT, 4096])
def test_every_page_fits_with_its_footer_and_the_items_come_back_in_order(seed: int, limit: int) -> None:
    rng = random.Random(seed)
    items = random_items(rng, rng.randint(1, 3000), rng.choice([20, 80, 300]))
    header, trailer = "**Reviews — 映画** (n)\n```\n", "\n```\n-# dates are local"
    pages = paginate(items, limit=limit, header=header, trailer=trailer)
    assert all(rendered_length(page) <= limit for page in pages)
    bodies = [body_of(page, header, trailer) for page in pages]
    assert "\n".join(bodies).split("\n") == items  # every item once, in order, unsplit (each fits a page)
    if len(pages) > 1:
        assert [FOOTER.search(page).groups() for page in pages] == [
            (str(n), str(len(pages))) for n in range(1, len(pages) + 1)
        ]


def test_a_page_filled_to_the_limit_still_has_room_for_its_footer() -> None:
    items = ["x" * 99] * 400  # 100 characters a line with its separator: pages fill exactly
    pages = paginate(items)
    assert len(pages) > 9  # two-digit page numbers are counted too
    assert all(len(page) <= MESSAGE_CONTENT for page in pages)
    assert max(len(page) for page in pages) > MESSAGE_CONTENT - 120  # and pages are not left half empty


def test_a_single_item_longer_than_a_page_is_split_at_word_boundaries_and_kept_whole() -> None:
    long_item = " ".join(f"mot{i}-映画" for i in range(1500))
    pages = paginate(["first", long_item, "last"], header="H\n")
    assert all(len(page) <= MESSAGE_CONTENT for page in pages)
    text = "\n".join(body_of(page, "H\n", "") for page in pages)
    assert text.replace("\n", " ").split() == ["first", *long_item.split(), "last"]


def test_a_markdown_span_that_fits_is_never_cut() -> None:
    item = " ".join(["plain words here"] * 120 + ["**a bold claim that must stay whole**"] + ["more"] * 400)
    pages = paginate([item])
    assert sum("**a bold claim that must stay whole**" in page for page in pages) == 1


def test_a_page_too_small_for_its_header_is_refused() -> None:
    with pytest.raises(ValueError):
        paginate(["a"] * 1000, limit=300, header="h" * 200)


def test_the_footer_is_separated_from_the_body() -> None:
    pages = paginate(["y" * 150] * 30, limit=1000)
    assert pages[0].endswith(FOOTER_GAP + page_footer(1, len(pages)))
