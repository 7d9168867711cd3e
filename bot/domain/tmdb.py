"""The Movie Database's answers, read into Reviewbot's own film model.

Pure: the JSON TMDB sends goes in, dataclasses come out, and anything that is not TMDB's documented
shape is refused (:class:`TmdbShapeError`) rather than guessed at, because a wrong date is the worst
answer the bot can give. What TMDB's data means, as its editing rules say:

- release types are 1 premiere, 2 limited theatrical, 3 theatrical, 4 digital, 5 physical, 6 TV;
- ``release_date`` at midnight UTC stands for that calendar day in that country (no time-zone sums);
- a date known only to the year is entered as 1 January, so 1 January is read as "that year";
- a premiere is a first public screening (often a festival), not a general release.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

from bot.domain.countries import is_country_code
from bot.domain.models import Film, PartialDate, Release, ReleaseType

__all__ = [
    "OFFER_KINDS", "TMDB_ATTRIBUTION", "CountryOffers", "ListedTitle", "SearchHit", "TmdbMovie", "TmdbShapeError",
    "WatchOffer", "parse_changes", "parse_details", "parse_id_export_line", "parse_search", "tmdb_date",
]

#: The notice TMDB's terms ask of every product using its API, where the product credits its sources.
TMDB_ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
#: The kinds of watch offer TMDB lists per country (from JustWatch), in the order answers give them.
OFFER_KINDS = ("flatrate", "free", "ads", "rent", "buy")
MAX_TITLE = 300
MAX_NOTE = 200
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)?")


class TmdbShapeError(ValueError):
    """TMDB sent something other than its documented shape; the message says which field."""


@dataclass(frozen=True)
class WatchOffer:
    provider: str
    kind: str  # one of OFFER_KINDS
    priority: int = 0


@dataclass(frozen=True)
class CountryOffers:
    """Where a film can be watched in one country: TMDB's watch providers, which come from JustWatch."""

    country: str
    offers: tuple[WatchOffer, ...] = ()
    link: str | None = None

    def of_kind(self, kind: str) -> tuple[str, ...]:
        return tuple(o.provider for o in sorted(self.offers, key=lambda o: o.priority) if o.kind == kind)


@dataclass(frozen=True)
class TmdbMovie:
    film: Film
    offers: dict[str, CountryOffers] = field(default_factory=dict)


@dataclass(frozen=True)
class SearchHit:
    tmdb_id: int
    title: str
    year: int | None
    original_title: str | None = None
    popularity: float = 0.0


def tmdb_date(value: Any, where: str = "release_date") -> PartialDate | None:
    """A TMDB date as the calendar date it stands for; None for TMDB's empty date ("")."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise TmdbShapeError(f"{where} is not a date")
    match = _DATE.fullmatch(value.strip())
    if match is None:
        raise TmdbShapeError(f"{where} {value[:40]!r} is not a date TMDB writes")
    year, month, day = (int(part) for part in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise TmdbShapeError(f"{where} {value[:40]!r} is not a calendar date") from None
    if month == 1 and day == 1:
        return PartialDate(year)  # TMDB's way of entering a year-only date
    return PartialDate(year, month, day)


def _text(value: Any, where: str, *, limit: int, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise TmdbShapeError(f"{where} is missing")
        return None
    if not isinstance(value, str):
        raise TmdbShapeError(f"{where} is not text")
    text = " ".join(value.split())[:limit]
    if required and not text:
        raise TmdbShapeError(f"{where} is empty")
    return text or None


def _id(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 10**10:
        raise TmdbShapeError(f"{where} is not a TMDB id")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TmdbShapeError(f"{where} is not a list")
    return value


def _releases(payload: Any) -> tuple[Release, ...]:
    if payload is None:
        return ()
    if not isinstance(payload, dict):
        raise TmdbShapeError("release_dates is not an object")
    found: list[Release] = []
    for n, group in enumerate(_list(payload.get("results"), "release_dates.results")):
        where = f"release_dates.results[{n}]"
        if not isinstance(group, dict):
            raise TmdbShapeError(f"{where} is not an object")
        country = group.get("iso_3166_1")
        if not isinstance(country, str) or not is_country_code(country):
            continue  # TMDB keeps a few historical codes (XC, SU): nobody asks about those
        for m, entry in enumerate(_list(group.get("release_dates"), f"{where}.release_dates")):
            spot = f"{where}.release_dates[{m}]"
            if not isinstance(entry, dict):
                raise TmdbShapeError(f"{spot} is not an object")
            kind = entry.get("type")
            if isinstance(kind, bool) or kind not in range(1, 7):
                raise TmdbShapeError(f"{spot}.type {kind!r} is not a release type 1-6")
            date = tmdb_date(entry.get("release_date"), f"{spot}.release_date")
            if date is None:
                continue  # a release with no date says nothing anyone can be told
            found.append(Release(country=country.upper(), type=ReleaseType(kind), date=date,
                                 certification=_text(entry.get("certification"), f"{spot}.certification", limit=20),
                                 note=_text(entry.get("note"), f"{spot}.note", limit=MAX_NOTE)))
    return tuple(dict.fromkeys(found))  # TMDB repeats an entry now and then


def _offers(payload: Any) -> dict[str, CountryOffers]:
    if payload is None:
        return {}
    if not isinstance(payload, dict) or not isinstance(payload.get("results", {}), dict):
        raise TmdbShapeError("watch/providers is not an object of countries")
    found: dict[str, CountryOffers] = {}
    for country, listing in (payload.get("results") or {}).items():
        if not isinstance(country, str) or not is_country_code(country) or not isinstance(listing, dict):
            continue
        offers: list[WatchOffer] = []
        for kind in OFFER_KINDS:
            for n, entry in enumerate(_list(listing.get(kind), f"watch/providers.{country}.{kind}")):
                if not isinstance(entry, dict):
                    raise TmdbShapeError(f"watch/providers.{country}.{kind}[{n}] is not an object")
                name = _text(entry.get("provider_name"), f"watch/providers.{country}.{kind}[{n}].provider_name",
                             limit=80)
                priority = entry.get("display_priority")
                if name:
                    offers.append(WatchOffer(name, kind, priority if isinstance(priority, int) else 999))
        link = listing.get("link")
        found[country.upper()] = CountryOffers(country.upper(), tuple(dict.fromkeys(offers)),
                                               link if isinstance(link, str) and link.startswith("https://") else None)
    return found


def parse_details(payload: Any) -> TmdbMovie:
    """``GET /movie/{id}?append_to_response=release_dates,watch/providers`` as a film and its offers."""
    if not isinstance(payload, dict):
        raise TmdbShapeError("the movie is not an object")
    tmdb_id = _id(payload.get("id"), "id")
    title = _text(payload.get("title"), "title", limit=MAX_TITLE, required=True) or ""
    original = _text(payload.get("original_title"), "original_title", limit=MAX_TITLE)
    first = tmdb_date(payload.get("release_date"))
    runtime = payload.get("runtime")
    imdb_id = payload.get("imdb_id")
    film = Film(
        id=None, title=title, year=first.year if first else None,
        original_title=original if original and original != title else None,
        runtime_minutes=runtime if isinstance(runtime, int) and 0 < runtime < 1500 else None,
        tmdb_id=tmdb_id,
        imdb_id=imdb_id if isinstance(imdb_id, str) and re.fullmatch(r"tt\d{7,10}", imdb_id) else None,
        releases=_releases(payload.get("release_dates")),
    )
    return TmdbMovie(film, _offers(payload.get("watch/providers")))


def parse_search(payload: Any) -> tuple[list[SearchHit], int]:
    """``GET /search/movie`` as its hits and the number of pages there are."""
    if not isinstance(payload, dict):
        raise TmdbShapeError("the search answer is not an object")
    hits: list[SearchHit] = []
    for n, entry in enumerate(_list(payload.get("results"), "results")):
        if not isinstance(entry, dict):
            raise TmdbShapeError(f"results[{n}] is not an object")
        if entry.get("adult") is True:
            continue  # asked for with include_adult=false; never shown if sent anyway
        title = _text(entry.get("title"), f"results[{n}].title", limit=MAX_TITLE)
        if not title:
            continue
        first = tmdb_date(entry.get("release_date"), f"results[{n}].release_date")
        popularity = entry.get("popularity")
        original = _text(entry.get("original_title"), f"results[{n}].original_title", limit=MAX_TITLE)
        hits.append(SearchHit(_id(entry.get("id"), f"results[{n}].id"), title, first.year if first else None,
                              original if original != title else None,
                              float(popularity) if isinstance(popularity, int | float) else 0.0))
    pages = payload.get("total_pages")
    return hits, pages if isinstance(pages, int) and pages >= 0 else 1


def parse_changes(payload: Any) -> tuple[list[int], int]:
    """``GET /movie/changes`` as the changed films' ids and the number of pages there are."""
    if not isinstance(payload, dict):
        raise TmdbShapeError("the changes answer is not an object")
    ids = [_id(entry.get("id"), f"results[{n}].id") for n, entry in enumerate(_list(payload.get("results"), "results"))
           if isinstance(entry, dict) and entry.get("adult") is not True]
    pages = payload.get("total_pages")
    return ids, pages if isinstance(pages, int) and pages >= 0 else 1


@dataclass(frozen=True)
class ListedTitle:
    """One film of TMDB's daily id export: its id, original title and popularity (no year, no dates)."""

    tmdb_id: int
    title: str
    popularity: float


#: A line of the export is one small JSON object; anything far longer is not one.
MAX_EXPORT_LINE = 4_096


def parse_id_export_line(line: str) -> ListedTitle | None:
    """A line of ``movie_ids_MM_DD_YYYY.json.gz`` (``{"adult":false,"id":…,"original_title":…,
    "popularity":…,"video":false}``); None for an adult film (left out, as the bot's searches leave
    them out). A line that is not such an object raises :class:`TmdbShapeError`."""
    if len(line) > MAX_EXPORT_LINE:
        raise TmdbShapeError("the line is too long to be one film")
    try:
        item = json.loads(line)
    except ValueError:
        raise TmdbShapeError("the line is not JSON") from None
    if not isinstance(item, dict):
        raise TmdbShapeError("the line is not a JSON object")
    if item.get("adult") is True:
        return None
    title = _text(item.get("original_title"), "original_title", limit=MAX_TITLE, required=True)
    popularity = item.get("popularity", 0)
    if isinstance(popularity, bool) or not isinstance(popularity, int | float) or not 0 <= popularity < 1e9:
        raise TmdbShapeError("popularity is not a number")
    assert title is not None
    return ListedTitle(_id(item.get("id"), "id"), title, float(popularity))
