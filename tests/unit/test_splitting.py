"""split_markdown: parts fit the limit, join back exactly and end at the best available boundary."""

from __future__ import annotations

import random
import re

import pytest

from bot.domain.splitting import split_markdown, split_point

WORDS = (
    "the", "film", "a quiet", "**bold claim**", "*soft aside*", "__underlined__", "~~struck~~",
    "||spoiler here||", "[a link](https://example.com/x)", "`code span`", "Kathy", "Hailsham.",
    "end!", "really?", "extraordinarilylongwordwithoutanybreaks",
)
SEPARATORS = [" ", " ", " ", " ", "\n", "\n\n", ". ", "  ", "\t"]


def random_markdown(rng: random.Random) -> str:
    pieces: list[str] = []
    for _ in range(rng.randint(0, 120)):
        roll = rng.random()
        if roll < 0.04:
            body = "\n".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8)))
            pieces.append(f"\n```py\n{body}\n```\n")
        elif roll < 0.06:
            pieces.append("".join(rng.choice("ab*_`|~[]() \n") for _ in range(rng.randint(1, 30))))
        else:
            pieces.append(rng.choice(WORDS))
        pieces.append(rng.choice(SEPARATORS))
    return "".join(pieces)


@pytest.mark.parametrize("seed", range(300))
def test_parts_join_back_to_the_text_and_fit_the_limit(seed: int) -> None:
    rng = random.Random(seed)
    text = random_markdown(rng)
    limit = rng.choice([1, 2, 5, 17, 40, 80, 200, 1000])
    parts = split_markdown(text, limit)
    assert "".join(parts) == text
    assert all(0 < len(part) <= limit for part in parts)


@pytest.mark.parametrize("seed", range(100))
def test_parts_never_end_inside_a_word_when_words_fit(seed: int) -> None:
    rng = random.Random(1000 + seed)
    text = " ".join(rng.choice(["alpha", "be", "gamma.", "delta\n", "e"]) for _ in range(200))
    for part in split_markdown(text, rng.randint(8, 120))[:-1]:
        assert part[-1].isspace()


def test_empty_text_gives_no_parts() -> None:
    assert split_markdown("", 10) == []


def test_short_text_is_one_part() -> None:
    assert split_markdown("Short enough.", 100) == ["Short enough."]


@pytest.mark.parametrize("limit", [0, -3])
def test_a_limit_below_one_is_refused(limit: int) -> None:
    with pytest.raises(ValueError):
        split_markdown("text", limit)


def test_paragraph_break_is_preferred_over_later_line_break() -> None:
    text = "First paragraph is here.\n\nSecond one goes\non and on and on."
    assert split_markdown(text, 45)[0] == "First paragraph is here.\n\n"


def test_line_break_is_preferred_over_sentence_end() -> None:
    text = "One sentence. Another sentence\nthird line keeps going past the limit"
    assert split_markdown(text, 40)[0] == "One sentence. Another sentence\n"


def test_sentence_end_is_preferred_over_word_boundary() -> None:
    text = "A first sentence here. And then a second that runs on beyond"
    assert split_markdown(text, 40)[0] == "A first sentence here. "


def test_whitespace_at_the_split_stays_with_the_earlier_part() -> None:
    parts = split_markdown("word " * 30, 22)
    assert all(part.endswith(" ") for part in parts)
    assert all(not part.startswith(" ") for part in parts)


@pytest.mark.parametrize(
    "span",
    [
        "**bold words here**",
        "*italic words here*",
        "__underlined words here__",
        "~~struck words here~~",
        "||hidden words here||",
        "[link words here](https://example.com/a)",
        "`code words here`",
    ],
)
def test_a_markdown_span_is_not_split_when_it_fits(span: str) -> None:
    text = f"Some lead in text {span} and a tail after it"
    for limit in range(len(span) + 1, len(text)):
        parts = split_markdown(text, limit)
        assert any(span in part for part in parts), (limit, parts)


def test_a_fenced_block_that_fits_stays_in_one_part() -> None:
    block = "```py\nx = 1\ny = 2\n```"
    text = f"Before the code.\n\n{block}\n\nAfter the code, a longer sentence."
    parts = split_markdown(text, len(block) + 4)
    assert any(block in part for part in parts)


def test_an_oversized_fenced_block_is_cut_at_line_boundaries() -> None:
    block = "```\n" + "\n".join(f"    line number {i}" for i in range(20)) + "\n```"
    parts = split_markdown(block, 60)
    assert "".join(parts) == block
    assert all(part.endswith("\n") for part in parts[:-1])


def test_a_word_longer_than_the_limit_is_cut_as_a_last_resort() -> None:
    assert split_markdown("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_split_point_returns_the_length_when_the_rest_fits() -> None:
    assert split_point("hello there", 50) == len("hello there")


def test_split_point_starts_from_an_offset() -> None:
    text = "aaa bbb ccc ddd"
    assert text[4 : split_point(text, 5, start=4)] == "bbb "


def test_long_prose_parts_are_reasonably_full() -> None:
    text = " ".join(re.sub(r"\s+", " ", "word " * 7) + "end." for _ in range(500))
    parts = split_markdown(text, 1000)
    assert all(len(part) > 500 for part in parts[:-1])


def test_a_stray_backtick_does_not_protect_the_following_paragraphs() -> None:
    first = "An opening ` tick. " + "word " * 12 + "\n\n"
    text = first + "more words " * 10 + "and a closing ` tick."
    assert split_markdown(text, 120)[0] == first
