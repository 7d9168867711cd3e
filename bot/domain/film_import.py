"""Reading films and their release dates from JSON (TMDB's shape) or CSV, and writing them back.

JSON: ``{"films": [{"title": ..., "year": ..., "release_dates": <TMDB /movie/{id}/release_dates
response or its "results" array>}]}``. A ``release_date`` may be ``"2011"``, ``"2011-02"`` or
``"2011-02-11"`` (a TMDB time part is dropped: the date is the country's own calendar day), and an
optional ``"precision": "year" | "month"`` narrows a full date that is only known that far.

CSV: header ``title,year,country,type,date,note`` (optionally ``certification``, ``precision``), one
release per row; rows for the same title and year make one film.

Everything is checked before anything is returned: one bad record fails the whole import with a
:class:`FilmImportError` naming the record, the field and the reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from typing import Any

from bot.domain.countries import is_country_code
from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.domain.numbers import whole_number

MAX_BYTES = 1024 * 1024 * 1024  # an operator's catalogue file; /film import has its own, smaller cap
MAX_FILMS = 2_000_000
MAX_TITLE = 300
MAX_NAME = 200
MAX_NOTE = 500
MAX_LIST = 200
_IMDB_ID = re.compile(r"^tt\d{7,10}$")
_CSV_REQUIRED = ("title", "year", "country", "type", "date")
_CSV_OPTIONAL = ("note", "certification", "precision")


class FilmImportError(ValueError):
    """An import that cannot be accepted; the message says where and why."""


#: Embeddings, overrides and isolates: they reorder how the rest of a line is drawn.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: Format characters that draw as nothing, except ZWNJ and ZWJ (needed in Persian, Indic scripts and emoji).
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b\u200e\u200f\u2060-\u2064\u206a-\u206f\ufeff\ufff9-\ufffb]"
                        "|[\U000e0000-\U000e007f]")


class _FieldError(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def _text(value: Any, field: str, *, limit: int, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _FieldError(field, "is missing")
        return None
    if not isinstance(value, str):
        raise _FieldError(field, f"must be text, not {type(value).__name__}")
    if _BIDI_CONTROLS.search(value):
        raise _FieldError(field, "contains bidirectional override characters (they can make text read backwards)")
    # Invisible format characters (zero-width spaces, soft hyphens, word joiners, byte-order marks) would
    # make "Dune" and "Du\u200bne" two films that look the same; they carry nothing a title needs.
    text = _INVISIBLE.sub("", value).strip()
    if not text:
        if required:
            raise _FieldError(field, "is missing")
        return None
    if any(unicodedata.category(ch) in ("Cc", "Zl", "Zp") for ch in text):
        raise _FieldError(field, "contains control characters")
    if len(text) > limit:
        raise _FieldError(field, f"is {len(text)} characters long (at most {limit})")
    return text


def _int(value: Any, field: str, *, low: int, high: int) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _FieldError(field, f"must be a whole number, not {value!r}")
    if isinstance(value, str):
        number = whole_number(value)
        if number is None:
            raise _FieldError(field, f"must be a whole number, not {value[:20]!r}")
        value = number
    if not low <= value <= high:
        raise _FieldError(field, f"{value} is out of range ({low}–{high})")
    return value


def _text_list(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise _FieldError(field, "must be a list of text")
    if len(value) > MAX_LIST:
        raise _FieldError(field, f"has {len(value)} entries (at most {MAX_LIST})")
    items = [_text(item, f"{field}[{n}]", limit=MAX_TITLE) for n, item in enumerate(value)]
    return tuple(item for item in items if item)


def _country(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _FieldError(field, "is missing")
    code = value.strip()
    if not is_country_code(code):
        raise _FieldError(field, f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code.upper()


def _type(value: Any, field: str) -> ReleaseType:
    try:
        if isinstance(value, bool) or value is None:
            raise ValueError
        return ReleaseType.parse(value)
    except ValueError:
        raise _FieldError(field, f"{value!r} is not a release type (1–6 or premiere, limited, theatrical, "
                                 "digital, physical, tv)") from None


def _date(value: Any, precision: Any, field: str) -> PartialDate:
    if not isinstance(value, str) or not value.strip():
        raise _FieldError(field, "is missing")
    try:
        date = PartialDate.parse(value)
    except ValueError as exc:
        raise _FieldError(field, str(exc)) from None
    if precision in (None, "", "day"):
        return date
    if precision == "month":
        return PartialDate(date.year, date.month) if date.month else date
    if precision == "year":
        return PartialDate(date.year)
    raise _FieldError(field.rsplit(".", 1)[0] + ".precision", f"{precision!r} is not day, month or year")


def _release(entry: Any, country: str, field: str) -> Release:
    if not isinstance(entry, dict):
        raise _FieldError(field, "must be an object")
    return Release(
        country=country,
        type=_type(entry.get("type"), f"{field}.type"),
        date=_date(entry.get("release_date"), entry.get("precision"), f"{field}.release_date"),
        certification=_text(entry.get("certification"), f"{field}.certification", limit=20),
        note=_text(entry.get("note"), f"{field}.note", limit=MAX_NOTE),
    )


def _releases(value: Any) -> tuple[Release, ...]:
    if value is None:
        return ()
    results = value.get("results") if isinstance(value, dict) else value
    if not isinstance(results, list):
        raise _FieldError("release_dates", "must be TMDB's release_dates object or its results list")
    releases: list[Release] = []
    for n, group in enumerate(results):
        field = f"release_dates[{n}]"
        if not isinstance(group, dict):
            raise _FieldError(field, "must be an object with iso_3166_1 and release_dates")
        country = _country(group.get("iso_3166_1"), f"{field}.iso_3166_1")
        entries = group.get("release_dates")
        if not isinstance(entries, list):
            raise _FieldError(f"{field}.release_dates", "must be a list")
        releases.extend(_release(e, country, f"{field}.release_dates[{m}]") for m, e in enumerate(entries))
    return tuple(releases)


def _film(record: Any) -> Film:
    if not isinstance(record, dict):
        raise _FieldError("film", "must be an object")
    imdb_id = _text(record.get("imdb_id"), "imdb_id", limit=12)
    if imdb_id and not _IMDB_ID.match(imdb_id):
        raise _FieldError("imdb_id", f"{imdb_id!r} is not an IMDb id like tt1334260")
    return Film(
        id=None,
        title=_text(record.get("title"), "title", limit=MAX_TITLE, required=True) or "",
        year=_int(record.get("year"), "year", low=1870, high=2200),
        original_title=_text(record.get("original_title"), "original_title", limit=MAX_TITLE),
        aliases=_text_list(record.get("aliases"), "aliases"),
        director=_text(record.get("director"), "director", limit=MAX_NAME),
        cast=_text_list(record.get("cast"), "cast"),
        runtime_minutes=_int(record.get("runtime_minutes"), "runtime_minutes", low=1, high=1500),
        tmdb_id=_int(record.get("tmdb_id"), "tmdb_id", low=1, high=10**9),
        imdb_id=imdb_id,
        releases=_releases(record.get("release_dates")),
    )


def _describe(n: int, record: Any) -> str:
    label = f"film #{n}"
    if isinstance(record, dict):
        title, year = record.get("title"), record.get("year")
        shown = _BIDI_CONTROLS.sub("", _INVISIBLE.sub("", title)).strip() if isinstance(title, str) else ""
        if shown:  # the error echoes the title: without the characters it is refused for
            label += f" “{shown[:60]}”"
        if isinstance(year, int | str) and not isinstance(year, bool) and str(year).strip():
            label += f" ({str(year).strip()[:8]})"
    return label


def _decode(data: str | bytes) -> str:
    size = len(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
    if size > MAX_BYTES:
        raise FilmImportError(f"file is {size / 1_048_576:.1f} MB; the limit is {MAX_BYTES // 1_048_576} MB")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FilmImportError(f"file is not UTF-8 text (byte {exc.start})") from None
    return data.lstrip("\ufeff")


def parse_films_json(data: str | bytes) -> list[Film]:
    """Films from the JSON import format; raises FilmImportError on any problem."""
    text = _decode(data)
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        where = f" (line {exc.lineno}, column {exc.colno})" if isinstance(exc, json.JSONDecodeError) else ""
        raise FilmImportError(f"file is not valid JSON{where}") from None
    if not isinstance(document, dict) or not isinstance(document.get("films"), list):
        raise FilmImportError('JSON must be an object with a "films" list: {"films": [...]}')
    records = document["films"]
    if len(records) > MAX_FILMS:
        raise FilmImportError(f"file has {len(records)} films (at most {MAX_FILMS})")
    films = []
    for n, record in enumerate(records, start=1):
        try:
            films.append(_film(record))
        except _FieldError as exc:
            raise FilmImportError(f"{_describe(n, record)}: field {exc.field} {exc.reason}") from None
    return films


def parse_films_csv(data: str | bytes) -> list[Film]:
    """Films from the CSV import format (one release per row); raises FilmImportError on any problem."""
    text = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise FilmImportError("CSV file is empty") from None
    except csv.Error as exc:
        raise FilmImportError(f"CSV line 1: {exc}") from None
    missing = [name for name in _CSV_REQUIRED if name not in header]
    if missing:
        raise FilmImportError(
            f"CSV line 1: header lacks {', '.join(missing)} (expected title,year,country,type,date,note)"
        )
    column = {name: header.index(name) for name in (*_CSV_REQUIRED, *_CSV_OPTIONAL) if name in header}
    grouped: dict[tuple[str, int | None], list[Release]] = {}
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            rows += 1
            if rows > MAX_FILMS * 20:
                raise FilmImportError(f"CSV line {line}: too many rows")
            if len(row) > len(header):
                raise FilmImportError(f"CSV line {line}: {len(row)} cells but the header has {len(header)}")
            cells = {name: (row[i] if i < len(row) else "") for name, i in column.items()}
            try:
                title = _text(cells["title"], "title", limit=MAX_TITLE, required=True) or ""
                year = _int(cells["year"], "year", low=1870, high=2200)
                release = Release(
                    country=_country(cells["country"], "country"),
                    type=_type(cells["type"].strip(), "type"),
                    date=_date(cells["date"], cells.get("precision", "").strip().lower() or None, "date"),
                    certification=_text(cells.get("certification"), "certification", limit=20),
                    note=_text(cells.get("note"), "note", limit=MAX_NOTE),
                )
            except _FieldError as exc:
                raise FilmImportError(f"CSV line {line}: field {exc.field} {exc.reason}") from None
            grouped.setdefault((title, year), []).append(release)
    except csv.Error as exc:
        raise FilmImportError(f"CSV line {reader.line_num}: {exc}") from None
    return [Film(id=None, title=t, year=y, releases=tuple(r)) for (t, y), r in grouped.items()]


def parse_films(data: str | bytes, *, filename: str | None = None) -> list[Film]:
    """JSON or CSV, chosen by the file name or, failing that, by the first character."""
    if filename and filename.lower().endswith(".csv"):
        return parse_films_csv(data)
    if filename and filename.lower().endswith(".json"):
        return parse_films_json(data)
    text = _decode(data)
    start = text.lstrip()[:1]
    if start in ("{", "["):
        return parse_films_json(text)
    if text.strip() and "," in text.splitlines()[0]:
        return parse_films_csv(text)
    raise FilmImportError("file is neither JSON nor CSV with a title,year,country,type,date,note header")


def films_to_json(films: list[Film] | tuple[Film, ...]) -> dict[str, Any]:
    """The JSON import format for these films; ``parse_films_json`` reads it back unchanged."""
    out = []
    for film in films:
        record: dict[str, Any] = {"title": film.title, "year": film.year}
        for name in ("original_title", "director", "runtime_minutes", "tmdb_id", "imdb_id"):
            if getattr(film, name) is not None:
                record[name] = getattr(film, name)
        if film.aliases:
            record["aliases"] = list(film.aliases)
        if film.cast:
            record["cast"] = list(film.cast)
        groups: list[tuple[str, list[dict[str, Any]]]] = []  # consecutive runs keep the order exactly
        for release in film.releases:
            entry: dict[str, Any] = {
                "type": int(release.type),
                "release_date": release.date.iso(),
                "certification": release.certification or "",
                "note": release.note or "",
            }
            if release.date.precision != "day":
                entry["precision"] = release.date.precision
            if not groups or groups[-1][0] != release.country:
                groups.append((release.country, []))
            groups[-1][1].append(entry)
        record["release_dates"] = {
            "results": [{"iso_3166_1": code, "release_dates": entries} for code, entries in groups]
        }
        out.append(record)
    return {"films": out}
