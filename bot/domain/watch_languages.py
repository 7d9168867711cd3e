"""Where-to-watch questions in French, German, Spanish and Portuguese: one reading, a data section per language.

English keeps its own parser (:mod:`bot.domain.watch_questions`). The other languages share the reading
below; what is a language's own — the prepositions before a service ("sur Netflix", "auf Netflix", "en
Netflix", "na Netflix"), the watch phrasing ("où peut-on le voir", "wo kann ich ihn streamen", "¿dónde
puedo alquilarla?", "onde posso assistir"), the words that make it a date question instead, the chatter
— lives in the ``where_to_watch`` section of ``bot/locales/questions/<code>.yaml``, beside the release
vocabulary it builds on (question openings, opinions, the other formats, countries, the thread's film).

It is as conservative as the English reading: a sentence is a where-to-watch question only when it asks
(a question mark or a question opening), names a service where the film would be on it or asks where or
whether it can be streamed, rented or bought, and is neither a date question (left to the release
parser, whose answer is unchanged) nor talk about services or about having seen the film. Every step is
a bounded number of regex scans over a sentence, and the film is read once: linear in the input.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.domain import question_languages as vocabulary
from bot.domain.models import Format
from bot.domain.questions import MAX_INPUT, clean_text
from bot.domain.watch_questions import SERVICES, Service, WatchQuestion

__all__ = ["LANGUAGES", "WatchLanguage", "load", "may_ask", "parse_in"]

#: Every language with a release vocabulary has a where-to-watch section (a unit test checks each file).
LANGUAGES = vocabulary.LANGUAGES

_MAX_SENTENCES = 20
_SENTENCE_BREAK = re.compile(r"(?<=[!?])\s*|(?<!\b[A-Z])(?<=\.)\s+|\n+")
#: How far before a service its preposition ("sur le", "auf", "a través de") or verb ("hat") is looked for.
_WINDOW = 32
#: The letters of the services' names: a message naming one passes the screen in every language.
_SERVICE_STEMS = ("netflix", "disney", "prime", "amazon", "apple", "itunes", "hulu", "max", "hbo", "paramount",
                  "peacock", "mubi", "now", "sky", "iplayer", "itv", "channel", "bfi", "curzon", "google",
                  "youtube", "tubi", "pluto", "shudder", "crunchyroll", "criterion", "rakuten", "kanopy", "plex",
                  "fandango", "vudu", "canal", "stan", "crave", "movistar", "filmin", "globo", "joyn", "rtl",
                  "magenta")
_KINDS = ("flatrate", "rent", "buy")


@dataclass(frozen=True)
class WatchLanguage:
    """One language's where-to-watch vocabulary, compiled from its data file's ``where_to_watch`` section."""

    code: str
    stems: re.Pattern[str]
    question_start: re.Pattern[str]
    dates: re.Pattern[str]
    chatter: re.Pattern[str]
    opinion: re.Pattern[str]
    asks: re.Pattern[str]
    before_service: re.Pattern[str]
    has_before: re.Pattern[str]
    has_after: re.Pattern[str]
    listed: re.Pattern[str]
    kinds: tuple[tuple[str, re.Pattern[str]], ...]
    other_formats: tuple[re.Pattern[str], ...]
    not_title: re.Pattern[str]


def _alternation(entry: str | list[str] | None) -> str:
    """An entry's alternatives, folded, as one group (matching nothing when the entry is empty)."""
    return vocabulary.whole_words(entry).pattern


def _compile(code: str, data: dict[str, Any]) -> WatchLanguage:
    section: dict[str, Any] = data["where_to_watch"]
    release = vocabulary.load(code)
    stems = [*_SERVICE_STEMS, *section["stems"]]
    kinds = tuple((kind, vocabulary.whole_words(section["kinds"].get(kind))) for kind in _KINDS)
    # Everything the reading found that is not the film: cut from the title as the release words are.
    not_title = [section.get("strip"), data.get("openers"),
                 *(section["kinds"].get(kind) for kind in _KINDS)]
    return WatchLanguage(
        code=code,
        stems=re.compile("|".join(re.escape(vocabulary.fold(stem)) for stem in stems)),
        question_start=vocabulary.whole_words(section.get("question_start")),
        dates=vocabulary.whole_words(section["dates"]),
        chatter=vocabulary.whole_words(section["chatter"]),
        opinion=release.opinion,
        asks=vocabulary.whole_words(section["asks"]),
        before_service=re.compile(rf"{_alternation(section['before_service'])}\s*$"),
        has_before=re.compile(rf"{_alternation(section.get('has_before'))}\s+$"),
        has_after=re.compile(rf"\s*{_alternation(section.get('has_after'))}"),
        listed=re.compile(rf"\s*(?:,\s*)?(?:{_alternation(section['listed'])})?\s*"
                          rf"(?:{_alternation(section['before_service'])}\s*)?"),
        kinds=kinds,
        other_formats=tuple(pattern for fmt, pattern in release.formats if fmt is not Format.DIGITAL),
        not_title=re.compile("|".join(_alternation(part) for part in not_title if part)),
    )


@functools.cache
def load(code: str) -> WatchLanguage:
    """The compiled where-to-watch vocabulary of *code* ("fr"), read once from its data file."""
    return _compile(code, vocabulary.data_of(code))


@functools.cache
def _any_service() -> re.Pattern[str]:
    """Every service's name in one pattern, a group each (``s0``, ``s1``…, in :data:`SERVICES`' order, where
    a longer name comes before the shorter one it starts with): one scan finds them all."""
    names = "|".join(f"(?P<s{i}>{service.pattern})" for i, service in enumerate(SERVICES))
    return re.compile(rf"(?<![\w+])(?:{names})(?![\w+])")


def _services(lang: WatchLanguage, folded: str) -> list[tuple[int, int, Service]]:
    """The services named in *folded* where the film would be on them, as spans, without overlaps.

    A service counts after the language's preposition ("sur Netflix", "auf Netflix"), after another that
    counted ("sur Netflix ou Prime"), or where it is said to have the film ("hat Netflix den Film?",
    "Netflix l'a ?"); an ambiguous name ("Max", "Sky", "Stan") only after the preposition.
    """
    found = [(m.start(), m.end(), SERVICES[int(m.lastgroup[1:])])
             for m in _any_service().finditer(folded) if m.lastgroup]
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    named: list[tuple[int, int, Service]] = []
    last_end = -1
    for start, end, service in found:
        if start < last_end:
            continue
        last_end = end
        before = folded[max(0, start - _WINDOW) : start]
        if lang.before_service.search(before):
            named.append((start, end, service))
        elif service.ambiguous:
            continue
        elif ((named and lang.listed.fullmatch(folded[named[-1][1] : start])) or lang.has_before.search(before)
              or lang.has_after.match(folded, end)):
            named.append((start, end, service))
    return named


def _replaced(text: str, spans: list[tuple[int, int, Service]], by: Callable[[int, int], str]) -> str:
    """*text* with each span (in order, not overlapping) replaced by ``by(start, end)``, in one pass."""
    parts: list[str] = []
    at = 0
    for start, end, _ in spans:
        parts += [text[at:start], by(start, end)]
        at = end
    parts.append(text[at:])
    return "".join(parts)


def may_ask(lang: WatchLanguage, text: str) -> bool:
    """The fail-fast screen of unprompted messages: a question mark, and a service or a watch word's stem."""
    return ("?" in text or "¿" in text) and lang.stems.search(vocabulary.fold(text)) is not None


def parse_in(code: str, text: str, *, mentioned: bool,
             is_title: Callable[[str], bool] | None = None) -> WatchQuestion | None:
    """The where-to-watch question in *text* read as language *code*, or None (a date question: None too).

    *mentioned* loosens nothing, as in English: the phrasing is specific enough to read alike everywhere.
    """
    del mentioned  # kept so that every language's reading is called alike
    lang = load(code)
    if not text:
        return None
    cleaned = clean_text(text[:MAX_INPUT])
    if len(cleaned) < 3 or not lang.stems.search(vocabulary.fold(cleaned)):
        return None
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(cleaned) if s and s.strip(" .!?¿¡")] or [cleaned]
    for sentence in sentences[:_MAX_SENTENCES]:
        folded = vocabulary.fold(sentence)
        if lang.dates.search(folded):
            return None  # a date question (or a sentence with one) is the release answer's
        asked = "?" in sentence or "¿" in sentence or vocabulary.load(code).question_start.search(folded) or (
            lang.question_start.match(folded.lstrip("¿¡ ")))
        if not asked:
            continue
        spans = _services(lang, folded)
        if not spans and not lang.asks.search(folded):
            continue  # most sentences that get this far name no service and ask nothing of the kind
        masked = _replaced(folded, spans, lambda start, end: " " * (end - start))  # "sur Canal+": a service
        if lang.chatter.search(masked) or lang.opinion.search(masked) or any(
                pattern.search(masked) for pattern in lang.other_formats):
            continue
        kinds = tuple(kind for kind, pattern in lang.kinds if pattern.search(masked))
        rewritten = _replaced(sentence, spans, lambda start, end: "streaming")
        countries, title, context, names = vocabulary.read_film(code, rewritten, is_title=is_title,
                                                               extra=lang.not_title)
        services: dict[str, Service] = {}
        for _, _, service in spans:
            services.setdefault(service.name, service)
        return WatchQuestion(countries, title, context, tuple(services.values()), kinds, names, language=code)
    return None
