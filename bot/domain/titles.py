"""Film title look-ups — exact, typo-tolerant and prefix — that stay fast at a million films.

A query never scans every title. Exact hits come from normalised titles; typos are shortlisted
through a token index with a one-edit deletion table (SymSpell-style); rapidfuzz then scores only
that shortlist. Prefix look-ups for autocomplete walk sorted keys. :class:`TitleSearch` holds these
rules over primitive questions; :class:`TitleIndex` answers them from memory, and
``bot.db.title_index`` from the database (the shared catalogue), so both give the same answers.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import NamedTuple

from rapidfuzz import fuzz, process

from bot.domain.countries import find_country_spans

_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)")
_NON_WORD = re.compile(r"[^\w]+")
_YEAR_SUFFIX = re.compile(r"^(?P<title>.*?\S)[\s,]*[(\[]?(?P<year>1[89]\d\d|20\d\d|21\d\d)[)\]]?\s*$")

_SHORTLIST = 150  # candidates scored by rapidfuzz per query
_POSTING_BUDGET = 2500  # ids counted per query before falling back to intersections
_MIN_TYPO_TOKEN = 4  # shorter tokens must be spelt right
_SCAN_LIMIT = 20_000  # ids of a common word read while intersecting it with the next rarest
#: Autocomplete goes from the films of the rarest finished word when it has at most this many: each is
#: checked once and the check stops at the answer's size. At a million films a word of two syllables has
#: 3,200-4,000 films, and walking the words starting with what was typed instead cost 15-28 ms.
_FROM_RAREST = 6_000


def normalise(text: str) -> str:
    """Case-folded, accent-free, punctuation as spaces, "&" as "and": ``"Amélie!"`` → ``"amelie"``."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("&", " and ").replace("'", "").replace("’", "")
    text = _NON_WORD.sub(" ", text).replace("_", " ")
    return " ".join(text.split())


def title_key(text: str) -> str:
    """The normalised title without a leading "The"/"A"/"An": what exact look-ups compare."""
    return _ARTICLE.sub("", normalise(text))


def split_year(query: str) -> tuple[str, int | None]:
    """``"Dune (2021)"`` → ``("Dune", 2021)``; a query that is only a year keeps it as the title."""
    match = _YEAR_SUFFIX.match(query.strip())
    if not match:
        return query.strip(), None
    return match.group("title").strip(" ,-–"), int(match.group("year"))


@dataclass(frozen=True)
class TitleMatch:
    film_id: int
    title: str
    year: int | None
    score: float

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class TitleEntry(NamedTuple):
    """What an index keeps of one film: its title, year and look-up keys (title and aliases).

    A named tuple: cheap to build. The garbage collector stops tracking only plain tuples, though, so
    an index that keeps many recently read entries (the stored one) keeps them as plain tuples and
    makes these on the way out.
    """

    title: str
    year: int | None
    keys: tuple[str, ...]  # title_key of the title and every alias

    @property
    def tokens(self) -> frozenset[str]:
        return frozenset(tok for key in self.keys for tok in key.split())


def title_keys(title: str, aliases: Iterable[str] = ()) -> tuple[str, ...]:
    """The distinct non-empty look-up keys of a film: its title's and every alias's :func:`title_key`."""
    return tuple(dict.fromkeys(k for k in (title_key(n) for n in (title, *aliases)) if k))


def deletions(token: str) -> set[str]:
    """Every string one letter shorter than *token*: the SymSpell table's keys for a typo-able word."""
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


def typo_token(token: str) -> bool:
    """Whether a word is long enough to be found with a typo (its deletions are indexed)."""
    return len(token) >= _MIN_TYPO_TOKEN


_deletions = deletions


class TitleSearch(ABC):
    """The look-up rules over any store of titles: exact, typo-tolerant and prefix.

    Subclasses say where titles live (:class:`TitleIndex` in memory; ``bot.db.title_index`` in the
    database) by answering a handful of primitive questions; the rules, and so the answers, are the
    same whichever holds the titles.
    """

    # -- primitives --------------------------------------------------------------------------------

    @abstractmethod
    def _exact_ids(self, key: str) -> list[int]:
        """Films with this key, oldest first."""

    @abstractmethod
    def _entries(self, ids: Iterable[int]) -> dict[int, TitleEntry]:
        """The entries of these films (those still indexed)."""

    @abstractmethod
    def _sizes(self, tokens: Iterable[str]) -> dict[str, int]:
        """How many films hold each of these words; words no film holds are left out."""

    @abstractmethod
    def _spelt_from(self, variants: Iterable[str]) -> set[str]:
        """Indexed words that become one of *variants* when a letter is taken out."""

    @abstractmethod
    def _posting(self, token: str, limit: int | None = None) -> list[int]:
        """Films holding this word, oldest first (at most *limit*)."""

    def _holders(self, token: str, words: set[str], limit: int | None = None) -> tuple[list[int], set[int]]:
        """:meth:`_posting` (at most *limit*), and which of those films hold every word of *words* too."""
        posting = self._posting(token, limit)
        if not words:
            return posting, set(posting)
        entries = self._entries(posting)
        return posting, {i for i in posting if i in entries and words <= entries[i].tokens}

    def _iter_posting(self, token: str) -> Iterator[int]:
        """Like :meth:`_posting`, lazily (a common word's list can be long)."""
        return iter(self._posting(token))

    def _holders_starting(self, token: str, words: set[str], start: str, limit: int) -> list[int]:
        """The first *limit* films (oldest first) holding *token*, every word of *words*, and a word that
        starts with *start*."""
        posting, holders = self._holders(token, words)
        candidates = [i for i in posting if i in holders]
        entries = self._entries(candidates)
        found = []
        for film_id in candidates:
            entry = entries.get(film_id)
            if entry and any(t.startswith(start) for t in entry.tokens):
                found.append(film_id)
                if len(found) >= limit:
                    break
        return found

    def _prefixed_holders(self, prefix: str, words: set[str], per_word: int) -> Iterator[tuple[str, int, bool]]:
        """For each indexed word starting with *prefix*, in sorted order, its first *per_word* films as
        ``(word, film id, whether the film holds every word of *words*)``; lazily, as callers stop early."""
        for tok in self._vocab_prefixed(prefix):
            posting, holders = self._holders(tok, words, per_word)
            for film_id in posting:
                yield tok, film_id, film_id in holders

    @abstractmethod
    def _keys_from(self, prefix: str, start: tuple[str, int] | None, limit: int) -> list[tuple[str, int]]:
        """Sorted ``(key, film id)`` pairs whose key starts with *prefix*, after *start* when given."""

    @abstractmethod
    def _vocab_prefixed(self, prefix: str) -> Iterator[str]:
        """Indexed words starting with *prefix*, in sorted order."""

    @abstractmethod
    def __len__(self) -> int: ...

    @abstractmethod
    def __contains__(self, film_id: object) -> bool: ...

    @abstractmethod
    def forget(self) -> None:
        """Drop whatever is remembered of titles read: they changed elsewhere."""

    # -- look-ups --------------------------------------------------------------------------------

    def get(self, film_id: int) -> TitleMatch | None:
        entry = self._entries([film_id]).get(film_id)
        return TitleMatch(film_id, entry.title, entry.year, 100.0) if entry else None

    def exact(self, query: str) -> list[TitleMatch]:
        """Films whose title or alias equals the query once case, punctuation and article are ignored."""
        text, year = split_year(query)
        ids = self._exact_ids(title_key(text))
        if not ids and year is None:
            return []
        entries = self._entries(ids)
        if year is not None:
            ids = [i for i in ids if i in entries and entries[i].year == year]
            if not ids:
                ids = self._exact_ids(title_key(query))
                entries = self._entries(ids)
        return self._matches(dict.fromkeys(ids, 100.0), entries)

    def _token_variants(self, tok: str) -> dict[str, int]:
        """The indexed words within one typo of *tok* (itself included), with how many films hold each."""
        if not typo_token(tok):
            return self._sizes([tok])
        shorter = deletions(tok)
        found = self._sizes({tok} | shorter)  # itself, or an extra letter in the query
        # a letter missing from the query, or a wrong or swapped letter
        longer = self._spelt_from({tok} | shorter) - found.keys()
        if longer:
            found.update(self._sizes(longer))
        return found

    def _shortlist(self, tokens: list[str]) -> list[int]:
        sized: list[tuple[int, list[str]]] = []
        for tok in dict.fromkeys(tokens):
            variants = self._token_variants(tok)
            size = sum(variants.values())
            if size:
                sized.append((size, sorted(variants)))
        if not sized:
            return []
        sized.sort(key=lambda item: item[0])
        counts: Counter[int] = Counter()
        budget = _POSTING_BUDGET
        for size, variants in sized:
            if size > budget:
                break
            for variant in variants:
                counts.update(self._posting(variant))
            budget -= size
        if counts:
            return [film_id for film_id, _ in counts.most_common(_SHORTLIST)]
        # every token is common ("the love"): films holding the two rarest tokens, up to the shortlist size
        rarest = (i for variant in sized[0][1] for i in self._iter_posting(variant))
        if len(sized) == 1:
            return list(islice(rarest, _SHORTLIST))
        if sized[1][0] >= 4 * _POSTING_BUDGET:
            return list(islice(rarest, _SHORTLIST))
        second = {i for variant in sized[1][1] for i in self._posting(variant)}
        found = []
        for n, film_id in enumerate(rarest):
            if film_id in second:
                found.append(film_id)
                if len(found) >= _SHORTLIST:
                    break
            if n >= _SCAN_LIMIT:
                break
        return found

    def search(self, query: str, limit: int = 10, *, min_score: float = 60.0) -> list[TitleMatch]:
        """Best matches for a possibly misspelt title, best first, scored 0–100.

        Tolerates case, punctuation, a missing or extra leading article and a typo or two; a
        trailing year (``"Dune 2021"``) prefers films of that year.
        """
        text, year = split_year(query[:300])
        key = title_key(text)
        if not key:
            return []
        scores: dict[int, float] = dict.fromkeys(self._exact_ids(key), 100.0)
        plain = normalise(text)
        if plain != key:
            scores.update(dict.fromkeys(self._exact_ids(plain), 100.0))
        if year is not None:  # "Blade Runner 2049": the year may belong to the title
            scores.update(dict.fromkeys(self._exact_ids(title_key(query[:300])), 100.0))
        shortlist = [i for i in self._shortlist(key.split()) if i not in scores]
        entries = self._entries([*scores, *shortlist])
        choices: dict[tuple[int, int], str] = {}
        for film_id in shortlist:
            entry = entries.get(film_id)
            for n, k in enumerate(entry.keys if entry else ()):
                choices[(film_id, n)] = k
        if choices:
            for scorer, malus in ((fuzz.ratio, 0), (fuzz.token_sort_ratio, 2)):
                for _, score, (film_id, _) in process.extract(
                    key, choices, scorer=scorer, limit=None, score_cutoff=min_score + malus
                ):
                    scores[film_id] = max(scores.get(film_id, 0.0), score - malus)
        if year is not None:
            for film_id in list(scores):
                film_year = entries[film_id].year if film_id in entries else None
                if film_year == year:
                    scores[film_id] = min(100.0, scores[film_id] + 5)
                elif film_year is not None:
                    scores[film_id] -= 10
        return self._matches(scores, entries)[:limit]

    def _matches(self, scores: dict[int, float], entries: dict[int, TitleEntry] | None = None) -> list[TitleMatch]:
        if entries is None:
            entries = self._entries(scores)
        found = [
            TitleMatch(i, entries[i].title, entries[i].year, round(s, 1)) for i, s in scores.items() if i in entries
        ]
        found.sort(key=lambda m: (-m.score, -(m.year or 0), m.title))
        return found

    def prefix_choices(self, query: str, limit: int = 25) -> list[TitleMatch]:
        """Autocomplete: titles starting with the query, then titles with a word starting with it,
        then fuzzy matches. At most ``limit`` (Discord allows 25)."""
        limit = max(0, min(limit, 25))
        key = title_key(query[:300])
        if not key or not limit:
            return []
        found: dict[int, float] = {}
        start: tuple[str, int] | None = None
        while len(found) < limit:
            rows = self._keys_from(key, start, 2 * limit)
            for k, film_id in rows:
                found.setdefault(film_id, 100.0 if k == key else 90.0)
                if len(found) >= limit:
                    break
            if len(rows) < 2 * limit:
                break
            start = rows[-1]
        if len(found) < limit:
            self._word_prefix(key, found, limit)
        if not found and len(key) >= 3:
            for match in self.search(query, limit=limit, min_score=70):
                found.setdefault(match.film_id, match.score * 0.8)
                if len(found) >= limit:
                    break
        return self._matches(found)[:limit]

    def _word_prefix(self, key: str, found: dict[int, float], limit: int) -> None:
        """Titles holding every finished word of the query and a word starting with its last one."""
        words = key.split()
        last = words[-1]
        sizes = self._sizes(words[:-1])
        firsts = [w for w in words[:-1] if w in sizes]
        needed = set(firsts)
        if firsts:
            rarest = min(firsts, key=lambda w: sizes[w])
            if sizes[rarest] <= _FROM_RAREST:
                # at most *limit* of them can be new to *found*, however many it holds already
                for film_id in self._holders_starting(rarest, needed - {rarest}, last, limit):
                    found.setdefault(film_id, 80.0)
                    if len(found) >= limit:
                        return
                return
        # Every finished word is common (or unknown): the words starting with the last one, word by word,
        # until the answer is full or the films checked reach the budget (counted at a word's start).
        word = None
        for checked, (tok, film_id, holds) in enumerate(self._prefixed_holders(last, needed, limit * 4)):
            if len(found) >= limit:
                break
            if tok != word:
                if checked >= _POSTING_BUDGET:
                    break
                word = tok
            if holds:
                found.setdefault(film_id, 80.0)


class TitleIndex(TitleSearch):
    """Film titles by id in memory, searchable by exact title, typo-tolerant title and prefix.

    For a guild's own films and small catalogues; a large shared catalogue lives in the database.
    """

    def __init__(self) -> None:
        self._by_id: dict[int, TitleEntry] = {}
        self._exact: dict[str, list[int]] = {}
        self._postings: dict[str, list[int]] = {}
        self._deletes: dict[str, list[str]] = {}
        self._sorted_keys: list[tuple[str, int]] | None = None
        self._sorted_vocab: list[str] | None = None

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, film_id: object) -> bool:
        return film_id in self._by_id

    # -- changes ---------------------------------------------------------------------------------

    def add(self, film_id: int, title: str, year: int | None = None, aliases: Iterable[str] = ()) -> None:
        """Add a film, or replace the one with this id."""
        if film_id in self._by_id:
            self.remove(film_id)
        entry = TitleEntry(title, year, title_keys(title, aliases))
        self._by_id[film_id] = entry
        for key in entry.keys:
            self._exact.setdefault(key, []).append(film_id)
            if self._sorted_keys is not None:
                bisect.insort(self._sorted_keys, (key, film_id))
        for tok in entry.tokens:
            posting = self._postings.get(tok)
            if posting is None:
                self._postings[tok] = [film_id]
                self._add_vocab(tok)
            else:
                posting.append(film_id)

    replace = add

    def add_many(self, films: Iterable[tuple[int, str, int | None, Iterable[str]]]) -> None:
        """Bulk load ``(film_id, title, year, aliases)`` rows; sorted views are rebuilt lazily."""
        self._sorted_keys = None
        self._sorted_vocab = None
        for film_id, title, year, aliases in films:
            self.add(film_id, title, year, aliases)

    def remove(self, film_id: int) -> None:
        entry = self._by_id.pop(film_id, None)
        if entry is None:
            return
        for key in entry.keys:
            ids = self._exact.get(key, [])
            if film_id in ids:
                ids.remove(film_id)
            if not ids:
                self._exact.pop(key, None)
            if self._sorted_keys is not None:
                pos = bisect.bisect_left(self._sorted_keys, (key, film_id))
                if pos < len(self._sorted_keys) and self._sorted_keys[pos] == (key, film_id):
                    del self._sorted_keys[pos]
        for tok in entry.tokens:
            posting = self._postings.get(tok, [])
            if film_id in posting:
                posting.remove(film_id)
            if not posting:
                self._postings.pop(tok, None)
                self._drop_vocab(tok)

    def _add_vocab(self, tok: str) -> None:
        if self._sorted_vocab is not None:
            bisect.insort(self._sorted_vocab, tok)
        if typo_token(tok):
            for variant in deletions(tok):
                self._deletes.setdefault(variant, []).append(tok)

    def _drop_vocab(self, tok: str) -> None:
        if self._sorted_vocab is not None:
            pos = bisect.bisect_left(self._sorted_vocab, tok)
            if pos < len(self._sorted_vocab) and self._sorted_vocab[pos] == tok:
                del self._sorted_vocab[pos]
        if typo_token(tok):
            for variant in deletions(tok):
                words = self._deletes.get(variant)
                if words and tok in words:
                    words.remove(tok)
                    if not words:
                        del self._deletes[variant]

    # -- primitives ------------------------------------------------------------------------------

    def forget(self) -> None:
        """Nothing to drop: changes reach this index through :meth:`add` and :meth:`remove`."""

    def _exact_ids(self, key: str) -> list[int]:
        return self._exact.get(key, [])

    def _entries(self, ids: Iterable[int]) -> dict[int, TitleEntry]:
        by_id = self._by_id
        return {i: by_id[i] for i in ids if i in by_id}

    def _sizes(self, tokens: Iterable[str]) -> dict[str, int]:
        postings = self._postings
        return {t: len(postings[t]) for t in tokens if t in postings}

    def _spelt_from(self, variants: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for variant in variants:
            found.update(self._deletes.get(variant, ()))
        return found

    def _posting(self, token: str, limit: int | None = None) -> list[int]:
        posting = self._postings.get(token, [])
        return posting if limit is None else posting[:limit]

    def _keys_from(self, prefix: str, start: tuple[str, int] | None, limit: int) -> list[tuple[str, int]]:
        if self._sorted_keys is None:
            self._sorted_keys = sorted((k, i) for k, ids in self._exact.items() for i in ids)
        keys = self._sorted_keys
        pos = bisect.bisect_left(keys, (prefix, -1)) if start is None else bisect.bisect_right(keys, start)
        found = []
        while pos < len(keys) and len(found) < limit:
            k, film_id = keys[pos]
            if not k.startswith(prefix):
                break
            found.append((k, film_id))
            pos += 1
        return found

    def _vocab_prefixed(self, prefix: str) -> Iterator[str]:
        if self._sorted_vocab is None:
            self._sorted_vocab = sorted(self._postings)
        vocab = self._sorted_vocab
        pos = bisect.bisect_left(vocab, prefix)
        while pos < len(vocab) and vocab[pos].startswith(prefix):
            yield vocab[pos]
            pos += 1


# Words that do not name a film on their own when found in a question.
_FILLER = frozenset(
    """
    a an the and or but so oh hey hi hello ok okay also btw anyone anybody someone does do did is are was
    were will would can could should has have had be been being it its this that these those they them
    he she we us you your i im ive me my mine our when whens where wheres what whats which who how why
    any news word idea know knows wondering wonder tell please pls plz thanks thx yet still already ever
    now soon out release released releases releasing date dates due come comes coming came hit hits
    hitting get gets getting got available availability cinema cinemas theater theaters theatre
    theatres theatrical dvd dvds blu ray bluray blurays 4k uhd digital digitally streaming stream
    streams netflix prime amazon disney hulu max hbo apple itunes tv television premiere premieres
    premiered festival watch see rent buy on in at to for of from by with about film movie flick
    one here there going gonna be in uk us usa
    """.split()  # noqa: SIM905 - a word list reads best as prose
)


def _strip_markup(text: str) -> str:
    text = re.sub(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:\d+(?::\w)?>", " ", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t")


def _words(text: str) -> list[str]:
    return normalise(text).split()


def find_titles_in_text(text: str, index: TitleSearch, *, min_score: float = 85.0) -> list[TitleMatch]:
    """Films named somewhere in a free-text question: the best match and any that tie with it.

    Exact titles anywhere in the text win (longest first), ignoring stretches made only of question
    words. Otherwise country words are taken out, question words trimmed from the ends, and what is
    left is fuzzy-matched. Several results mean the text is ambiguous (two films called "Dune").
    """
    text = _strip_markup(text[:2000])
    words = _words(text)[:80]
    best: list[TitleMatch] = []
    exact_words = 0
    for size in range(min(len(words), 12), 0, -1):
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            if all(w in _FILLER for w in window):
                continue
            seen = {b.film_id for b in best}
            best.extend(h for h in index.exact(" ".join(window))[:10] if h.film_id not in seen)
        if best:
            exact_words = size
            break
    pieces: list[str] = []
    last = 0
    for start, end, _ in find_country_spans(text):
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    candidates: list[TitleMatch] = []
    cores: list[list[str]] = []
    for piece in pieces:
        core = _words(piece)
        while core and core[0] in _FILLER and core[0] not in {"the", "a", "an"}:
            core.pop(0)
        while core and core[-1] in _FILLER:
            core.pop()
        if not core or all(w in _FILLER for w in core):
            continue
        if len(" ".join(core)) >= 5:
            cores.append(core)
    if best and all(len(core) <= exact_words for core in cores):
        return best
    for core in cores:  # the whole stretch first: usually it is the title, typos and all
        found = index.search(" ".join(core), limit=3, min_score=min_score)
        # a longer title matched with a typo beats a short exact word inside it ("Never" in "never let me goo")
        candidates.extend(m for m in found if len(title_key(m.title).split()) > exact_words)
    if best and not candidates:
        return best
    for core in cores if not candidates else ():
        for drop_front in range(min(3, len(core))):
            for drop_back in range(min(3, len(core) - drop_front)):
                sub = core[drop_front : len(core) - drop_back]
                if drop_front == drop_back == 0 or not sub or all(w in _FILLER for w in sub) or len(" ".join(sub)) < 5:
                    continue
                penalty = 2 * (drop_front + drop_back)
                for match in index.search(" ".join(sub), limit=3, min_score=min_score):
                    candidates.append(
                        TitleMatch(match.film_id, match.title, match.year, match.score - penalty)
                    )
    if not candidates:
        return []
    merged: dict[int, TitleMatch] = {}
    for match in candidates:
        if match.score >= min_score and (
            match.film_id not in merged or merged[match.film_id].score < match.score
        ):
            merged[match.film_id] = match
    if not merged:
        return []
    ranked = sorted(merged.values(), key=lambda m: (-m.score, -(m.year or 0)))
    top = ranked[0].score
    return [m for m in ranked if m.score >= top - 0.5]


def find_title_in_text(text: str, index: TitleSearch) -> TitleMatch | None:
    """The single best film named in the text, or None (first of several ties: newest first)."""
    found = find_titles_in_text(text, index)
    return found[0] if found else None
