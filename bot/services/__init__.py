"""Use cases over the store and Discord objects: mirroring and catch-up, publishing, the release desk, exports.

May import the frame (configuration, errors, permission sets, mention defaults), ``bot.domain`` and
``bot.db``; never ``bot.ui``, ``cogs`` or ``bot.sandbox``.
"""
