"""The first-run wizard's language, read from the operator's environment the way gettext reads it."""

import pytest

from bot.domain.locales import LANGUAGES
from bot.first_run import operator_language


@pytest.mark.parametrize(("environ", "expected"), [
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "de_AT.UTF-8"}, "de"),  # another country's German is German
    ({"LANG": "en_GB.UTF-8"}, "en-GB"),
    ({"LANG": "en_AU.UTF-8"}, "en-US"),  # an English Reviewbot has no catalogue for: its first variety
    ({"LANG": "es_ES.UTF-8"}, "es-ES"),
    ({"LANG": "es_MX.UTF-8"}, "es-419"),  # Spanish outside Spain is Discord's Latin American Spanish
    ({"LANG": "es_419"}, "es-419"),
    ({"LANG": "pt_BR.UTF-8"}, "pt-BR"),
    ({"LANG": "fr_BE.ISO-8859-1@euro"}, "fr"),
    ({"LANG": "C.UTF-8"}, "en-US"),
    ({"LANG": "POSIX"}, "en-US"),
    ({"LANG": "it_IT.UTF-8"}, "en-US"),  # a language Reviewbot does not speak
    ({}, "en-US"),
    ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "de_DE.UTF-8"}, "de"),  # LC_MESSAGES comes before LANG
    ({"LANG": "fr_FR.UTF-8", "LC_MESSAGES": "de_DE.UTF-8", "LC_ALL": "pt_BR.UTF-8"}, "pt-BR"),  # LC_ALL before both
    ({"LANG": "fr_FR.UTF-8", "LC_ALL": ""}, "fr"),  # an empty variable is not set
    ({"LANG": "fr_FR.UTF-8", "LANGUAGE": "it:de"}, "de"),  # LANGUAGE lists preferences, first spoken wins
    ({"LANGUAGE": "it", "LANG": "fr_FR.UTF-8"}, "en-US"),  # as gettext: the first variable set decides
])
def test_the_operators_language_comes_from_the_environment_as_gettext_reads_it(environ, expected):
    assert operator_language(environ) is LANGUAGES[expected]
