"""Discord's rules for what slash commands are called and described as, in any language.

Discord refuses a whole command sync (400, and the bot would start without its commands) when one
name or description of one language breaks its rules, so the translator checks every translation
against these before it offers it, and a test checks every catalogue. The rules, from Discord's
application-command documentation:

- a CHAT_INPUT command, group, subcommand or option name matches ``^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$``
  and uses the lowercase form of every letter that has one;
- a description is 1-100 characters; a choice's name 1-100.

Python's ``re`` has no ``\\p{...}`` classes, so the character test reads Unicode categories and the two
scripts' blocks directly.
"""

from __future__ import annotations

import unicodedata

__all__ = ["MAX_CHOICE_NAME", "MAX_DESCRIPTION", "MAX_NAME", "valid_choice_name", "valid_description", "valid_name"]

MAX_NAME = 32
MAX_DESCRIPTION = 100
MAX_CHOICE_NAME = 100

#: Devanagari and Thai, whose vowel signs are marks (not letters) but which Discord allows whole.
_SCRIPT_BLOCKS = ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x11B00, 0x11B5F), (0x0E00, 0x0E7F))


def _name_character(ch: str) -> bool:
    if ch in "-_":
        return True
    if unicodedata.category(ch)[0] in "LN":
        return True
    point = ord(ch)
    return any(low <= point <= high for low, high in _SCRIPT_BLOCKS)


def valid_name(name: object) -> bool:
    """Whether *name* may name a slash command, group, subcommand or option (in any language)."""
    if not isinstance(name, str) or not 1 <= len(name) <= MAX_NAME:
        return False
    return name == name.lower() and all(_name_character(ch) for ch in name)


def valid_description(text: object) -> bool:
    """Whether *text* may describe a slash command or option."""
    return isinstance(text, str) and 1 <= len(text) <= MAX_DESCRIPTION


def valid_choice_name(text: object) -> bool:
    """Whether *text* may name an option's choice."""
    return isinstance(text, str) and 1 <= len(text) <= MAX_CHOICE_NAME
