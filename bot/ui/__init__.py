"""The Discord-facing pieces cogs share: views and paginators, option transformers and autocomplete,
the command tree and its error handler, and access checks.

May import the frame, ``bot.domain``, ``bot.db`` types and ``bot.services``; never ``cogs`` or
``bot.sandbox``, and never SQL or ``aiosqlite``.
"""
