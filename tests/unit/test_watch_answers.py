"""compose_watch_answer and watch_unknown_text: the services by kind of offer, yes or no for a named
service, the credit to JustWatch, a country with nothing said plainly, and Discord's size limit kept."""

from __future__ import annotations

from bot.domain.film_info import film_info_pages
from bot.domain.help_text import HelpEntry, help_pages
from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.domain.tmdb import TMDB_ATTRIBUTION, CountryOffers, WatchOffer
from bot.domain.watch_answers import JUSTWATCH_CREDIT, compose_watch_answer, watch_unknown_text
from bot.domain.watch_questions import SERVICES

GB = CountryOffers("GB", (WatchOffer("Netflix", "flatrate", 1), WatchOffer("Apple TV", "rent", 2),
                          WatchOffer("Amazon Video", "rent", 3), WatchOffer("Apple TV", "buy", 2)))
EMPTY_DE = CountryOffers("DE", ())


def service(name: str):
    return next(s for s in SERVICES if s.name == name)


def test_every_kind_of_offer_is_listed_with_its_services_and_the_credit():
    text = compose_watch_answer("Moon Garden (2025)", [GB])
    assert text.startswith("**Moon Garden (2025)**: where to watch in the United Kingdom")
    assert "• Subscription: Netflix" in text and "• Rent: Apple TV, Amazon Video" in text and "• Buy: Apple TV" in text
    assert text.endswith(JUSTWATCH_CREDIT) and "JustWatch" in JUSTWATCH_CREDIT


def test_a_named_service_that_has_it_is_a_yes_with_how():
    text = compose_watch_answer("Moon Garden (2025)", [GB], services=[service("Netflix")])
    assert "**Yes**: on Netflix in the UK, with a subscription." in text
    assert "Where it is in the UK:" in text and "• Rent: Apple TV, Amazon Video" in text


def test_a_named_service_without_it_is_a_no_and_the_others_are_named():
    text = compose_watch_answer("Moon Garden (2025)", [GB], services=[service("Disney+")])
    assert "**No**: not on Disney+ in the UK." in text and "• Subscription: Netflix" in text


def test_a_service_that_has_it_another_way_says_which():
    text = compose_watch_answer("Moon Garden (2025)", [GB], services=[service("Apple TV")], kinds=("flatrate",))
    assert "**Not to stream** on Apple TV in the UK, but to rent or to buy." in text


def test_the_asked_kind_comes_first_and_its_absence_is_said():
    text = compose_watch_answer("Moon Garden (2025)", [GB], kinds=("rent",))
    assert text.index("• Rent:") < text.index("• Subscription:")
    streaming_only = CountryOffers("GB", (WatchOffer("Netflix", "flatrate", 1),))
    assert "No service offers it to buy in the UK." in compose_watch_answer("X", [streaming_only], kinds=("buy",))


def test_a_country_with_no_offers_is_said_plainly():
    text = compose_watch_answer("Moon Garden (2025)", [EMPTY_DE])
    assert "No service offers it in Germany: not to stream, rent or buy, as far as JustWatch knows." in text
    named = compose_watch_answer("Moon Garden (2025)", [EMPTY_DE], services=[service("Netflix")])
    assert "**No**: not on Netflix in Germany." in named and "No service offers it there at all" in named


def test_an_assumed_country_says_why():
    text = compose_watch_answer("Moon Garden (2025)", [GB], asked=False, assumed_from="your country setting")
    assert "(assuming the UK, your country setting)" in text


def test_several_countries_get_a_heading_each():
    text = compose_watch_answer("Moon Garden (2025)", [GB, EMPTY_DE])
    assert "__UK__" in text and "__Germany__" in text and text.index("__UK__") < text.index("__Germany__")


def test_provider_names_are_escaped_and_a_huge_listing_fits_one_message():
    many = CountryOffers("US", tuple(WatchOffer(f"*Service_{n}* " + "x" * 70, kind, n)
                                     for n in range(200) for kind in ("flatrate", "rent", "buy", "free", "ads")))
    text = compose_watch_answer("*Bold* " * 100, [many, many, many])
    assert len(text) <= 2000 and text.endswith(JUSTWATCH_CREDIT)
    assert "and 190 more" in text and "\\*Service\\_0\\*" in text


def test_a_film_without_where_to_watch_data_is_not_guessed():
    text = watch_unknown_text("Never Let Me Go (2010)")
    assert "I don't know where **Never Let Me Go (2010)** can be watched" in text and "won't guess" in text


def test_film_info_carries_the_attribution_on_every_page_when_asked():
    import pycountry

    releases = tuple(Release(c.alpha_2, kind, PartialDate(2000, 3, 4)) for c in pycountry.countries
                     for kind in (ReleaseType.THEATRICAL, ReleaseType.DIGITAL, ReleaseType.PHYSICAL))
    film = Film(1, "Heat", 1995, releases=releases)
    pages = film_info_pages(film, footer=TMDB_ATTRIBUTION)
    assert len(pages) > 1 and all(f"-# {TMDB_ATTRIBUTION}" in p and len(p) <= 2000 for p in pages)
    assert film_info_pages(Film(2, "Heat", 1995), footer=TMDB_ATTRIBUTION)[0].endswith(TMDB_ATTRIBUTION)
    assert not any(TMDB_ATTRIBUTION in p for p in film_info_pages(film))


def test_help_ends_with_the_attribution_when_asked():
    pages = help_pages("Intro", [HelpEntry("release watch", "Where")], footer=TMDB_ATTRIBUTION)
    assert pages[-1].endswith(TMDB_ATTRIBUTION) and "/release watch film:Oppenheimer" in pages[-1]
    assert TMDB_ATTRIBUTION not in help_pages("Intro", [HelpEntry("release watch", "Where")])[-1]
