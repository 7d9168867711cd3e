"""Turning a film's release records into a plain answer to "when is it out?".

Rules the wording follows:
- A release date is a calendar day in that country. It is written out ("11 February 2011"), never
  given only as a Discord timestamp: ``<t:X:D>`` for midnight UTC shows the previous day to readers
  in the Americas. A relative ``<t:X:R>`` (from noon UTC of that day) is added only for days within a
  year of today.
- A date known to the month or year is shown to that precision only and gets no timestamp; in its
  own month it is "due this month", never "out".
- Premieres (festival screenings) are mentioned separately and never called the release date.
- Nothing is inferred: no wide date from a limited one, no home release from a cinema date, no
  cinema date for a film that went straight to streaming. Missing data is said to be missing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.domain import locales
from bot.domain.models import Film, Format, PartialDate, Release, ReleaseType
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook

MAX_MESSAGE = 2000
RELATIVE_WINDOW_DAYS = 365
OTHER_COUNTRIES = 3
PREFERRED_COUNTRIES = ("US", "GB")

_GENERAL_FORMATS = (Format.CINEMA, Format.DIGITAL, Format.DVD, Format.TV)


def _label_of(fmt: Format, _: Phrasebook) -> str:
    """The heading of a format's line ("Cinemas")."""
    return {
        Format.CINEMA: _("Cinemas"),
        Format.DIGITAL: _("Digital/streaming"),
        Format.DVD: _("DVD/Blu-ray"),
        Format.TV: _("TV"),
        Format.PREMIERE: _("Premiere"),
    }[fmt]


def _noun_of(fmt: Format, _: Phrasebook) -> str:
    """The format as a noun in "no cinema date on record"."""
    return {
        Format.CINEMA: _("cinema"),
        Format.DIGITAL: _("digital/streaming"),
        Format.DVD: _("DVD/Blu-ray"),
        Format.TV: _("TV"),
        Format.PREMIERE: _("premiere"),
    }[fmt]


def _in_words(fmt: Format, _: Phrasebook) -> str:
    """The format as it follows a film's title in a heading ("in cinemas")."""
    return {
        Format.CINEMA: _("in cinemas"),
        Format.DIGITAL: _("on digital and streaming"),
        Format.DVD: _("on DVD/Blu-ray"),
        Format.TV: _("on TV"),
        Format.PREMIERE: _("premiere"),
    }[fmt]


@dataclass(frozen=True)
class ReleaseAnswer:
    text: str  # Discord Markdown, at most 2000 characters
    lines: tuple[str, ...]
    countries: tuple[str, ...]  # the countries the answer is about
    found: bool  # something relevant was on record for those countries


# -- dates -------------------------------------------------------------------------------------------


def format_date(date: PartialDate) -> str:
    """``11 February 2011``, ``February 2011`` or ``2011`` – never more precise than the data."""
    if date.day is not None and date.month is not None:
        return f"{date.day} {calendar.month_name[date.month]} {date.year}"
    if date.month is not None:
        return f"{calendar.month_name[date.month]} {date.year}"
    return str(date.year)


def _short_date(date: PartialDate) -> str:
    if date.day is not None and date.month is not None:
        return f"{date.day} {calendar.month_abbr[date.month]} {date.year}"
    if date.month is not None:
        return f"{calendar.month_abbr[date.month]} {date.year}"
    return f"{date.year}"


def relative_timestamp(date: PartialDate, today: dt.date) -> str:
    """`` (<t:X:R>)`` from noon UTC of a day within a year of today; empty for anything else."""
    if date.precision != "day":
        return ""
    day = date.first_day()
    if abs((day - today).days) > RELATIVE_WINDOW_DAYS or day == today:
        return ""
    noon = calendar.timegm((day.year, day.month, day.day, 12, 0, 0))
    return f" (<t:{noon}:R>)"


def _tense(date: PartialDate, today: dt.date) -> str:
    """``past``, ``today``, ``current`` (this month/year, day unknown) or ``future``."""
    if date.precision == "day":
        day = date.first_day()
        return "past" if day < today else "today" if day == today else "future"
    if date.last_day() < today:
        return "past"
    if date.first_day() > today:
        return "future"
    return "current"


#: What kind of event a status is about: each has its own whole sentences, never a verb spliced in.
RELEASE, LIMITED, PREMIERE, TV = "release", "limited", "premiere", "tv"


# Translators: the context is how precise {date} is ("27 June 2011", "June 2011" or "2011"), for languages
# whose preposition changes with it ("le 27 juin", "en juin"). {stamp} is empty or a relative time.
_PAST: dict[tuple[str, str], Callable[[Phrasebook, dict[str, str]], str]] = {
    ("day", RELEASE): lambda _, v: _.in_context("day", "out since {date}{stamp}", **v),
    ("month", RELEASE): lambda _, v: _.in_context("month", "out since {date}{stamp}", **v),
    ("year", RELEASE): lambda _, v: _.in_context("year", "out since {date}{stamp}", **v),
    ("day", LIMITED): lambda _, v: _.in_context("day", "from {date}{stamp}", **v),
    ("month", LIMITED): lambda _, v: _.in_context("month", "from {date}{stamp}", **v),
    ("year", LIMITED): lambda _, v: _.in_context("year", "from {date}{stamp}", **v),
    ("day", TV): lambda _, v: _.in_context("day", "first shown {date}{stamp}", **v),
    ("month", TV): lambda _, v: _.in_context("month", "first shown {date}{stamp}", **v),
    ("year", TV): lambda _, v: _.in_context("year", "first shown {date}{stamp}", **v),
    ("day", PREMIERE): lambda _, v: _.in_context("day", "premiered {date}", **v),
    ("month", PREMIERE): lambda _, v: _.in_context("month", "premiered {date}", **v),
    ("year", PREMIERE): lambda _, v: _.in_context("year", "premiered {date}", **v),
}


def _status(date: PartialDate, today: dt.date, _: Phrasebook, kind: str = RELEASE) -> str:
    """Where a release stands today: "out since 11 February 2011 (in 2 months)", "due March 2027 (…)"."""
    values = {"date": _.date(date), "stamp": relative_timestamp(date, today)}
    tense = _tense(date, today)
    premiere = kind == PREMIERE
    if tense == "past":
        return _PAST[date.precision, kind](_, values)
    # Translators: from here on {date} is a full day ("27 June 2011") unless the message says otherwise.
    if tense == "today":
        return _("premieres today ({date})", **values) if premiere else _("out today ({date})", **values)
    month = date.precision == "month"
    if tense == "current":
        # Translators: {date} is a month ("June 2027") or a year ("2027").
        if premiere:
            return (_("premieres this month ({date}; day not on record)", **values) if month
                    else _("premieres this year ({date}; no exact date on record)", **values))
        return (_("due this month ({date}; day not on record)", **values) if month
                else _("due this year ({date}; no exact date on record)", **values))
    if date.precision != "day":
        # Translators: {date} is a month ("June 2027") or a year ("2027"), as the message says.
        if premiere:
            return (_("premieres {date} (day not on record yet)", **values) if month
                    else _("premieres {date} (no exact date on record yet)", **values))
        return (_("due {date} (day not on record yet)", **values) if month
                else _("due {date} (no exact date on record yet)", **values))
    return _("premieres {date}", **values) if premiere else _("due {date}{stamp}", **values)


# -- choosing releases -----------------------------------------------------------------------------


def _formats(formats: Iterable[Format]) -> tuple[Format, ...]:
    chosen = tuple(dict.fromkeys(formats))
    if not chosen or Format.ANY in chosen:
        return ()
    return chosen


def _of(film: Film, country: str | None, types: Iterable[ReleaseType]) -> list[Release]:
    wanted = set(types)
    found = [r for r in film.releases if r.type in wanted and (country is None or r.country == country)]
    return sorted(found, key=lambda r: (r.date.first_day(), r.type))


def _is_streaming_only(film: Film) -> bool:
    types = {r.type for r in film.releases}
    return ReleaseType.DIGITAL in types and not types & {ReleaseType.LIMITED, ReleaseType.THEATRICAL}


def _note(release: Release) -> str:
    return _clip(release.note.split(";")[0].strip().rstrip("."), 90) if release.note else ""


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _escape(text: str) -> str:
    text = re.sub(r"([\\*_`~|>#\[\]])", r"\\\1", text)
    return text.replace("@", "@\u200b")


# -- lines for one country -------------------------------------------------------------------------


def _cinema_clause(film: Film, country: str, today: dt.date, _: Phrasebook) -> str | None:
    limited = _of(film, country, (ReleaseType.LIMITED,))
    wide = _of(film, country, (ReleaseType.THEATRICAL,))
    if wide and (not limited or limited[0].date.first_day() >= wide[0].date.first_day()):
        return _status(wide[0].date, today, _)
    if wide:
        return _("limited release {limited}; wide release {wide}",
                 limited=_status(limited[0].date, today, _, LIMITED), wide=_status(wide[0].date, today, _))
    if limited:
        status = _status(limited[0].date, today, _, LIMITED)
        expansions = [_.date(r.date) for r in limited[1:4]]
        if expansions:
            return _("limited release only, {status} (expanded {dates}); no wide release on record",
                     status=status, dates=", ".join(expansions))
        return _("limited release only, {status}; no wide release on record", status=status)
    return None


def _kind_clause(film: Film, country: str, fmt: Format, today: dt.date, _: Phrasebook) -> str | None:
    if fmt is Format.CINEMA:
        return _cinema_clause(film, country, today, _)
    releases = _of(film, country, fmt.release_types)
    if not releases:
        return None
    first = releases[0]
    if fmt is Format.PREMIERE:
        where = _note(first)
        status = _status(first.date, today, _, PREMIERE)
        return f"{status} ({where})" if where else status
    clause = _status(first.date, today, _, TV if fmt is Format.TV else RELEASE)
    note = _note(first)
    return f"{clause} ({note})" if note and fmt is Format.DIGITAL else clause


def _premiere_line(film: Film, country: str, today: dt.date, _: Phrasebook) -> str | None:
    clause = _kind_clause(film, country, Format.PREMIERE, today, _)
    if clause is None:
        return None
    return _("• Premiere: {status} – a festival screening, not the general release.", status=clause)


def _straight_to_streaming(_: Phrasebook) -> str:
    return _("It went straight to streaming: there is no cinema release on record anywhere.")


def _country_lines(
    film: Film, country: str, formats: tuple[Format, ...], today: dt.date, _: Phrasebook
) -> tuple[list[str], bool, str | None]:
    """Lines about one country, whether anything relevant was on record there, and its premiere line."""
    lines: list[str] = []
    asked = formats or _GENERAL_FORMATS
    missing: list[Format] = []
    for fmt in asked:
        if fmt is Format.PREMIERE:
            continue
        clause = _kind_clause(film, country, fmt, today, _)
        if clause:
            lines.append(_("• **{label}:** {status}.", label=_label_of(fmt, _), status=clause))
        elif formats or fmt is not Format.TV:
            missing.append(fmt)
    found = bool(lines)
    wants_premiere = not formats or Format.PREMIERE in formats or Format.CINEMA in formats
    premiere = _premiere_line(film, country, today, _) if wants_premiere else None
    if premiere:
        lines.append(premiere)
        found = found or Format.PREMIERE in formats
    elif Format.PREMIERE in formats:
        lines.append(_("• No premiere on record for {where}.", where=_.country_phrase(country)))
    if lines and missing:
        lines.append(_("• No {kinds} date on record for {where}.",
                       kinds=_.any_of([_noun_of(f, _) for f in missing]), where=_.country_phrase(country)))
    if Format.CINEMA in missing and _is_streaming_only(film):
        lines.append("• " + _straight_to_streaming(_))
    return lines, found, premiere


def _relevant_countries(film: Film, formats: tuple[Format, ...], exclude: Iterable[str]) -> list[str]:
    types = {t for f in (formats or _GENERAL_FORMATS) for t in f.release_types}
    earliest: dict[str, dt.date] = {}
    for release in film.releases:
        if release.type in types and release.country not in exclude:
            day = release.date.first_day()
            earliest[release.country] = min(day, earliest.get(release.country, day))

    def rank(code: str) -> tuple[int, dt.date, str]:
        preferred = PREFERRED_COUNTRIES.index(code) if code in PREFERRED_COUNTRIES else len(PREFERRED_COUNTRIES)
        return (preferred, earliest[code], code)

    return sorted(earliest, key=rank)


def _summary(film: Film, country: str, formats: tuple[Format, ...], today: dt.date, _: Phrasebook) -> str | None:
    parts = []
    for fmt in formats or _GENERAL_FORMATS:
        clause = _kind_clause(film, country, fmt, today, _)
        if clause:
            parts.append(_("{kind}: {status}", kind=_noun_of(fmt, _), status=clause))
    if not parts:
        return None
    return _("• **{country}:** {statuses}.", country=_.country(country), statuses="; ".join(parts))


def _header(
    film: Film, wanted: tuple[Format, ...], targets: tuple[str, ...], asked: bool,
    assumed_country: str | None, assumed_from: str | None, _: Phrasebook,
) -> str:
    """The answer's first line: the film, and the formats and countries it is about."""
    values = {
        "film": f"**{_escape(film.label)}**",
        "formats": _.all_of([_in_words(f, _) for f in wanted]),
        "countries": _.all_of([_.country_in_words(c) for c in targets]),
        "where": _.country_phrase(assumed_country) if assumed_country else "",
        "why": assumed_from or "",
    }
    if asked and targets:
        return _("{film} {formats} in {countries}", **values) if wanted else _("{film} in {countries}", **values)
    if assumed_country:
        if assumed_from:
            return (_("{film} {formats} (assuming {where}, {why})", **values) if wanted
                    else _("{film} (assuming {where}, {why})", **values))
        return (_("{film} {formats} (assuming {where})", **values) if wanted
                else _("{film} (assuming {where})", **values))
    return _("{film} {formats}", **values) if wanted else values["film"]


# -- public ----------------------------------------------------------------------------------------


def compose_answer(
    film: Film,
    *,
    formats: Iterable[Format] = (),
    countries: tuple[str, ...] = (),
    assumed_country: str | None = None,
    assumed_from: str | None = None,
    today: dt.date,
    book: Phrasebook | None = None,
) -> ReleaseAnswer:
    """What the records say about a film's release in the asked (or assumed) countries and formats.

    *book* is the language to answer in (English by default); *assumed_from* must already be in it.
    """
    _ = book or phrasebook(ENGLISH)
    wanted = _formats(formats)
    targets = tuple(dict.fromkeys(c.upper() for c in countries)) or (
        (assumed_country.upper(),) if assumed_country else ()
    )
    lines = [_header(film, wanted, targets, bool(countries), assumed_country, assumed_from, _)]
    found_any = False
    if not film.releases:
        lines.append(_("No release dates on record for this film yet."))
        return _finish(lines, targets, _, found=False)
    if not targets:
        others = _relevant_countries(film, wanted, ())
        if not others:
            lines.append(_("No {kinds} date on record anywhere.", kinds=_.any_of([_noun_of(f, _) for f in wanted])))
        else:
            lines.append(_("No country given; here is what is on record:"))
            summaries = (_summary(film, c, wanted, today, _) for c in others[: OTHER_COUNTRIES + 1])
            lines.extend(s for s in summaries if s)
            found_any = True
        return _finish(lines, (), _, found=found_any)
    for country in targets:
        body, found, premiere = _country_lines(film, country, wanted, today, _)
        found_any = found_any or found
        if len(targets) > 1:
            lines.append(f"__{_.country(country)}__")
        if not found:
            where = _.country_phrase(country)
            if wanted:
                lines.append(_("No {kinds} date on record for {where}.",
                               kinds=_.any_of([_noun_of(f, _) for f in wanted]), where=where))
            else:
                lines.append(_("No release on record for {where}.", where=where))
            if wanted and Format.CINEMA in wanted and _is_streaming_only(film):
                lines.append(_straight_to_streaming(_))
            if premiere:
                lines.append(premiere)
            others = _relevant_countries(film, wanted, targets)[:OTHER_COUNTRIES]
            summaries = [s for s in (_summary(film, c, wanted, today, _) for c in others) if s]
            if summaries:
                lines.append(_("Elsewhere:"))
                lines.extend(summaries)
        else:
            lines.extend(body)
    return _finish(lines, targets, _, found=found_any)


def _finish(lines: list[str], countries: tuple[str, ...], _: Phrasebook, *, found: bool) -> ReleaseAnswer:
    kept: list[str] = []
    length = 0
    for line in lines:
        if length + len(line) + 1 > MAX_MESSAGE - 60:
            kept.append(_("…more on record: see `/film info`."))
            break
        kept.append(line)
        length += len(line) + 1
    return ReleaseAnswer("\n".join(kept), tuple(kept), countries, found)


TABLE_NOTE = "Dates are local calendar days; a month or year means the day is not on record."  # English


def table_note(book: Phrasebook | None = None) -> str:
    """The line under the release table, in *book*'s language."""
    _ = book or phrasebook(ENGLISH)
    return _("Dates are local calendar days; a month or year means the day is not on record.")


def _type_short(kind: ReleaseType, _: Phrasebook) -> str:
    return {
        ReleaseType.PREMIERE: _("premiere"), ReleaseType.LIMITED: _("limited"), ReleaseType.THEATRICAL: _("cinemas"),
        ReleaseType.DIGITAL: _("digital"), ReleaseType.PHYSICAL: _("DVD/Blu-ray"), ReleaseType.TV: _("TV"),
    }[kind]


def _table_date(date: PartialDate, _: Phrasebook) -> str:
    """A date short enough for a table column: "11 Feb 2011" in English, "11 févr. 2011" in French."""
    if _.english:
        return _short_date(date)
    return locales.short_date(date, _.lang)


def release_table_rows(film: Film, book: Phrasebook | None = None) -> list[str]:
    """The column heads, then one aligned row per release, earliest first (no code fence around them)."""
    _ = book or phrasebook(ENGLISH)
    rows = sorted(film.releases, key=lambda r: (r.date.first_day(), r.country, r.type))
    cells = [
        (
            r.country,
            _type_short(r.type, _),
            _table_date(r.date, _),
            _clip((r.note or "").replace("`", "'"), 48),
        )
        for r in rows
    ]
    heads = (_("Where"), _("Type"), _("Date"))
    note_head = _("Note")
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(heads)]
    head = f"{heads[0]:<{widths[0]}}  {heads[1]:<{widths[1]}}  {heads[2]:<{widths[2]}}  {note_head}"
    body_lines = [head.rstrip()]
    for country, kind, date, note in cells:
        body_lines.append(f"{country:<{widths[0]}}  {kind:<{widths[1]}}  {date:<{widths[2]}}  {note}".rstrip())
    return body_lines


LABEL_TITLE_CHARS = 60  # ten films named, escaped, stay well inside Discord's 2,000 characters


def _label(item: object) -> str:
    """How a film is named in a list: its title clipped, its year (what tells films apart) kept."""
    if isinstance(item, str):
        return _clip(item, LABEL_TITLE_CHARS)
    title, year = getattr(item, "title", None), getattr(item, "year", None)
    if title is None:
        return _clip(str(item), LABEL_TITLE_CHARS)
    title = _clip(str(title), LABEL_TITLE_CHARS)
    return f"{title} ({year})" if year else title


def _suggestion_names(suggestions: Sequence[object]) -> list[str]:
    """Up to five suggestions, bold and escaped, each clipped so that five fit one message."""
    return [f"**{_escape(_label(s))}**" for s in list(suggestions)[:5]]


def no_match_text(query: str, suggestions: Sequence[object] = (), book: Phrasebook | None = None) -> str:
    """"I couldn't find “query”", with up to five suggestions (films, title matches or strings)."""
    _ = book or phrasebook(ENGLISH)
    query = _escape(_clip(query.strip(), 100))
    names = _suggestion_names(suggestions)
    if names:
        return _("I couldn't find a film called “{query}”. Did you mean {names}?", query=query, names=_.any_of(names))
    return _("I couldn't find a film called “{query}”.", query=query)


def not_on_record_text(query: str, suggestions: Sequence[object] = (), book: Phrasebook | None = None) -> str:
    """A film named in a question that the catalogue lacks: say so, never answer for another film."""
    _ = book or phrasebook(ENGLISH)
    query = _escape(_clip(query.strip(), 100))
    names = _suggestion_names(suggestions)
    if names:
        return _("I don't have *{query}* on record, so I can't say when it comes out. "
                 "The nearest titles I know: {names}.", query=query, names=_.any_of(names))
    return _("I don't have *{query}* on record, so I can't say when it comes out.", query=query)


def ambiguous_text(query: str, films: Sequence[object], book: Phrasebook | None = None) -> str:
    """Several films share the title: list them and ask for the year."""
    _ = book or phrasebook(ENGLISH)
    names = ", ".join(f"**{_escape(_label(f))}**" for f in list(films)[:10])
    query = _escape(_clip(query.strip(), 100))
    example = next((f for f in films if getattr(f, "year", None)), None)
    if example:
        return _("More than one film matches “{query}”: {films}. Ask again with the year, e.g. “{example}”.",
                 query=query, films=names, example=_escape(_label(example)))
    return _("More than one film matches “{query}”: {films}.", query=query, films=names)
