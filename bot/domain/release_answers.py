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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.domain.countries import country_in_words, country_name, country_phrase
from bot.domain.models import Film, Format, PartialDate, Release, ReleaseType

MAX_MESSAGE = 2000
RELATIVE_WINDOW_DAYS = 365
OTHER_COUNTRIES = 3
PREFERRED_COUNTRIES = ("US", "GB")

_GENERAL_FORMATS = (Format.CINEMA, Format.DIGITAL, Format.DVD, Format.TV)
_LABELS = {
    Format.CINEMA: "Cinemas",
    Format.DIGITAL: "Digital/streaming",
    Format.DVD: "DVD/Blu-ray",
    Format.TV: "TV",
    Format.PREMIERE: "Premiere",
}
_NOUNS = {
    Format.CINEMA: "cinema",
    Format.DIGITAL: "digital/streaming",
    Format.DVD: "DVD/Blu-ray",
    Format.TV: "TV",
    Format.PREMIERE: "premiere",
}
_IN_WORDS = {
    Format.CINEMA: "in cinemas",
    Format.DIGITAL: "on digital and streaming",
    Format.DVD: "on DVD/Blu-ray",
    Format.TV: "on TV",
    Format.PREMIERE: "premiere",
}
_TYPE_SHORT = {
    ReleaseType.PREMIERE: "premiere",
    ReleaseType.LIMITED: "limited",
    ReleaseType.THEATRICAL: "cinemas",
    ReleaseType.DIGITAL: "digital",
    ReleaseType.PHYSICAL: "DVD/Blu-ray",
    ReleaseType.TV: "TV",
}


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


def _status(
    date: PartialDate, today: dt.date, *, past: str = "out since", future: str = "due", relative: bool = True
) -> str:
    text = format_date(date)
    stamp = relative_timestamp(date, today) if relative else ""
    tense = _tense(date, today)
    if tense == "past":
        return f"{past} {text}{stamp}"
    if tense == "today":
        return f"out today ({text})"
    unknown = "day not on record" if date.precision == "month" else "no exact date on record"
    if tense == "current":
        period = "this month" if date.precision == "month" else "this year"
        return f"{future} {period} ({text}; {unknown})"
    if date.precision != "day":
        return f"{future} {text} ({unknown} yet)"
    return f"{future} {text}{stamp}"


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


def _cinema_clause(film: Film, country: str, today: dt.date) -> str | None:
    limited = _of(film, country, (ReleaseType.LIMITED,))
    wide = _of(film, country, (ReleaseType.THEATRICAL,))
    if wide and (not limited or limited[0].date.first_day() >= wide[0].date.first_day()):
        return _status(wide[0].date, today)
    if wide:
        return (
            f"limited release {_status(limited[0].date, today, past='from')}; "
            f"wide release {_status(wide[0].date, today)}"
        )
    if limited:
        text = f"limited release only, {_status(limited[0].date, today, past='from')}"
        expansions = [format_date(r.date) for r in limited[1:4]]
        if expansions:
            text += f" (expanded {', '.join(expansions)})"
        return text + "; no wide release on record"
    return None


def _kind_clause(film: Film, country: str, fmt: Format, today: dt.date) -> str | None:
    if fmt is Format.CINEMA:
        return _cinema_clause(film, country, today)
    releases = _of(film, country, fmt.release_types)
    if not releases:
        return None
    first = releases[0]
    if fmt is Format.PREMIERE:
        where = _note(first)
        status = _status(first.date, today, past="premiered", future="premieres", relative=False)
        if _tense(first.date, today) == "today":
            status = f"premieres today ({format_date(first.date)})"
        return f"{status} ({where})" if where else status
    past = "first shown" if fmt is Format.TV else "out since"
    clause = _status(first.date, today, past=past)
    note = _note(first)
    return f"{clause} ({note})" if note and fmt is Format.DIGITAL else clause


def _premiere_line(film: Film, country: str, today: dt.date) -> str | None:
    clause = _kind_clause(film, country, Format.PREMIERE, today)
    if clause is None:
        return None
    return f"• Premiere: {clause} – a festival screening, not the general release."


def _country_lines(film: Film, country: str, formats: tuple[Format, ...], today: dt.date) -> tuple[list[str], bool]:
    """Lines about one country and whether anything relevant was on record there."""
    lines: list[str] = []
    asked = formats or _GENERAL_FORMATS
    missing: list[Format] = []
    for fmt in asked:
        if fmt is Format.PREMIERE:
            continue
        clause = _kind_clause(film, country, fmt, today)
        if clause:
            lines.append(f"• **{_LABELS[fmt]}:** {clause}.")
        elif formats or fmt is not Format.TV:
            missing.append(fmt)
    found = bool(lines)
    wants_premiere = not formats or Format.PREMIERE in formats or Format.CINEMA in formats
    premiere = _premiere_line(film, country, today) if wants_premiere else None
    if premiere:
        lines.append(premiere)
        found = found or Format.PREMIERE in formats
    elif Format.PREMIERE in formats:
        lines.append(f"• No premiere on record for {country_phrase(country)}.")
    if lines and missing:
        names = _join([_NOUNS[f] for f in missing])
        lines.append(f"• No {names} date on record for {country_phrase(country)}.")
    if Format.CINEMA in missing and _is_streaming_only(film):
        lines.append("• It went straight to streaming: there is no cinema release on record anywhere.")
    return lines, found


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def _and(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


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


def _summary(film: Film, country: str, formats: tuple[Format, ...], today: dt.date) -> str | None:
    parts = []
    for fmt in formats or _GENERAL_FORMATS:
        clause = _kind_clause(film, country, fmt, today)
        if clause:
            parts.append(f"{_NOUNS[fmt]}: {clause}")
    return f"• **{country_name(country)}:** {'; '.join(parts)}." if parts else None


# -- public ----------------------------------------------------------------------------------------


def compose_answer(
    film: Film,
    *,
    formats: Iterable[Format] = (),
    countries: tuple[str, ...] = (),
    assumed_country: str | None = None,
    assumed_from: str | None = None,
    today: dt.date,
) -> ReleaseAnswer:
    """What the records say about a film's release in the asked (or assumed) countries and formats."""
    wanted = _formats(formats)
    targets = tuple(dict.fromkeys(c.upper() for c in countries)) or (
        (assumed_country.upper(),) if assumed_country else ()
    )
    header = f"**{_escape(film.label)}**"
    if wanted:
        header += " " + " and ".join(_IN_WORDS[f] for f in wanted)
    if countries:
        header += f" in {_and([country_in_words(c) for c in targets])}"
    if not countries and assumed_country:
        why = f", {assumed_from}" if assumed_from else ""
        header += f" (assuming {country_phrase(assumed_country)}{why})"
    lines = [header]
    found_any = False
    if not film.releases:
        lines.append("No release dates on record for this film yet.")
        return _finish(lines, targets, found=False)
    if not targets:
        others = _relevant_countries(film, wanted, ())
        if not others:
            lines.append(f"No {_join([_NOUNS[f] for f in wanted])} date on record anywhere.")
        else:
            lines.append("No country given; here is what is on record:")
            lines.extend(s for s in (_summary(film, c, wanted, today) for c in others[: OTHER_COUNTRIES + 1]) if s)
            found_any = True
        return _finish(lines, (), found=found_any)
    for country in targets:
        body, found = _country_lines(film, country, wanted, today)
        found_any = found_any or found
        if len(targets) > 1:
            lines.append(f"__{country_name(country)}__")
        if not found:
            kinds = f" {_join([_NOUNS[f] for f in wanted])}" if wanted else ""
            nothing = f"No{kinds} release on record for {country_phrase(country)}."
            if kinds:
                nothing = f"No{kinds} date on record for {country_phrase(country)}."
            lines.append(nothing)
            if wanted and Format.CINEMA in wanted and _is_streaming_only(film):
                lines.append("It went straight to streaming: there is no cinema release on record anywhere.")
                body = [b for b in body if "straight to streaming" not in b]
            lines.extend(b for b in body if b.startswith("• Premiere"))
            others = _relevant_countries(film, wanted, targets)[:OTHER_COUNTRIES]
            summaries = [s for s in (_summary(film, c, wanted, today) for c in others) if s]
            if summaries:
                lines.append("Elsewhere:")
                lines.extend(summaries)
        else:
            lines.extend(body)
    return _finish(lines, targets, found=found_any)


def _finish(lines: list[str], countries: tuple[str, ...], *, found: bool) -> ReleaseAnswer:
    kept: list[str] = []
    length = 0
    for line in lines:
        if length + len(line) + 1 > MAX_MESSAGE - 40:
            kept.append("…more on record: see `/film info`.")
            break
        kept.append(line)
        length += len(line) + 1
    return ReleaseAnswer("\n".join(kept), tuple(kept), countries, found)


TABLE_NOTE = "Dates are local calendar days; a month or year means the day is not on record."


def release_table_rows(film: Film) -> list[str]:
    """The column heads, then one aligned row per release, earliest first (no code fence around them)."""
    rows = sorted(film.releases, key=lambda r: (r.date.first_day(), r.country, r.type))
    cells = [
        (
            r.country,
            _TYPE_SHORT[r.type],
            _short_date(r.date),
            _clip((r.note or "").replace("`", "'"), 48),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(("Where", "Type", "Date"))]
    head = f"{'Where':<{widths[0]}}  {'Type':<{widths[1]}}  {'Date':<{widths[2]}}  Note"
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


def no_match_text(query: str, suggestions: Sequence[object] = ()) -> str:
    """"I couldn't find “query”", with up to five suggestions (films, title matches or strings)."""
    text = f"I couldn't find a film called “{_escape(_clip(query.strip(), 100))}”."
    names = _suggestion_names(suggestions)
    if names:
        text += f" Did you mean {_join(names)}?"
    return text


def not_on_record_text(query: str, suggestions: Sequence[object] = ()) -> str:
    """A film named in a question that the catalogue lacks: say so, never answer for another film."""
    text = f"I don't have *{_escape(_clip(query.strip(), 100))}* on record, so I can't say when it comes out."
    names = _suggestion_names(suggestions)
    if names:
        text += f" The nearest titles I know: {_join(names)}."
    return text


def ambiguous_text(query: str, films: Sequence[object]) -> str:
    """Several films share the title: list them and ask for the year."""
    names = [f"**{_escape(_label(f))}**" for f in list(films)[:10]]
    example = next((f for f in films if getattr(f, "year", None)), None)
    hint = f" Ask again with the year, e.g. “{_escape(_label(example))}”." if example else ""
    return f"More than one film matches “{_escape(_clip(query.strip(), 100))}”: {', '.join(names)}.{hint}"
