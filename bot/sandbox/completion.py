"""What Tab offers at the sandbox prompt: command paths, option names, choices, names of things.

Pure, from the synced command definitions and the names in the pretend server, so it can be tested
without a terminal; :mod:`bot.sandbox.terminal` hands it to prompt_toolkit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.sandbox.prompt_parse import (
    BOOLEAN,
    CHANNEL,
    MENTIONABLE,
    ROLE,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    USER,
    Json,
)


@dataclass(frozen=True)
class Names:
    """Names in the pretend server, without their ``#`` or ``@``."""

    channels: Sequence[str] = ()
    members: Sequence[str] = ()
    roles: Sequence[str] = ()
    verbs: Sequence[str] = ()


def suggestions(text: str, commands: Sequence[Json], names: Names) -> tuple[str, list[str]]:
    """(the word being typed, what could replace it) for the text left of the cursor."""
    word = re.search(r"\S*$", text).group()  # type: ignore[union-attr]
    before = text[: len(text) - len(word)]
    if text.startswith("!") and not before:
        return word, [f"!{verb}" for verb in names.verbs if f"!{verb}".startswith(word.lower())]
    if not text.startswith("/"):
        return word, _names(word, names)
    words = before[1:].split() if before else []
    if not before:  # the command's own name, after the slash
        word_body = word[1:]
        tops = sorted(c["name"] for c in commands if c.get("type", 1) == 1)
        return word, ["/" + name for name in tops if name.startswith(word_body.lower())]
    node = next((c for c in commands if c.get("type", 1) == 1 and c["name"] == words[0].lower()), None)
    used = 1
    while node is not None:
        subs = [o for o in node.get("options") or [] if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if not subs:
            break
        if used >= len(words):
            return word, [s["name"] for s in subs if s["name"].startswith(word.lower())]
        node = next((s for s in subs if s["name"] == words[used].lower()), None)
        used += 1
    if node is None:
        return word, []
    if word.startswith(("#", "@")):  # a value typed without its option's name
        return word, _names(word, names)
    specs = {o["name"]: o for o in node.get("options") or []}
    if ":" in word:
        option, _, partial = word.partition(":")
        spec = specs.get(option)
        if spec is None:
            return word, []
        values = _values(spec, names)
        return word, [f"{option}:{value}" for value in values if value.lower().startswith(partial.lower())]
    given = set(re.findall(r"(?:^|\s)([^\W\d_][\w-]*):", before))
    return word, [f"{name}:" for name in specs if name not in given and name.startswith(word.lower())]


def _values(spec: Json, names: Names) -> list[str]:
    if spec.get("choices"):
        return [str(c["name"]) for c in spec["choices"]]
    kind = spec.get("type")
    if kind == BOOLEAN:
        return ["true", "false"]
    if kind == CHANNEL:
        return ["#" + name for name in names.channels]
    people = ["@" + name for name in names.members]
    roles = ["@" + name for name in names.roles]
    return {USER: people, ROLE: roles, MENTIONABLE: people + roles}.get(kind, [])


def _names(word: str, names: Names) -> list[str]:
    if word.startswith("@"):
        pool = ["@" + name for name in (*names.members, *names.roles)]
    elif word.startswith("#"):
        pool = ["#" + name for name in names.channels]
    else:
        return []
    return [name for name in pool if name.lower().startswith(word.lower())]
