"""Checks every slash command gets on arrival, before its callback runs.

Discord's client enforces what a command declares (choices, ranges, lengths, channel types, where it
is offered), but Discord's API relays whatever a modified or outdated client sends. So what was
declared is checked again here, against the very payload the bot registered, and a command that
arrives where it is not offered (a guild command in a DM) is answered politely instead of running.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from discord import app_commands

STRING, INTEGER, CHANNEL, NUMBER = 3, 4, 7, 10
SUBCOMMAND_TYPES = (1, 2)


def offered_in_dms(command: app_commands.Command | app_commands.Group) -> bool:
    """Whether Discord offers *command* in a DM: only the top-level command's declaration counts."""
    root = command.root_parent or command
    contexts = root.allowed_contexts
    if contexts is not None:
        return bool(contexts.dm_channel)
    return not root.guild_only


def leaf_options(options: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The options given to the subcommand that runs, under any subcommand groups."""
    options = list(options)
    while len(options) == 1 and options[0].get("type") in SUBCOMMAND_TYPES:
        options = list(options[0].get("options") or [])
    return options


def option_problem(
    declared: Iterable[Mapping[str, Any]],
    given: Iterable[Mapping[str, Any]],
    resolved_channels: Mapping[str, Mapping[str, Any]],
) -> str | None:
    """The member-facing reason the first *given* option breaks its declaration, or None when all fit."""
    specs = {spec["name"]: spec for spec in declared}
    for option in given:
        spec = specs.get(option.get("name"))
        if spec is None:
            return f"“{str(option.get('name'))[:32]}” is not an option of this command."
        problem = _value_problem(spec, option.get("value"), resolved_channels)
        if problem is not None:
            return f"“{spec['name']}” {problem}."
    return None


def _value_problem(spec: Mapping[str, Any], value: Any, channels: Mapping[str, Mapping[str, Any]]) -> str | None:
    kind = spec["type"]
    if value is None:
        return "has no value"
    choices = spec.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        names = ", ".join(str(c["name"]) for c in choices[:10])
        return f"must be one of: {names}"
    if kind in (INTEGER, NUMBER):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return "must be a number"
        if kind == INTEGER and not isinstance(value, int):
            return "must be a whole number"
        low, high = spec.get("min_value"), spec.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            return _between(low, high, "")
    if kind == STRING:
        if not isinstance(value, str):
            return "must be text"
        low, high = spec.get("min_length"), spec.get("max_length")
        if (low is not None and len(value) < low) or (high is not None and len(value) > high):
            return _between(low, high, " characters long")
    if kind == CHANNEL and spec.get("channel_types"):
        channel = channels.get(str(value)) or {}
        if channel.get("type") not in spec["channel_types"]:
            return "is not a kind of channel this command takes"
    return None


def _between(low: Any, high: Any, unit: str) -> str:
    if low is not None and high is not None:
        return f"must be between {low:,} and {high:,}{unit}"
    if low is not None:
        return f"must be at least {low:,}{unit}"
    return f"must be at most {high:,}{unit}"
