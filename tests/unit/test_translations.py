"""The message catalogues: every sentence the code says is in every language, with its placeholders intact.

Adding a language is a catalogue and an entry in ``bot.domain.locales.LANGUAGES``; these tests then
say what is missing from it. The sentences are read from the source exactly as Babel's extractor reads
them for translators, so a new sentence in the code fails here until each catalogue has it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.domain import translations
from bot.domain.locales import LANGUAGES
from bot.domain.models import Film, PartialDate, Release, ReleaseType
from bot.domain.release_answers import ambiguous_text, compose_answer, no_match_text
from bot.domain.translations import Phrasebook, phrasebook, placeholders

ROOT = Path(__file__).resolve().parents[2]
#: The same keywords and mapping as the README's `pybabel extract` command.
KEYWORDS = {"_": None, "plural": (1, 2), "in_context": ((1, "c"), 2), "UserFacingError": None}
TODAY = dt.date(2026, 12, 2)


def _source_messages() -> set[tuple[str | None, str | tuple[str, str]]]:
    with (ROOT / "bot" / "locales" / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    return {
        (context, message)
        for _, _, message, _, context in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS)
    }


SOURCE = _source_messages()
TRANSLATED = [lang for lang in LANGUAGES.values() if not lang.discord.startswith("en")]


def _catalogue(lang):
    with (ROOT / "bot" / translations.catalogue_path(lang)).open("rb") as handle:
        return read_po(handle, locale=lang.babel)


def test_the_code_says_something_worth_translating():
    assert len(SOURCE) > 50
    assert (None, "Elsewhere:") in SOURCE
    assert ("month", "out since {date}{stamp}") in SOURCE


def test_the_template_for_translators_is_up_to_date():
    with (ROOT / "bot" / "locales" / "messages.pot").open("rb") as handle:
        template = {(m.context, m.id) for m in read_po(handle) if m.id}
    assert template == SOURCE, "run the pybabel extract command in the README's Languages section"


@pytest.mark.parametrize("lang", list(LANGUAGES.values()), ids=lambda lang: lang.discord)
def test_every_language_has_a_catalogue_with_every_message(lang):
    catalogue = _catalogue(lang)
    held = {(m.context, m.id) for m in catalogue if m.id}
    assert not SOURCE - held, f"{lang.discord} lacks {sorted(map(str, SOURCE - held))[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED, ids=lambda lang: lang.discord)
def test_every_message_is_translated_and_keeps_its_placeholders(lang):
    for message in _catalogue(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{lang.discord}: {message.id!r} is not translated"
        assert not message.fuzzy, f"{lang.discord}: {message.id!r} is marked fuzzy"
        for text in strings:
            assert placeholders(text) == placeholders(ids[-1]), f"{lang.discord}: {message.id!r} → {text!r}"


def _never_let_me_go() -> Film:
    return Film(id=1, title="Never Let Me Go", year=2010, releases=(
        Release("GB", ReleaseType.THEATRICAL, PartialDate(2011, 2, 11)),
        Release("GB", ReleaseType.PHYSICAL, PartialDate(2011, 6, 27)),
        Release("US", ReleaseType.LIMITED, PartialDate(2010, 9, 15)),
        Release("FR", ReleaseType.THEATRICAL, PartialDate(2011, 3, 2)),
        Release("DE", ReleaseType.PHYSICAL, PartialDate(2027, 3)),
    ))


@pytest.mark.parametrize(("code", "expected"), [
    ("en-GB", ["in the United Kingdom", "• **Cinemas:** out since 11 February 2011.",
               "• **DVD/Blu-ray:** out since 27 June 2011."]),
    ("en-US", ["in the United Kingdom", "• **Theaters:** out since February 11, 2011.",
               "• **DVD/Blu-ray:** out since June 27, 2011."]),
    ("fr", ["– Royaume-Uni", "• **Cinéma :** sorti le 11 février 2011.", "sorti le 27 juin 2011"]),
    ("de", ["– Vereinigtes Königreich", "• **Kino:** erschienen am 11. Februar 2011.", "am 27. Juni 2011"]),
    ("es-ES", ["– Reino Unido", "• **Cines:** disponible desde el 11 de febrero de 2011.", "27 de junio de 2011"]),
    ("es-419", ["– Reino Unido", "desde el 11 de febrero de 2011.", "27 de junio de 2011"]),
    ("pt-BR", ["– Reino Unido", "• **Cinemas:** disponível desde 11 de fevereiro de 2011.", "27 de junho de 2011"]),
])
def test_an_answer_is_written_in_the_members_language(code, expected):
    text = compose_answer(_never_let_me_go(), countries=("GB",), today=TODAY, book=phrasebook(LANGUAGES[code])).text
    assert text.startswith("**Never Let Me Go (2010)**")
    for part in expected:
        assert part in text


@pytest.mark.parametrize(("code", "expected"), [
    ("en-GB", "due March 2027 (day not on record yet)"),
    ("fr", "prévu en mars 2027 (jour pas encore connu)"),
    ("de", "erwartet im März 2027 (Tag noch nicht bekannt)"),
    ("es-ES", "previsto para marzo de 2027 (día aún no registrado)"),
    ("pt-BR", "previsto para março de 2027 (dia ainda não registrado)"),
])
def test_a_month_only_date_keeps_its_precision_and_grammar_in_every_language(code, expected):
    text = compose_answer(_never_let_me_go(), countries=("DE",), formats=(), today=TODAY,
                          book=phrasebook(LANGUAGES[code])).text
    assert expected in text


@pytest.mark.parametrize(("code", "country", "missing"), [
    ("en-GB", "Japan", "No release on record for Japan."),
    ("fr", "Japon", "Japon : aucune sortie connue."),
    ("de", "Japan", "Japan: kein Start bekannt."),
    ("es-ES", "Japón", "Japón: no consta ningún estreno."),
    ("pt-BR", "Japão", "Japão: nenhum lançamento registrado."),
])
def test_what_is_not_known_is_said_plainly_in_every_language(code, country, missing):
    text = compose_answer(_never_let_me_go(), countries=("JP",), today=TODAY, book=phrasebook(LANGUAGES[code])).text
    assert missing in text
    assert country in text


def test_refusals_and_lists_follow_the_language():
    fr = phrasebook(LANGUAGES["fr"])
    assert no_match_text("Nevr", ["Never Let Me Go", "Nevada"], fr) == (
        "Je n’ai trouvé aucun film intitulé « Nevr ». Vouliez-vous dire **Never Let Me Go** ou **Nevada** ?"
    )
    de = phrasebook(LANGUAGES["de"])
    films = [_never_let_me_go(), Film(id=2, title="Never Let Me Go", year=1953)]
    assert "Frag noch einmal mit dem Jahr" in ambiguous_text("Never Let Me Go", films, de)
    assert de.all_of(["A", "B", "C"]) == "A, B und C"
    assert phrasebook(LANGUAGES["es-ES"]).any_of(["A", "B", "C"]) == "A, B o C"


def test_english_is_said_when_a_translation_breaks_its_placeholders(caplog):
    book = Phrasebook(LANGUAGES["fr"])
    book._gettext = _Broken()
    assert book("No release on record for {where}.", where="Japon") == "No release on record for Japon."
    assert "placeholder" in caplog.text


class _Broken:
    """A catalogue whose translator renamed a placeholder."""

    def gettext(self, message: str) -> str:
        return "{pays} : aucune sortie connue."


def test_a_language_without_a_catalogue_speaks_english():
    from bot.domain.locales import Language

    unknown = Language("it", "it_IT", "Italiano")
    book = Phrasebook(unknown)
    assert book("Elsewhere:") == "Elsewhere:"
    assert book.date(PartialDate(2011, 6, 27)) == "27 giugno 2011"  # Babel still writes its dates


def test_no_sentence_hides_inside_an_f_string_where_the_extractor_cannot_see_it():
    hidden = re.compile(r"""\bf(["']).*?\{_(?:\.(?:plural|in_context))?\(""")
    sources = [path for folder in ("bot", "cogs") for path in (ROOT / folder).rglob("*.py")]
    found = [f"{path.relative_to(ROOT)}:{number}" for path in sources
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if hidden.search(line)]
    assert not found, f"translate outside the f-string, so pybabel extracts it: {found}"
