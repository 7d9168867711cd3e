"""The fail-fast screen for unprompted messages turns away only what the full parse would turn away too."""

from __future__ import annotations

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.questions import _FORMAT_PATTERNS, _RELEASE, _clean, is_plain_chatter, parse_release_question

PATTERNS = [("release words", _RELEASE)] + [(fmt.name, pattern) for fmt, pattern in _FORMAT_PATTERNS]
ASCII = st.characters(codec="ascii")


def full_parse_may_ask(text: str) -> bool:
    """What parse_release_question checked before the screen existed: a release word or a format, once cleaned."""
    cleaned = _clean(text)
    return bool(_RELEASE.search(cleaned)) or any(pattern.search(cleaned) for _, pattern in _FORMAT_PATTERNS)


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_every_word_the_patterns_match_gets_past_the_screen(name, pattern, data) -> None:
    word = data.draw(st.from_regex(pattern, fullmatch=True, alphabet=ASCII))
    around = data.draw(st.text(alphabet=string.ascii_letters + " .,*_", max_size=10))
    assert not is_plain_chatter(around + word + around)


# Words of the patterns, pieces of Markdown and markup, and stray characters: cleaning must not be able
# to make a release word out of text the screen let go.
PIECES = st.one_of(
    st.sampled_from(["re", "lease", "out", "dvd", "blu", "ray", "com", "ing", "when", "is", "it", "on", "tv",
                     "the", "film", "great", "4", "k", "*", "_", "~", "|", ">", "`", "'", " ", "\n", "\t",
                     "<@123456789012345678>", "<#123456789012345678>", "@someone", "https://x.example/out",
                     "<:emoji:123>", "<t:1700000000:R>", "\x00", "\x0b", "\x7f"]),
    st.text(alphabet=ASCII, max_size=4),
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(PIECES, max_size=12).map("".join))
def test_text_the_screen_lets_go_has_no_release_word_or_format_once_cleaned(text: str) -> None:
    if is_plain_chatter(text):
        assert not full_parse_may_ask(text)
        assert parse_release_question(text, mentioned=False) is None


@pytest.mark.parametrize("text", [
    "comment 42", "I loved the ending", "the score was great!", "agreed, the second act drags",
])
def test_ordinary_ascii_chatter_is_turned_away_at_once(text: str) -> None:
    assert is_plain_chatter(text)


@pytest.mark.parametrize("text", [
    "ｗｈｅｎ is it ｏｕｔ?",  # fullwidth letters, which cleaning folds into "out"
    "when is it o\u200but?",  # a zero-width space, which cleaning deletes
    "when is it o\x00ut?",  # a control character, likewise
    "Amélie, when is it out?",
])
def test_text_cleaning_could_change_goes_the_careful_way(text: str) -> None:
    assert not is_plain_chatter(text)
    assert parse_release_question(text, mentioned=False) is not None


def test_a_mention_is_never_screened_out() -> None:
    assert is_plain_chatter("Never Let Me Go UK?")  # no release word: chatter when unprompted...
    assert parse_release_question("Never Let Me Go UK?", mentioned=False) is None
    assert parse_release_question("Never Let Me Go UK?", mentioned=True) is not None  # ...a question when asked
