"""Exceptions that carry a message meant for the member who caused them."""

from __future__ import annotations

from collections.abc import Callable

from discord import app_commands

from bot.domain.translations import ENGLISH, Phrasebook, phrasebook


class UserFacingError(app_commands.AppCommandError):
    """An expected failure (bad input, missing permission, unknown film): shown ephemerally, not logged.

    The message is English with named placeholders, filled from *values*, so the error handler can say
    it in the member's language (:meth:`said_in`); ``message`` is the English, for logs and tests. A
    value may itself need words (a list of permission names): pass a function of the phrasebook.
    """

    def __init__(self, message: str, /, **values: object | Callable[[Phrasebook], str]) -> None:
        self.template = message
        self.values = values
        self.message = self.said_in(phrasebook(ENGLISH))
        super().__init__(self.message)

    def said_in(self, book: Phrasebook) -> str:
        values = {key: value(book) if callable(value) else value for key, value in self.values.items()}
        return book(self.template, **values)
