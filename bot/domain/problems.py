"""A failure that members are told about later, in their language: an English message with named values.

A feed that cannot be read is stored with what went wrong, and ``/feeds list`` shows it to whoever asks,
in their language, days later. So the failure is kept as its message (the English ``msgid`` of the
catalogues, with ``{placeholders}``) and its values, not as a sentence already written in one language;
:meth:`Problem.said` writes it in a :class:`~bot.domain.translations.Phrasebook`'s language when shown.
Messages are marked for Babel's extractor with :func:`marked`, imported as ``_`` (gettext's ``N_``):
it returns the message untouched, and ``pybabel extract -k _`` finds it for translators.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.domain.translations import Phrasebook

__all__ = ["Problem", "ProblemError", "marked"]


def marked(message: str) -> str:
    """*message*, unchanged: marked for translation where it is said later (import it as ``_``)."""
    return message


@dataclass(frozen=True)
class Problem:
    """What went wrong: an English message with ``{named}`` placeholders, and their values."""

    message: str
    values: tuple[tuple[str, str], ...] = ()
    #: text stored before problems kept their message and values: shown as it is, never formatted
    literal: bool = False

    @classmethod
    def of(cls, message: str, /, **values: object) -> Problem:
        return cls(message, tuple((name, str(value)) for name, value in values.items()))

    def __str__(self) -> str:
        """In English, for logs and the operator's command line."""
        return self.message if self.literal or not self.values else self.message.format(**dict(self.values))

    def said(self, book: Phrasebook) -> str:
        """In *book*'s language (English where the catalogue lacks the message)."""
        return self.message if self.literal else book(self.message, **dict(self.values))

    def encoded(self) -> str:
        """The problem as stored text (JSON), for :meth:`decoded` to read back."""
        return json.dumps({"message": self.message, "values": dict(self.values)}, ensure_ascii=False)

    @classmethod
    def decoded(cls, text: str) -> Problem:
        """A stored problem; text that is not one (stored by an older version) is kept as it is."""
        try:
            data = json.loads(text) if text.startswith("{") else None
        except ValueError:
            data = None
        if not isinstance(data, dict) or not isinstance(data.get("message"), str) or not isinstance(
                data.get("values", {}), dict):
            return cls(text, literal=True)
        return cls(data["message"], tuple((str(k), str(v)) for k, v in data.get("values", {}).items()))


class ProblemError(Exception):
    """An exception carrying a :class:`Problem`; its ``str()`` is the English sentence, as before."""

    def __init__(self, message: str, /, **values: object) -> None:
        self.problem = Problem.of(message, **values)
        super().__init__(str(self.problem))
