import pytest

from bot.domain.countries import (
    country_choices,
    country_from_locale,
    country_in_words,
    country_name,
    country_phrase,
    find_countries,
    resolve_country,
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("GB", "GB"), ("gb", "GB"), ("UK", "GB"), ("uk", "GB"), ("U.K.", "GB"), ("US", "US"), ("us", "US"),
        ("USA", "US"), ("U.S.", "US"), ("U.S.A.", "US"), ("Germany", "DE"), ("germany", "DE"),
        ("Deutschland", "DE"), ("British", "GB"), ("American", "US"), ("German", "DE"), ("French", "FR"),
        ("Britain", "GB"), ("Great Britain", "GB"), ("England", "GB"), ("Scotland", "GB"), ("Wales", "GB"),
        ("Northern Ireland", "GB"), ("America", "US"), ("the States", "US"), ("United States", "US"),
        ("United Kingdom", "GB"), ("DEU", "DE"), ("fra", "FR"), ("Ireland", "IE"), ("Irish", "IE"),
        ("the Netherlands", "NL"), ("Holland", "NL"), ("Dutch", "NL"), ("South Korea", "KR"), ("Korea", "KR"),
        ("Japan", "JP"), ("Brazil", "BR"), ("Brasil", "BR"), ("España", "ES"), ("Espana", "ES"),
        ("Österreich", "AT"), ("Türkiye", "TR"), ("Czech Republic", "CZ"), ("Czechia", "CZ"),
        ("Russia", "RU"), ("Iran", "IR"), ("Vietnam", "VN"), ("Bolivia", "BO"), ("  france  ", "FR"),
    ],
)
def test_resolve_country_accepts_codes_names_adjectives_and_colloquial_names(text, code):
    assert resolve_country(text) == code


@pytest.mark.parametrize("text", ["", "   ", "xx", "Narnia", "Europe", "the", "film", None, "x" * 500])
def test_resolve_country_returns_none_for_unknown_places(text):
    assert resolve_country(text) is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("is it out in the UK yet?", ["GB"]),
        ("is it out in the US yet?", ["US"]),
        ("is it out in the U.S. yet?", ["US"]),
        ("is it out in the USA", ["US"]),
        ("when does it come out in the States", ["US"]),
        ("it came out in america and england", ["US", "GB"]),
        ("UK and then Germany, then the UK again", ["GB", "DE"]),
        ("French and German releases", ["FR", "DE"]),
        ("is it out in Turkey and China", ["TR", "CN"]),
        ("when's it out in Deutschland?", ["DE"]),
        ("the British release", ["GB"]),
        ("out in New Zealand and South Korea?", ["NZ", "KR"]),
        ("can you tell us when it's out", []),
        ("let us know", []),
        ("is it out in it", []),
        ("in me it go", []),
        ("what a turkey of a film", []),
        ("good china and a chad", []),
        ("the states of mind", []),
        ("in the end it was fine", []),
        ("I will be there at nine", []),
        ("an English-language film", []),
        ("no country here", []),
    ],
)
def test_find_countries_lists_countries_named_in_text_without_false_positives(text, codes):
    assert find_countries(text) == codes


@pytest.mark.parametrize(
    ("code", "name", "phrase"),
    [("GB", "UK", "the UK"), ("US", "US", "the US"), ("DE", "Germany", "Germany"), ("gb", "UK", "the UK"),
     ("NL", "Netherlands", "the Netherlands"), ("KR", "South Korea", "South Korea"), ("BO", "Bolivia", "Bolivia")],
)
def test_country_names_are_short_and_readable(code, name, phrase):
    assert country_name(code) == name
    assert country_phrase(code) == phrase


@pytest.mark.parametrize(
    ("locale", "code"),
    [("en-GB", "GB"), ("en-US", "US"), ("pt-BR", "BR"), ("es-ES", "ES"), ("zh-TW", "TW"), ("sv-SE", "SE"),
     ("de", "DE"), ("fr", "FR"), ("ja", "JP"), ("uk", "UA"), ("en", None), ("es-419", None), ("", None),
     (None, None), ("xx", None), ("en_GB", "GB")],
)
def test_country_from_locale_uses_the_region_or_the_main_country_of_the_language(locale, code):
    assert country_from_locale(locale) == code


def test_country_choices_start_with_popular_countries_when_empty():
    choices = country_choices("")
    assert choices[:2] == [("UK", "GB"), ("US", "US")]
    assert len(choices) <= 25


@pytest.mark.parametrize(
    ("query", "first"),
    [("ger", ("Germany", "DE")), ("uk", ("UK", "GB")), ("united k", ("UK", "GB")), ("fr", ("France", "FR")),
     ("britain", ("UK", "GB")), ("deutsch", ("Germany", "DE")), ("us", ("US", "US"))],
)
def test_country_choices_put_the_best_match_first(query, first):
    assert country_choices(query)[0] == first


def test_country_choices_respect_discord_limits():
    choices = country_choices("a", limit=50)
    assert 0 < len(choices) <= 25
    assert all(len(name) <= 100 and len(code) == 2 for name, code in choices)


@pytest.mark.parametrize(
    ("code", "words"),
    [("US", "the United States"), ("GB", "the United Kingdom"), ("gb", "the United Kingdom"),
     ("DE", "Germany"), ("NL", "the Netherlands"), ("KR", "South Korea"), ("AE", "the United Arab Emirates")],
)
def test_a_country_in_words_spells_abbreviations_out(code, words):
    assert country_in_words(code) == words


@pytest.mark.parametrize(("locale", "typed", "first"), [
    ("fr", "roy", ("Royaume-Uni", "GB")),
    ("fr", "united k", ("Royaume-Uni", "GB")),
    ("fr", "royaume u", ("Royaume-Uni", "GB")),  # English still finds it, named in French
    ("fr", "gb", ("Royaume-Uni", "GB")),
    ("de", "verei", ("Vereinigte Arabische Emirate", "AE")),
    ("de", "vereinigtes k", ("Vereinigtes Königreich", "GB")),
    ("es-ES", "alem", ("Alemania", "DE")),
    ("es-419", "estados", ("Estados Unidos", "US")),
    ("pt-BR", "alema", ("Alemanha", "DE")),
    ("pt-BR", "japao", ("Japão", "JP")),  # typed without the accent
    ("en-GB", "germ", ("Germany", "DE")),
])
def test_country_choices_speak_the_members_language(locale, typed, first):
    from bot.domain.locales import LANGUAGES
    from bot.domain.translations import phrasebook

    choices = phrasebook(LANGUAGES[locale]).country_choices(typed)
    assert choices[0] == first
    assert len(choices) <= 25 and all(len(name) <= 100 for name, _ in choices)


@pytest.mark.parametrize(("locale", "typed", "code"), [
    ("fr", "Royaume-Uni", "GB"), ("fr", "royaume uni", "GB"), ("fr", "États-Unis", "US"), ("fr", "UK", "GB"),
    ("de", "Vereinigtes Königreich", "GB"), ("es-ES", "Alemania", "DE"), ("pt-BR", "Reino Unido", "GB"),
    ("fr", "Narnia", None),
])
def test_a_country_typed_in_the_members_language_is_understood(locale, typed, code):
    from bot.domain.locales import LANGUAGES
    from bot.domain.translations import phrasebook

    assert phrasebook(LANGUAGES[locale]).country_code(typed) == code
