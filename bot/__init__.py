"""Reviewbot: a Discord bot for film-review communities."""

__version__ = "0.1.0"
