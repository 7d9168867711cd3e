"""The wording of where-to-watch answers: which services offer a film in a country, and how.

Pure: the offers TMDB stored for a film (which TMDB has from JustWatch) go in, the reply's text comes
out. Every answer that names services credits JustWatch, as TMDB's terms ask of anyone showing its
watch providers. A film with no where-to-watch data gets that said plainly, never a guess, and an
answer never grows past Discord's 2,000 characters whatever TMDB lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.countries import country_in_words, country_name, country_phrase
from bot.domain.review_render import clean_single_line, escape_markdown
from bot.domain.tmdb import OFFER_KINDS, CountryOffers
from bot.domain.watch_questions import Service, offer_kinds_for

__all__ = ["JUSTWATCH_CREDIT", "MAX_COUNTRIES", "compose_watch_answer", "watch_unknown_text"]

JUSTWATCH_CREDIT = "-# Where-to-watch data from JustWatch, via TMDB."
MAX_MESSAGE = 2000
#: countries one answer covers; a question naming more gets the first ones
MAX_COUNTRIES = 3
#: services named per kind of offer; more are counted ("and 4 more")
NAMES_SHOWN = 10
NAME_CHARS = 40
TITLE_CHARS = 200

_KIND_LABEL = {"flatrate": "Subscription", "free": "Free", "ads": "Free with ads", "rent": "Rent", "buy": "Buy"}
_KIND_HOW = {"flatrate": "with a subscription", "free": "free", "ads": "free with ads", "rent": "to rent",
             "buy": "to buy"}
_KIND_NOUN = {"flatrate": "stream", "free": "stream", "ads": "stream", "rent": "rent", "buy": "buy"}


def _label(text: str) -> str:
    return escape_markdown(clean_single_line(text, TITLE_CHARS) or "Untitled")


def _names(names: Sequence[str]) -> str:
    shown = [escape_markdown(clean_single_line(n, NAME_CHARS)) for n in names[:NAMES_SHOWN]]
    more = len(names) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _join(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _listing(offers: CountryOffers, kinds: Sequence[str]) -> list[str]:
    """One line per kind of offer the country has, in TMDB's order: "Subscription: Netflix, NOW"."""
    lines = []
    for kind in kinds:
        providers = list(dict.fromkeys(offers.of_kind(kind)))
        if providers:
            lines.append(f"• {_KIND_LABEL[kind]}: {_names(providers)}")
    return lines


def _service_line(service: Service, offers: CountryOffers, wanted: tuple[str, ...], where: str) -> str:
    """Yes or no for one named service, with the way it offers the film."""
    name = escape_markdown(service.name)
    theirs = [o for o in offers.offers if service.offers(o.provider)]
    kinds = list(dict.fromkeys(o.kind for o in theirs))
    matching = [k for k in kinds if not wanted or k in wanted]
    if matching:
        return f"**Yes**: on {name} in {where}, {_join([_KIND_HOW[k] for k in matching])}."
    if kinds:
        asked = _join(list(dict.fromkeys(_KIND_NOUN[k] for k in wanted)))
        return f"**Not to {asked}** on {name} in {where}, but {_join([_KIND_HOW[k] for k in kinds])}."
    return f"**No**: not on {name} in {where}."


def _country_lines(offers: CountryOffers, services: Sequence[Service], kinds: tuple[str, ...],
                   where: str) -> list[str]:
    wanted = offer_kinds_for(kinds)
    lines = [_service_line(service, offers, wanted, where) for service in dict.fromkeys(services)]
    if not offers.offers:
        if not services:
            lines.append(f"No service offers it in {where}: not to stream, rent or buy, as far as JustWatch knows.")
        else:
            lines.append("No service offers it there at all: not to stream, rent or buy.")
        return lines
    if wanted and not services and not any(o.kind in wanted for o in offers.offers):
        nouns = _join(list(dict.fromkeys(_KIND_NOUN[k] for k in wanted)))
        lines.append(f"No service offers it to {nouns} in {where}.")
    first = [k for k in OFFER_KINDS if k in wanted] + [k for k in OFFER_KINDS if k not in wanted]
    listing = _listing(offers, first)
    if services:
        lines.append(f"Where it is in {where}:" if listing else "")
    lines.extend(listing)
    return [line for line in lines if line]


def compose_watch_answer(
    film_label: str,
    listings: Sequence[CountryOffers],
    *,
    services: Sequence[Service] = (),
    kinds: tuple[str, ...] = (),
    asked: bool = True,
    assumed_from: str | None = None,
) -> str:
    """Where *film_label* can be watched in each country of *listings* (the asked ones, or the assumed one).

    *services*: the services the member named, each answered yes or no. *kinds*: the kinds of offer
    asked ("rent"), listed first. *asked*: the countries were named in the question; otherwise the
    first is the one assumed, for the reason *assumed_from*.
    """
    listings = list(listings)[:MAX_COUNTRIES]
    header = f"**{_label(film_label)}**: where to watch"
    if asked and listings:
        header += " in " + ", ".join(country_in_words(o.country) for o in listings)
    elif listings:
        why = f", {assumed_from}" if assumed_from else ""
        header += f" (assuming {country_phrase(listings[0].country)}{why})"
    lines = [header]
    for offers in listings:
        if len(listings) > 1:
            lines.append(f"__{escape_markdown(country_name(offers.country))}__")
        lines.extend(_country_lines(offers, services, kinds, country_phrase(offers.country)))
    return _finish(lines)


def watch_unknown_text(film_label: str) -> str:
    """The film has no where-to-watch data (it did not come from TMDB): say so rather than guess."""
    return (f"I don't know where **{_label(film_label)}** can be watched: there is no where-to-watch data for it "
            "(that comes from TMDB, for the films the bot looked up there), and I won't guess.")


def _finish(lines: list[str]) -> str:
    """The lines and the credit, within one message: a listing too long for it is cut with a note."""
    budget = MAX_MESSAGE - len(JUSTWATCH_CREDIT) - 60
    kept: list[str] = []
    length = 0
    for line in lines:
        if length + len(line) + 1 > budget:
            kept.append("…and more services than fit here.")
            break
        kept.append(line)
        length += len(line) + 1
    return "\n".join([*kept, JUSTWATCH_CREDIT])
