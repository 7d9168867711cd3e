"""The wording of where-to-watch answers: which services offer a film in a country, and how.

Pure: the offers TMDB stored for a film (which TMDB has from JustWatch) go in, the reply's text comes
out. Every answer that names services credits JustWatch, as TMDB's terms ask of anyone showing its
watch providers. A film with no where-to-watch data gets that said plainly, never a guess, and an
answer never grows past Discord's 2,000 characters whatever TMDB lists.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.review_render import clean_single_line, escape_markdown
from bot.domain.tmdb import OFFER_KINDS, CountryOffers
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook
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

def _kind_label(kind: str, _: Phrasebook) -> str:
    return {"flatrate": _("Subscription"), "free": _("Free"), "ads": _("Free with ads"), "rent": _("Rent"),
            "buy": _("Buy")}[kind]


def _kind_how(kind: str, _: Phrasebook) -> str:
    return {"flatrate": _("with a subscription"), "free": _("free"), "ads": _("free with ads"), "rent": _("to rent"),
            "buy": _("to buy")}[kind]


def _kind_noun(kind: str, _: Phrasebook) -> str:
    return {"flatrate": _("stream"), "free": _("stream"), "ads": _("stream"), "rent": _("rent"), "buy": _("buy")}[kind]


def _label(text: str, _: Phrasebook) -> str:
    return escape_markdown(clean_single_line(text, TITLE_CHARS) or _("Untitled"))


def _names(names: Sequence[str], _: Phrasebook) -> str:
    shown = [escape_markdown(clean_single_line(n, NAME_CHARS)) for n in names[:NAMES_SHOWN]]
    more = len(names) - len(shown)
    listed = ", ".join(shown)
    return _.plural("{names} and {n} more", "{names} and {n} more", more, names=listed) if more > 0 else listed


def _listing(offers: CountryOffers, kinds: Sequence[str], _: Phrasebook) -> list[str]:
    """One line per kind of offer the country has, in TMDB's order: "Subscription: Netflix, NOW"."""
    lines = []
    for kind in kinds:
        providers = list(dict.fromkeys(offers.of_kind(kind)))
        if providers:
            lines.append(_("• {kind}: {services}", kind=_kind_label(kind, _), services=_names(providers, _)))
    return lines


def _service_line(service: Service, offers: CountryOffers, wanted: tuple[str, ...], where: str, _: Phrasebook) -> str:
    """Yes or no for one named service, with the way it offers the film."""
    name = escape_markdown(service.name)
    theirs = [o for o in offers.offers if service.offers(o.provider)]
    kinds = list(dict.fromkeys(o.kind for o in theirs))
    matching = [k for k in kinds if not wanted or k in wanted]
    if matching:
        return _("**Yes**: on {service} in {where}, {how}.", service=name, where=where,
                 how=_.any_of([_kind_how(k, _) for k in matching]))
    if kinds:
        return _("**Not to {asked}** on {service} in {where}, but {how}.",
                 asked=_.any_of(list(dict.fromkeys(_kind_noun(k, _) for k in wanted))), service=name, where=where,
                 how=_.any_of([_kind_how(k, _) for k in kinds]))
    return _("**No**: not on {service} in {where}.", service=name, where=where)


def _country_lines(offers: CountryOffers, services: Sequence[Service], kinds: tuple[str, ...],
                   where: str, _: Phrasebook) -> list[str]:
    wanted = offer_kinds_for(kinds)
    lines = [_service_line(service, offers, wanted, where, _) for service in dict.fromkeys(services)]
    if not offers.offers:
        if not services:
            lines.append(_("No service offers it in {where}: not to stream, rent or buy, as far as JustWatch knows.",
                           where=where))
        else:
            lines.append(_("No service offers it there at all: not to stream, rent or buy."))
        return lines
    if wanted and not services and not any(o.kind in wanted for o in offers.offers):
        lines.append(_("No service offers it to {how} in {where}.",
                       how=_.any_of(list(dict.fromkeys(_kind_noun(k, _) for k in wanted))), where=where))
    first = [k for k in OFFER_KINDS if k in wanted] + [k for k in OFFER_KINDS if k not in wanted]
    listing = _listing(offers, first, _)
    if services and listing:
        lines.append(_("Where it is in {where}:", where=where))
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
    book: Phrasebook | None = None,
) -> str:
    """Where *film_label* can be watched in each country of *listings* (the asked ones, or the assumed one).

    *services*: the services the member named, each answered yes or no. *kinds*: the kinds of offer
    asked ("rent"), listed first. *asked*: the countries were named in the question; otherwise the
    first is the one assumed, for the reason *assumed_from* (in *book*'s language, English by default).
    """
    _ = book or phrasebook(ENGLISH)
    listings = list(listings)[:MAX_COUNTRIES]
    film = f"**{_label(film_label, _)}**"
    if asked and listings:
        header = _("{film}: where to watch in {countries}", film=film,
                   countries=_.all_of([_.country_in_words(o.country) for o in listings]))
    elif listings and assumed_from:
        header = _("{film}: where to watch (assuming {where}, {why})", film=film,
                   where=_.country_phrase(listings[0].country), why=assumed_from)
    elif listings:
        header = _("{film}: where to watch (assuming {where})", film=film, where=_.country_phrase(listings[0].country))
    else:
        header = _("{film}: where to watch", film=film)
    lines = [header]
    for offers in listings:
        if len(listings) > 1:
            lines.append(f"__{escape_markdown(_.country(offers.country))}__")
        lines.extend(_country_lines(offers, services, kinds, _.country_phrase(offers.country), _))
    return _finish(lines, _)


def watch_unknown_text(film_label: str, book: Phrasebook | None = None) -> str:
    """The film has no where-to-watch data (it did not come from TMDB): say so rather than guess."""
    _ = book or phrasebook(ENGLISH)
    return _("I don't know where {film} can be watched: there is no where-to-watch data for it (that comes from "
             "TMDB, for the films the bot looked up there), and I won't guess.", film=f"**{_label(film_label, _)}**")


def _finish(lines: list[str], _: Phrasebook) -> str:
    """The lines and the credit, within one message: a listing too long for it is cut with a note."""
    credit = "-# " + _("Where-to-watch data from JustWatch, via TMDB.")
    budget = MAX_MESSAGE - len(credit) - 80
    kept: list[str] = []
    length = 0
    for line in lines:
        if length + len(line) + 1 > budget:
            kept.append(_("…and more services than fit here."))
            break
        kept.append(line)
        length += len(line) + 1
    return "\n".join([*kept, credit])
