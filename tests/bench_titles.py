"""Prints p50/p99 latency of TitleIndex search, prefix and in-text look-ups at 100k and 1M titles.

Run: .venv/bin/python tests/bench_titles.py [sizes...]   (not collected by pytest)
"""

from __future__ import annotations

import gc
import random
import statistics
import sys
import time

from bot.domain.titles import TitleIndex, find_title_in_text

_SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "da", "ren", "mor", "tal", "shi", "bel", "quo"]
_COMMON = ["the", "love", "night", "man", "last", "of", "a", "dark", "day", "return", "house", "city"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def synthetic_titles(count: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    vocab = [_word(rng) for _ in range(max(2000, count // 5))]
    titles = []
    for _ in range(count):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.4:
            words.insert(rng.randint(0, len(words)), rng.choice(_COMMON))
        titles.append(" ".join(words).title())
    return titles


def _typo(rng: random.Random, title: str) -> str:
    chars = list(title)
    pos = rng.randrange(len(chars))
    chars[pos] = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return "".join(chars)


def _percentiles(samples: list[float]) -> str:
    samples.sort()
    p99 = samples[int(len(samples) * 0.99) - 1]
    return f"p50 {statistics.median(samples) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms"


def bench(count: int, queries: int = 500) -> None:
    titles = synthetic_titles(count)
    index = TitleIndex()
    started = time.perf_counter()
    index.add_many((i, title, 1950 + i % 75, ()) for i, title in enumerate(titles))
    gc.collect()
    gc.freeze()  # a long-lived index should be frozen after bulk load, or gen-2 collections dominate p99
    print(f"{count:>9,} titles: built in {time.perf_counter() - started:.1f} s")
    rng = random.Random(1)
    picks = [rng.choice(titles) for _ in range(queries)]
    cases = {
        "exact": list(picks),
        "typo": [_typo(rng, t) for t in picks],
        "prefix": [t[: rng.randint(2, max(2, len(t)))] for t in picks],
        "question": [f"when is {_typo(rng, t)} out on DVD in the UK?" for t in picks],
    }
    index.prefix_choices("warm up")
    for name, qs in cases.items():
        samples = []
        for q in qs:
            t0 = time.perf_counter()
            if name == "prefix":
                index.prefix_choices(q)
            elif name == "question":
                find_title_in_text(q, index)
            else:
                index.search(q)
            samples.append(time.perf_counter() - t0)
        print(f"    {name:<9} {_percentiles(samples)}")


if __name__ == "__main__":
    for size in [int(arg) for arg in sys.argv[1:]] or [100_000, 1_000_000]:
        bench(size)
