"""Hostile text for the per-language question readers, shared by `test_question_languages.py` and
`test_watch_languages.py`: the parsers must get through it with bounded work (linear in the input), whatever
mix of a language's own words, markup and noise it is."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Sequence

from bot.domain import question_languages
from bot.domain.questions import MAX_INPUT


def soup(code: str, words: Sequence[str], seed: int, *, countries: int) -> str:
    """MAX_INPUT characters of the language's first `countries` country names, its edge words and `words`, at
    random, with runs of printable noise; the same seed gives the same text, so a failure can be replayed."""
    rng = random.Random(seed)
    lang = question_languages.load(code)
    pieces = list(lang.countries)[:countries] + sorted(lang.edge_words) + list(words)
    out: list[str] = []
    while sum(map(len, out)) < MAX_INPUT:
        out.append(rng.choice(pieces) if rng.random() < 0.9 else rng.choice(string.printable) * rng.randint(1, 40))
    return " ".join(out)[:MAX_INPUT]


def title_look_ups(parse: Callable[..., object], text: str, languages: tuple[str, ...]) -> int:
    """How many phrases `parse` looks up in the catalogue while reading `text` said to the bot, when none is a
    title: each look-up costs a query, so hostile text must not multiply them."""
    calls: list[str] = []

    def counting(phrase: str) -> bool:
        calls.append(phrase)
        return False

    parse(text, mentioned=True, is_title=counting, languages=languages)
    return len(calls)
