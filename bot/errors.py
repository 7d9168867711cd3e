"""Exceptions that carry a message meant for the member who caused them."""

from __future__ import annotations

from discord import app_commands


class UserFacingError(app_commands.AppCommandError):
    """An expected failure (bad input, missing permission, unknown film): shown ephemerally, not logged."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
