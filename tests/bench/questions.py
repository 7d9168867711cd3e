"""Benchmark: what reading a thread message costs when a server speaks French, German, Spanish or Portuguese.

Every message in a review thread is offered to the question reader. A server in English reads English
only; a server in another language reads its own first, then English. Each row times the same messages
read both ways, alternated round by round in one process (the machine is shared and noisy), and gives
the median of the rounds. The hostile rows parse 2,000 and 4,000 characters of one language's articles,
prepositions, country names and format words at random, which is no question, so all of it is read:
twice the text should cost about twice the time (linear). The where-to-watch rows do the same for that
reading: a thread message past its screen (a question mark, a service or a watch word) is read as a
where-to-watch question in the server's language, then English; and hostile text of services,
prepositions and watch words, 2,000 and 4,000 characters, as one unbroken sentence and as many.
"""

from __future__ import annotations

import random
import statistics
import time

from bot.domain import question_languages
from bot.domain.questions import parse_release_question
from bot.domain.watch_questions import may_ask_where, parse_watch_question
from tests.bench.common import Row

CHATTER = {
    "ascii": ["agreed, the second act drags", "merci pour la critique", "der Film ist super", "gracias por la reseña",
              "prefiro o livro", "the score was great!", "le second acte est long", "ich mag den Soundtrack"],
    "accented": ["j'ai adoré la fin, très émouvant", "der Regisseur ist genial, schöne Bilder",
                 "me encantó la película", "a trilha sonora é linda", "quelle belle critique !"],
}
QUESTIONS = {"fr": "quand sort-il en DVD au Royaume-Uni ?", "de": "wann kommt der Film in Deutschland ins Kino?",
             "es": "¿cuándo se estrena en España?", "pt": "quando estreia no Brasil?"}
SERVERS = {"fr": ("fr", "en"), "de": ("de", "en"), "es": ("es", "en"), "pt": ("pt", "en")}


def _per_message(texts: list[str], languages: tuple[str, ...], count: int) -> float:
    started = time.perf_counter()
    for _ in range(count):
        for text in texts:
            parse_release_question(text, mentioned=False, languages=languages)
    return (time.perf_counter() - started) / (count * len(texts))


WATCH_CHATTER = {"fr": "c'est cher, Netflix ?", "de": "ist Netflix teuer?", "es": "¿Netflix es caro?",
                 "pt": "a Netflix é cara?"}
WATCH_QUESTIONS = {"fr": "c'est sur Netflix au Royaume-Uni ?", "de": "wo kann ich ihn in Deutschland streamen?",
                   "es": "¿dónde puedo alquilarla en España?", "pt": "está na Netflix no Brasil?"}
WATCH_WORDS = ["Netflix", "Disney+", "Prime Video", "Max", "sur", "auf", "en", "na", "no", "ou", "oder", "o", "le",
               "der", "la", "streaming", "louer", "leihen", "alquilarla", "alugar", "où", "wo", "dónde", "onde",
               "peut-on", "kann ich", "puedo", "posso", "voir", "sehen", "ver", "assistir", "Oppenheimer", "'", "-"]


def _watch_read(texts: list[str], languages: tuple[str, ...], count: int) -> float:
    """Seconds a message, as the desk reads one past the release parser: the screen, then the reading."""
    started = time.perf_counter()
    for _ in range(count):
        for text in texts:
            if may_ask_where(text, languages):
                parse_watch_question(text, mentioned=False, languages=languages)
    return (time.perf_counter() - started) / (count * len(texts))


def _watch_soup(size: int, seed: int, *, sentences: bool) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < size:
        out.append(rng.choice(WATCH_WORDS + (["?"] * 3 if sentences else [])))
    return " ".join(out)[:size - 1]


def _soup(code: str, size: int, seed: int) -> str:
    rng = random.Random(seed)
    lang = question_languages.load(code)
    words = [*sorted(lang.edge_words), *list(lang.countries)[:100], ",", "DVD", "Netflix", "(2021)", "-", "'"]
    out: list[str] = []
    while sum(len(w) + 1 for w in out) < size:
        out.append(rng.choice(words))
    return " ".join(out)[:size]


async def run(quick: bool) -> list[Row]:
    rounds, count = (3, 200) if quick else (7, 2000)
    for code in question_languages.LANGUAGES:
        question_languages.load(code)
    rows = []
    cases = [(f"{kind} chatter", texts) for kind, texts in CHATTER.items()]
    cases.append(("questions (one per language)", list(QUESTIONS.values())))
    for label, texts in cases:
        english, other = [], []
        for _ in range(rounds):
            english.append(_per_message(texts, ("en",), count))
            other.append(statistics.mean(_per_message(texts, langs, count // 4) for langs in SERVERS.values()))
        rows.append(Row("questions", f"{label}: English server vs fr/de/es/pt server, µs a message",
                        f"{statistics.median(english) * 1e6:.1f} vs {statistics.median(other) * 1e6:.1f}",
                        note="rounds: " + ", ".join(f"{a * 1e6:.1f}/{b * 1e6:.1f}" for a, b in zip(english, other,
                                                                                                 strict=True))))
    for code in question_languages.LANGUAGES:
        times = {}
        for size in (2000, 4000):
            samples = []
            for seed in range(rounds):
                text = _soup(code, size, seed)
                started = time.perf_counter()
                parse_release_question(text, mentioned=True, languages=(code,))
                samples.append(time.perf_counter() - started)
            times[size] = statistics.median(samples)
        rows.append(Row("questions", f"{code}: hostile text, 2,000 / 4,000 chars (mentioned)",
                        f"{times[2000] * 1e3:.2f} / {times[4000] * 1e3:.2f} ms",
                        goal="linear (×2)", note=f"ratio {times[4000] / times[2000]:.2f}"))
    for label, texts in (("chatter with a question mark", WATCH_CHATTER), ("questions", WATCH_QUESTIONS)):
        english, other = [], []
        for _ in range(rounds):
            english.append(_watch_read(list(texts.values()), ("en",), count // 4))
            other.append(statistics.mean(_watch_read([texts[code]], SERVERS[code], count // 4) for code in SERVERS))
        rows.append(Row("questions", f"where-to-watch reading, {label}: English server vs fr/de/es/pt, µs a message",
                        f"{statistics.median(english) * 1e6:.1f} vs {statistics.median(other) * 1e6:.1f}"))
    for code in question_languages.LANGUAGES:
        for sentences in (False, True):
            times: dict[int, float] = {2000: 0.0, 4000: 0.0}
            per_seed: dict[int, list[float]] = {2000: [], 4000: []}
            for seed in range(rounds):
                # The 4,000 characters are the 2,000 twice, one question mark at the end: the same words, so
                # only the length differs (and "one sentence" stays one).
                half = _watch_soup(2000, seed, sentences=sentences)
                for size, text in ((2000, f"{half}?"), (4000, f"{half}{half}?"[:4000])):
                    best = float("inf")
                    for _ in range(3):  # the fastest of three: the machine is shared and noisy
                        started = time.perf_counter()
                        parse_watch_question(text, mentioned=True, languages=(code,))
                        best = min(best, time.perf_counter() - started)
                    per_seed[size].append(best)
            for size in times:
                times[size] = statistics.median(per_seed[size])
            shape = "many sentences" if sentences else "one sentence"
            rows.append(Row("questions", f"{code}: where-to-watch hostile text ({shape}), 2,000 / 4,000 chars",
                            f"{times[2000] * 1e3:.2f} / {times[4000] * 1e3:.2f} ms",
                            goal="linear (×2)", note=f"ratio {times[4000] / times[2000]:.2f}"))
    return rows
