"""Release questions asked in French, German, Spanish and Portuguese: one parser, one data file per language.

English keeps its own, older and finer parser (:mod:`bot.domain.questions`). The other languages share
the generic reading below, and everything that is a language's own — its question words, release verbs,
format words, the words that mean "the thread's film", the prepositions before a country, the words
trimmed off a title — lives in ``bot/locales/questions/<code>.yaml``. Adding a language is a data file
and a test set, not code (the file's header says what each entry is for).

The reading is as conservative as the English one: a message is a question only when it asks (a
question mark or a question opening) about a release (a release verb or phrase, a format) or when the
member addressed the bot; chatter ("j'ai vu le film hier au cinéma") is left alone. Patterns match the
sentence lower-cased with its accents removed (so "cinema" finds "cinéma" and "Etats-Unis" finds
"États-Unis"), which keeps every character in place: spans found in the folded text cut the original.

Countries are Babel's (CLDR) territory names in the language, plus the file's short and colloquial
forms, read with the article or preposition before them ("au Royaume-Uni", "in den USA", "nos EUA").
Every step is a bounded number of regex scans and dictionary probes per word: linear in the input.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from babel import Locale

from bot.domain.countries import is_country_code
from bot.domain.locales import pick
from bot.domain.models import Format
from bot.domain.questions import MAX_INPUT, ReleaseQuestion, clean_text

__all__ = ["LANGUAGES", "QuestionLanguage", "data_of", "fold", "is_chatter", "languages_for", "load", "parse_in",
           "read_film", "whole_words"]

#: The languages with a data file, in the codes ``parse_release_question`` takes.
LANGUAGES = ("fr", "de", "es", "pt")

_MAX_SENTENCES = 40
_MAX_COUNTRY_WORDS = 5
_SENTENCE_BREAK = re.compile(r"(?<=[!?])\s*|(?<!\b[A-Z])(?<=\.)\s+|\n+")
_PUNCTUATION = re.compile(r"[?!.,;:\"“”«»„()\[\]¿¡]+")
_WORD = re.compile(r"\w+(?:['’.]\w+)*\.?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_YEAR_IN_BRACKETS = re.compile(r"\((1[89]\d\d|20\d\d|21\d\d)\)")
#: A terse mention that reads as English ("is it out on DVD in the UK?") is English's to understand: a
#: language tried before English must not take it for a title in its own words.
_ENGLISH_GIVEAWAYS = re.compile(r"\b(?:is|it|out|when|does|did|will|has|are|was|released?|coming|come)\b")


@functools.lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    low = ch.lower()
    if len(low) != 1:  # "İ" lowers to two characters: keep the letter as it is
        low = ch
    base = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return base if len(base) == 1 else low


def fold(text: str) -> str:
    """*text* lower-cased and without accents, character for character (the same length, the same places)."""
    if text.isascii():
        return text.lower()
    return "".join(map(_fold_char, text))


def _fold_pattern(source: str) -> str:
    """A pattern from a data file folded like the text it meets; backslash escapes (``\\w``, ``\\S``) kept."""
    return re.sub(r"\\.|[^\\]+", lambda m: m.group() if m.group().startswith("\\") else fold(m.group()), source)


def _words(pattern: str | list[str] | None) -> str:
    """A data file's entry (one pattern, or a list of alternatives) as one folded alternation."""
    if not pattern:
        return r"(?!x)x"  # matches nothing
    parts = [pattern] if isinstance(pattern, str) else list(pattern)
    return "|".join(f"(?:{_fold_pattern(str(part))})" for part in parts)


#: A word ends where no letter follows, or on an elision's apostrophe ("qu'" in "qu'il").
_END = r"(?:(?<=')|(?!\w))"


def _bounded(pattern: str | list[str] | None) -> re.Pattern[str]:
    """The entry as whole words: never the middle of a longer word."""
    return re.compile(rf"(?<!\w)(?:{_words(pattern)}){_END}")


def _key(name: str) -> str:
    folded = fold(name).replace("’", "'").replace("-", " ")
    return re.sub(r"\s+", " ", folded).strip(" .")


@dataclass(frozen=True)
class QuestionLanguage:
    """One language's vocabulary, compiled from its data file."""

    code: str
    stems: re.Pattern[str]
    question_start: re.Pattern[str]
    when: re.Pattern[str]
    timing: re.Pattern[str]
    release: re.Pattern[str]
    release_weak: re.Pattern[str]
    watch: re.Pattern[str]
    release_date: re.Pattern[str]
    not_release: re.Pattern[str]
    opinion: re.Pattern[str]
    judgement: re.Pattern[str]
    formats: tuple[tuple[Format, re.Pattern[str]], ...]
    context: re.Pattern[str]
    context_whole: re.Pattern[str]
    cuts: re.Pattern[str]
    edge_words: frozenset[str]
    ignorable: frozenset[str]
    before_country: re.Pattern[str]
    countries: dict[str, str]
    codes: dict[str, str]
    capitalised_only: frozenset[str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]


def _country_table(data: dict[str, Any]) -> dict[str, str]:
    """Folded name → ISO code: Babel's names of every country in the language, then the file's own."""
    table: dict[str, str] = {}
    dropped = {_key(name) for name in data.get("not_countries", [])}
    for babel_code in data["babel"]:
        for code, name in Locale.parse(babel_code).territories.items():
            if not (len(code) == 2 and code.isalpha() and is_country_code(code)):
                continue  # regions ("150"), the EU, unknown territories
            for variant in (name, name.split(",", 1)[0], name.split("(", 1)[0]):
                key = _key(variant)
                if key and key not in dropped:
                    table.setdefault(key, code.upper())
    for name, code in (data.get("countries") or {}).items():
        table[_key(str(name))] = str(code).upper()
    return table


def _compile(data: dict[str, Any]) -> QuestionLanguage:
    formats = tuple((Format(name), _bounded(pattern)) for name, pattern in data["formats"].items())
    # Everything that is not the title: the file's own list, then every other word class it defines.
    cut_parts = [data.get(key) for key in ("release_date", "strip", "question_start", "when", "timing", "release",
                                           "release_weak", "watch")]
    cut_parts += list(data["formats"].values())
    cuts = re.compile(r"(?<!\w)(?:" + "|".join(_words(part) for part in cut_parts if part) + ")" + _END)
    edge = frozenset(fold(word).strip("'-") for word in data.get("edge_words", []))
    return QuestionLanguage(
        code=data["language"],
        stems=re.compile("|".join(re.escape(fold(stem)) for stem in data["stems"])),
        question_start=re.compile(rf"^[\W_]*(?:(?:{_words(data.get('openers'))})[\s,:;!-]+)*"
                                  rf"(?:{_words(data['question_start'])})(?!\w)"),
        when=_bounded(data["when"]),
        timing=_bounded(data.get("timing")),
        release=_bounded(data["release"]),
        release_weak=_bounded(data.get("release_weak")),
        watch=_bounded(data.get("watch")),
        release_date=_bounded(data.get("release_date")),
        not_release=_bounded(data.get("not_release")),
        opinion=_bounded(data.get("opinion")),
        judgement=_bounded(data.get("judgement")),
        formats=formats,
        context=_bounded(data["context"]),
        context_whole=re.compile(rf"(?:{_words(data['context'])})"),
        cuts=cuts,
        edge_words=edge,
        ignorable=edge | frozenset(fold(word).strip("'-") for word in data.get("ignorable", [])),
        before_country=re.compile(rf"(?:(?<!\w)(?:{_words(data['before_country'])})[\s']*)+$"),
        countries=_country_table(data),
        codes={str(k): str(v).upper() for k, v in (data.get("codes") or {}).items()},
        capitalised_only=frozenset(_key(word) for word in data.get("capitalised_only", [])),
        rewrites=tuple((re.compile(pattern), replacement) for pattern, replacement in data.get("rewrites", [])),
    )


class _WordsLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML that reads every plain word as a string: YAML 1.1 would make "no", "on" and "y" booleans.

    On libyaml's parser where PyYAML has it (its wheels do): the four vocabularies are read at every start,
    and the pure-Python parser took 130 ms of it, libyaml 20 ms, for the same data.
    """


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _data_text(code: str) -> str:
    if code not in LANGUAGES:
        raise KeyError(f"no question vocabulary for language {code!r}")
    return resources.files("bot").joinpath("locales", "questions", f"{code}.yaml").read_text(encoding="utf-8")


@functools.cache
def data_of(code: str) -> dict[str, Any]:
    """The data file of *code* as read, once: the where-to-watch reading takes its own section from it."""
    data = yaml.load(_data_text(code), Loader=_WordsLoader)  # noqa: S506 (a safe loader)
    if data.get("language") != code:
        raise ValueError(f"questions/{code}.yaml says it is {data.get('language')!r}")
    return data


def whole_words(entry: str | list[str] | None) -> re.Pattern[str]:
    """A data file's entry compiled as every entry is: folded, alternatives in order, whole words only."""
    return _bounded(entry)


@functools.cache
def load(code: str) -> QuestionLanguage:
    """The compiled vocabulary of *code* ("fr"), read once from its data file."""
    return _compile(data_of(code))


# ---------------------------------------------------------------------------------------------------------------


def _countries(lang: QuestionLanguage, sentence: str) -> list[tuple[int, int, str, int]]:
    """``(start, end, code, name_start)`` of the countries named in *sentence*: *start* takes in the article or
    preposition before the name ("au Royaume-Uni"), *name_start* is where the name itself begins."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(sentence)]
    found: list[tuple[int, int, str, int]] = []
    i = 0
    while i < len(words):
        start, end, word = words[i]
        code = lang.codes.get(word) or lang.codes.get(word.rstrip("."))
        size = 1
        if code is None:
            for size in range(min(_MAX_COUNTRY_WORDS, len(words) - i), 0, -1):
                first, last = words[i], words[i + size - 1]
                raw = sentence[first[0] : last[1]]
                if size > 1 and not re.fullmatch(r"[\w'’.]+(?:[ -][\w'’.]+)*", raw):
                    continue
                key = _key(raw)
                candidate = lang.countries.get(key)
                if candidate is None or len(key) <= 2:
                    continue
                if key in lang.capitalised_only and not raw[:1].isupper():
                    continue
                code, end = candidate, last[1]
                break
        if code is None:
            i += 1
            continue
        lead = lang.before_country.search(fold(sentence[max(0, start - 24) : start]))
        found.append((start - len(lead.group()) if lead else start, end, code, start))
        i += size
    return found


def _formats(lang: QuestionLanguage, folded: str) -> tuple[Format, ...]:
    found = sorted((m.start(), fmt) for fmt, pattern in lang.formats if (m := pattern.search(folded)))
    return tuple(dict.fromkeys(fmt for _, fmt in found))


def _is_question(lang: QuestionLanguage, sentence: str, folded: str, *, mentioned: bool, has_format: bool,
                 has_country: bool) -> bool:
    dated = lang.release_date.search(folded) is not None
    if not dated and (lang.not_release.search(folded) or lang.opinion.search(folded)):
        rest = lang.opinion.sub(" ", lang.not_release.sub(" ", folded))
        if not (lang.release.search(rest) and lang.when.search(rest)):
            return False
    opens = lang.question_start.search(folded) is not None
    asked = opens or "?" in sentence or "¿" in sentence
    words = len(sentence.split())
    if dated and (asked or mentioned or words <= 8):
        return True
    release = lang.release.search(folded) is not None
    timing = lang.timing.search(folded) is not None
    where = has_format or has_country
    # Weaker words ("passe", "arrive", "kommt") and seeing it ("voir") speak of a release only beside a
    # format or a country (or, for the weaker words, a time word or "when").
    when = lang.when.search(folded) is not None
    weak = lang.release_weak.search(folded) is not None and (where or timing or when)
    watch = lang.watch.search(folded) is not None and where
    if when and asked and (release or weak or watch or has_format):
        return True
    if asked and (release or weak or watch):
        return True
    if mentioned and (release or weak or watch) and (where or timing):
        return True
    judged = lang.judgement.search(folded) is not None
    # "ist er schon auf Netflix?", "est-il sur Netflix ?": a question about a format, without a verb.
    if opens and has_format and not judged:
        return True
    # "@Reviewbot Dune 2 en DVD au Royaume-Uni ?": no verb, but a format or a country, asked of the bot.
    return (mentioned and "?" in sentence and (has_format or has_country) and words <= 12 and not judged
            and not _ENGLISH_GIVEAWAYS.search(folded))


def _cuts(lang: QuestionLanguage, folded: str, extra: re.Pattern[str] | None = None) -> list[tuple[int, int, str]]:
    """Where the sentence is not a title: the language's words ("word") and punctuation ("punct"); *extra*
    adds a caller's own words (the where-to-watch reading's)."""
    cuts = [(m.start(), m.end(), "word") for m in lang.cuts.finditer(folded)]
    if extra is not None:
        cuts += [(m.start(), m.end(), "word") for m in extra.finditer(folded)]
    cuts += [(m.start(), m.end(), "punct") for m in _PUNCTUATION.finditer(folded)]
    return sorted(cuts)


def _title(lang: QuestionLanguage, sentence: str, folded: str,
           countries: list[tuple[int, int, str, int]], extra: re.Pattern[str] | None = None) -> tuple[str | None, bool]:
    """The words left for a film title, and whether they stand where the asked-about film goes."""
    cuts = sorted([(s, e, "country") for s, e, _, _ in countries] + _cuts(lang, folded, extra))
    chunks: list[tuple[str, str, str]] = []  # text, what cut it on the left, on the right
    at, left = 0, "edge"
    for start, end, kind in [*cuts, (len(sentence), len(sentence), "edge")]:
        if start > at:
            chunks.append((sentence[at:start], left, kind))
        if end > at:
            at, left = end, kind
    best: tuple[str, str, str] | None = None
    for text, before, after in chunks:
        chunk = _trimmed(lang, text)
        key = fold(chunk)
        if not chunk or not re.search(r"\w", chunk) or key in lang.ignorable or lang.context_whole.fullmatch(key):
            continue
        if best is None or len(chunk) > len(best[0]):
            best = (chunk, before, after)
    if best is None:
        return None, False
    names = "word" in (best[1], best[2]) and lang.context.search(folded) is None
    return best[0], names


def _trimmed(lang: QuestionLanguage, text: str) -> str:
    """*text* without the articles, prepositions and pronouns at either end."""
    words = text.split()
    while words and fold(words[0]).strip("'-") in lang.edge_words:
        words.pop(0)
    while words and fold(words[-1]).strip("'-") in lang.edge_words:
        words.pop()
    return " ".join(words).strip(" -–—'\"")


#: Title look-ups per message, and country names looked at per sentence: hostile text stays cheap.
_TITLE_CHECK_BUDGET = 200
_MAX_COUNTRY_CHECKS = 8


def _title_with_country(
    lang: QuestionLanguage, sentence: str, folded: str, spans: list[tuple[int, int, str, int]],
    is_title: Callable[[str], bool], extra: re.Pattern[str] | None = None,
) -> tuple[int, str] | None:
    """A known title that holds a country's name ("Central do Brasil", "Australia"): which span, and the title.

    The stretch between the words around the name is looked up first; the name alone counts as a title
    only where no article or preposition stands before it ("¿cuándo sale Australia en DVD?"), since
    "¿ya salió en Australia?" asks about the country.
    """
    cuts = _cuts(lang, folded, extra) + [(s, e, "country") for s, e, _, _ in spans]  # another country ends it too
    for n, (start, end, _, name_start) in enumerate(spans[:_MAX_COUNTRY_CHECKS]):
        left = max((e for _, e, _ in cuts if e <= name_start), default=0)
        right = min((s for s, _, _ in cuts if s >= end), default=len(sentence))
        stretch = _trimmed(lang, sentence[left:right])
        name = sentence[name_start:end]
        if len(stretch) > len(name) and is_title(stretch):
            return n, stretch
        if start == name_start and is_title(name):
            return n, name
    return None


def _prepare(lang: QuestionLanguage, text: str) -> str:
    for pattern, replacement in lang.rewrites:
        text = pattern.sub(replacement, text)
    return _YEAR_IN_BRACKETS.sub(r" \1 ", text)


def may_ask(lang: QuestionLanguage, text: str) -> bool:
    """The fail-fast screen of unprompted messages: False when *text* holds none of the language's stems.

    Every release word and format word of the data file contains one of its ``stems`` (a unit test checks
    it), so a text without any is not a question. Text whose cleaning could join letters into a word
    (control characters, markup, anything outside ASCII) is cleaned first.
    """
    if text.isascii() and _CONTROLS.search(text) is None:
        return lang.stems.search(text.lower()) is not None
    return lang.stems.search(fold(clean_text(text))) is not None


def parse_in(code: str, text: str, *, mentioned: bool,
             is_title: Callable[[str], bool] | None = None) -> ReleaseQuestion | None:
    """The release question in *text* read as language *code*, or None.

    *is_title* says whether a phrase is a film title the catalogue knows: a country's name inside such a
    title ("Central do Brasil") is then the title, not the country asked about.
    """
    lang = load(code)
    if not text or (not mentioned and not may_ask(lang, text)):
        return None
    cleaned = _prepare(lang, clean_text(text[:MAX_INPUT]))
    if len(cleaned) < 3:
        return None
    sentences = [s.strip() for s in _SENTENCE_BREAK.split(cleaned) if s and s.strip(" .!?")] or [cleaned]
    checks = [_TITLE_CHECK_BUDGET]

    def budgeted(phrase: str) -> bool:
        if is_title is None or checks[0] <= 0:
            return False
        checks[0] -= 1
        return is_title(phrase)

    for sentence in sentences[:_MAX_SENTENCES]:
        folded = fold(sentence)
        formats = _formats(lang, folded)
        spans = _countries(lang, sentence)
        titled = _title_with_country(lang, sentence, folded, spans, budgeted) if spans and is_title else None
        if titled:
            spans = spans[: titled[0]] + spans[titled[0] + 1 :]
        countries = tuple(dict.fromkeys(code for _, _, code, _ in spans))
        if not _is_question(lang, sentence, folded, mentioned=mentioned, has_format=bool(formats),
                            has_country=bool(countries)):
            continue
        if titled:
            return ReleaseQuestion(formats, countries, titled[1], False, True, language=code)
        title, names = _title(lang, sentence, folded, spans)
        return ReleaseQuestion(formats, countries, title, title is None, names, language=code)
    return None


def read_film(code: str, sentence: str, *, is_title: Callable[[str], bool] | None = None,
              extra: re.Pattern[str] | None = None) -> tuple[tuple[str, ...], str | None, bool, bool]:
    """``(countries, title, refers to the thread's film, names a film)`` in one sentence already taken for a
    question, read as a release question's are: the where-to-watch reading asks this of its sentence.

    *extra* matches (in the folded sentence) further words that are not the title, such as watch phrasing.
    """
    lang = load(code)
    sentence = _prepare(lang, sentence)
    folded = fold(sentence)
    spans = _countries(lang, sentence)
    checks = [_TITLE_CHECK_BUDGET]

    def budgeted(phrase: str) -> bool:
        if is_title is None or checks[0] <= 0:
            return False
        checks[0] -= 1
        return is_title(phrase)

    titled = _title_with_country(lang, sentence, folded, spans, budgeted, extra) if spans and is_title else None
    if titled:
        spans = spans[: titled[0]] + spans[titled[0] + 1 :]
    countries = tuple(dict.fromkeys(code for _, _, code, _ in spans))
    if titled:
        return countries, titled[1], False, True
    title, names = _title(lang, sentence, folded, spans, extra)
    return countries, title, title is None, names


@functools.lru_cache(maxsize=64)
def languages_for(locale: str | None) -> tuple[str, ...]:
    """The languages to read a server's questions in: its own (Discord's ``preferred_locale``), then English.

    The language part of the locale Reviewbot speaks (``pick``: "pt-BR" → "pt", "es-419" → "es"); a
    server in a language without a question vocabulary, or in English, reads English only.
    """
    code = pick(locale).discord.split("-", 1)[0].lower()
    return (code, "en") if code in LANGUAGES else ("en",)


def is_chatter(code: str, text: str) -> bool:
    """Whether *text* is plainly talk in language *code* about having seen the film, or another sense of a
    release word ("você viu o filme no cinema?", "o filme saiu de moda"): then no other language should
    try to read a question into it.
    """
    lang = load(code)
    folded = fold(clean_text(text[:MAX_INPUT]))
    return lang.opinion.search(folded) is not None or lang.not_release.search(folded) is not None


def vocabulary_words(code: str) -> Iterable[tuple[str, re.Pattern[str]]]:
    """The entries the fail-fast screen must cover (release words and formats), unbounded, for the tests."""
    data = yaml.load(_data_text(code), Loader=_WordsLoader)  # noqa: S506 (a safe loader)
    for key in ("release", "release_weak", "watch", "release_date"):
        yield key, re.compile(_words(data.get(key)))
    for name, pattern in data["formats"].items():
        yield name, re.compile(_words(pattern))
