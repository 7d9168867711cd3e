"""Whom a message the bot sends may ping: nobody, unless a caller says otherwise.

Reviews, answers and paged views echo text that members and reviewers wrote; a ``@everyone`` or a
role mention in that text must reach Discord as text, not as a ping. Services and cogs both send
messages, so the default lives in the frame where either may import it.
"""

from __future__ import annotations

import discord

NO_PINGS = discord.AllowedMentions.none()
