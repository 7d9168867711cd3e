"""A loopback Discord-compatible server for end-to-end tests of discord.py bots.

See :class:`~bot.sandbox.server.LoopbackDiscord` (the server) and :class:`~bot.sandbox.driver.Driver`
(what tests use to build a world and act as users).
"""

from .driver import Attachment, Driver, InteractionHandle, User
from .server import LoopbackDiscord
from .state import App, Guild

__all__ = ["App", "Attachment", "Driver", "Guild", "InteractionHandle", "LoopbackDiscord", "User"]
