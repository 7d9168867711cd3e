"""Each language's cases for the release-date and where-to-watch question tests, one data module per language.

The tests themselves (`test_questions_in_languages.py`, `test_watch_questions_in_languages.py`) are written
once and run over every language listed here, so a language differs from another only in its data. Every
module holds the same lists, some of them empty; adding a language means adding its module and listing it
in `LANGUAGE_CASES`. The modules are not named `test_*`, so pytest does not collect them.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType

import pytest

from tests.unit.language_cases import de, es, fr, pt

#: Every language's cases, in the order of `bot.domain.question_languages.LANGUAGES`.
LANGUAGE_CASES: tuple[ModuleType, ...] = (fr, de, es, pt)

#: The codes of the languages with cases, in the same order.
CODES: tuple[str, ...] = tuple(module.CODE for module in LANGUAGE_CASES)


def _entries(name: str) -> Iterator[tuple[str, tuple[object, ...]]]:
    """(code, fields) for every entry of the list called `name` in each language; a bare message is one field."""
    for module in LANGUAGE_CASES:
        for entry in getattr(module, name):
            yield module.CODE, entry if isinstance(entry, tuple) else (entry,)


def cases(name: str) -> list[pytest.ParameterSet]:
    """Every language's entries in its list `name`, as parameters (code, *entry), each with an id like
    "fr-quand sort-il ?", so a failure names the language and the message."""
    return [pytest.param(code, *fields, id=f"{code}-{fields[0]}") for code, fields in _entries(name)]


def messages(name: str) -> list[pytest.ParameterSet]:
    """Like `cases`, with only the message (the first field) of each entry, for a test that needs no more."""
    return [pytest.param(code, fields[0], id=f"{code}-{fields[0]}") for code, fields in _entries(name)]


def server_languages(code: str) -> tuple[str, str]:
    """The languages a server in `code` reads a question in: its own first, then English."""
    return (code, "en")
