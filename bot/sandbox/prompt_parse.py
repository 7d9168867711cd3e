"""Reading one line typed at the sandbox prompt: a message, a ``!verb``, or a slash command.

Pure: it knows the commands only from their synced definitions (what the bot registered with the
loopback server), so option values are converted by their registered type, as Discord's client
does before it sends anything. Everything a person can mistype ends in :class:`PromptInputError`,
whose text is meant for them; nothing else is raised, whatever the input.

A slash command reads like Discord's own box: ``/review delete review:Dune (2021) purge_comments:no``.
Values run to the next ``name:`` of that command, so spaces need no quotes (quotes are allowed, and
an apostrophe inside a word is just an apostrophe); text before the first ``name:`` fills the first
option not given (``/settings channel #reviews``). A value ending in ``?`` on an option with
autocomplete or choices asks for them instead of running the command (``film:dun?``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

Json = dict[str, Any]

SUB_COMMAND, SUB_COMMAND_GROUP, STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = range(
    1, 12
)
#: options whose value names something in the world; the session resolves them
REFERENCE_TYPES = {USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT}
TYPE_NAMES = {
    STRING: "text", INTEGER: "a whole number", BOOLEAN: "true or false", USER: "a member", CHANNEL: "a channel",
    ROLE: "a role", MENTIONABLE: "a member or role", NUMBER: "a number", ATTACHMENT: "a file",
}
TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "off", "0", "f"})
#: Discord's INTEGER options hold -2**53..2**53
MAX_SAFE_INTEGER = 2**53

#: ``name:`` at a word's start: a lowercase name (letters of any script, as localized names are), not ``https://``
_OPTION_START = re.compile(r"([^\W\d_][\w-]*):(?!//)")
_PATH_WORD = re.compile(r"[\w-]+")


def localized(commands: Iterable[Json], locale: str | None) -> list[Json]:
    """The command definitions as a client in *locale* shows them: each name its ``name_localizations[locale]``.

    Commands, subcommands, options and choices keep their values, and Discord's client sends the default
    names whatever it showed (the loopback driver maps a localized name back), so the parsed command can
    be invoked as typed. None or a locale without localizations: the definitions unchanged.
    """
    if not locale:
        return list(commands)
    return [_localize(command, locale) for command in commands]


def _localize(item: Json, locale: str) -> Json:
    shown = dict(item)
    shown["name"] = (item.get("name_localizations") or {}).get(locale) or item["name"]
    description = (item.get("description_localizations") or {}).get(locale)
    if description:
        shown["description"] = description
    if item.get("options"):
        shown["options"] = [_localize(option, locale) for option in item["options"]]
    if item.get("choices"):
        shown["choices"] = [
            {**choice, "name": (choice.get("name_localizations") or {}).get(locale) or choice["name"]}
            for choice in item["choices"]
        ]
    return shown


class PromptInputError(Exception):
    """A line the prompt cannot act on; ``str(error)`` tells the person what to type instead."""


@dataclass(frozen=True)
class Ref:
    """A value that names something (a channel, member, role or file), resolved by the session."""

    kind: int
    text: str


@dataclass(frozen=True)
class Message:
    text: str


@dataclass(frozen=True)
class Bang:
    verb: str
    rest: str


@dataclass(frozen=True)
class Slash:
    """A slash command ready to invoke: ``name`` is the full path (``"review delete"``)."""

    name: str
    options: dict[str, Any]
    #: the option to autocomplete (``film:dun?``) instead of running the command
    focused: str | None = None
    #: the option's definition when ``focused`` is set
    focused_spec: Json | None = None
    #: options filled from text typed without ``name:``
    positional: tuple[str, ...] = ()
    leaf: Json = field(default_factory=dict)


Parsed = Message | Bang | Slash


def parse_line(line: str, commands: Sequence[Json]) -> Parsed | None:
    """What *line* asks for; ``None`` for a blank line."""
    if not isinstance(line, str):
        raise PromptInputError("Type a line of text.")
    text = line.strip()
    if not text:
        return None
    if text.startswith("!"):
        verb, _, rest = text[1:].partition(" ")
        return Bang(verb.strip().lower(), rest.strip())
    if text.startswith("/"):
        return parse_slash(text[1:], commands)
    return Message(text)


def command_names(commands: Iterable[Json]) -> list[str]:
    """Every runnable command path (``"review delete"``), sorted: for help and completion."""
    found: list[str] = []
    for command in commands:
        if command.get("type", 1) != 1:
            continue
        found.extend(_paths(command["name"], command.get("options") or []))
    return sorted(found)


def _paths(prefix: str, options: list[Json]) -> list[str]:
    subs = [o for o in options if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if not subs:
        return [prefix]
    return [path for sub in subs for path in _paths(f"{prefix} {sub['name']}", sub.get("options") or [])]


def find_leaf(words: list[str], commands: Sequence[Json]) -> tuple[list[str], Json, int]:
    """The command (or subcommand) *words* name: (its path, its definition, how many words it took)."""
    chat = [c for c in commands if c.get("type", 1) == 1]
    if not words:
        raise PromptInputError("Which command? " + _command_list(chat))
    top = next((c for c in chat if c["name"] == words[0].lower()), None)
    if top is None:
        raise PromptInputError(f"There is no /{words[0][:40]} command here. " + _command_list(chat))
    path, node, used = [top["name"]], top, 1
    while True:
        subs = [o for o in node.get("options") or [] if o.get("type") in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        if not subs:
            return path, node, used
        names = ", ".join(s["name"] for s in subs)
        if used >= len(words):
            raise PromptInputError(f"/{' '.join(path)} needs one of: {names}.")
        sub = next((s for s in subs if s["name"] == words[used].lower()), None)
        if sub is None:
            raise PromptInputError(f"/{' '.join(path)} has no {words[used][:40]!r}; choose one of: {names}.")
        path.append(sub["name"])
        node, used = sub, used + 1


def _command_list(commands: Sequence[Json]) -> str:
    names = command_names(commands)
    if not names:
        return "The bot has not registered any commands yet."
    return "Commands: " + ", ".join("/" + name for name in names) + "."


def parse_slash(body: str, commands: Sequence[Json]) -> Slash:
    """``review delete review:Dune purge_comments:no`` (without the ``/``) as a :class:`Slash`."""
    words = body.split()
    path_words: list[str] = []
    for word in words:
        if not _PATH_WORD.fullmatch(word.lower()) or len(path_words) >= 3:
            break
        path_words.append(word)
    path, leaf, used = find_leaf(path_words or words[:1], commands)
    rest = _drop_words(body, used)
    specs = [o for o in leaf.get("options") or [] if o.get("type") not in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    by_name = {o["name"]: o for o in specs}
    name = " ".join(path)
    loose, pairs = _segments(rest, by_name, name)
    raw: dict[str, str] = {}
    for option, value in pairs:
        if option in raw:
            raise PromptInputError(f"{option}: is given twice.")
        raw[option] = value
    positional: tuple[str, ...] = ()
    if loose:
        free = [o for o in sorted(specs, key=lambda o: not o.get("required")) if o["name"] not in raw]
        if not free:
            raise PromptInputError(f"/{name} has no room for {_clip(loose)!r}; give options as name:value. "
                                   + _usage(name, specs))
        raw[free[0]["name"]] = loose
        positional = (free[0]["name"],)
    focused = _focused(raw, by_name)
    options: dict[str, Any] = {}
    for option, value in raw.items():
        if option == focused:
            options[option] = value[:-1]
            continue
        options[option] = convert(by_name[option], value)
    if focused is None:
        missing = [o for o in specs if o.get("required") and o["name"] not in options]
        if missing:
            wanted = "; ".join(f"{o['name']}: ({o.get('description') or TYPE_NAMES.get(o['type'], '')})"
                               for o in missing)
            raise PromptInputError(f"/{name} needs {wanted}. " + _usage(name, specs))
    return Slash(name, options, focused, by_name.get(focused) if focused else None, positional, leaf)


def _drop_words(text: str, count: int) -> str:
    """*text* without its first *count* whitespace-separated words."""
    rest = text.lstrip()
    for _ in range(count):
        match = re.match(r"\S+\s*", rest)
        if match is None:
            return ""
        rest = rest[match.end():]
    return rest


def _segments(rest: str, specs: dict[str, Json], command: str) -> tuple[str, list[tuple[str, str]]]:
    """Split *rest* into the text before any option, and (option, value) pairs in order."""
    loose: list[str] = []
    pairs: list[tuple[str, list[str]]] = []
    i, n = 0, len(rest)
    while i < n:
        if rest[i].isspace():
            i += 1
            continue
        start = _OPTION_START.match(rest, i)
        if start is not None and start.group(1) != start.group(1).lower():
            start = None  # "Dune: Part Two": a capital is a title's, not an option's
        if start is not None:
            option = start.group(1)
            if option not in specs:
                raise PromptInputError(f"/{command} has no option {option}:. " + _usage(command, specs.values()))
            pairs.append((option, []))
            i = start.end()
            if i >= n or rest[i].isspace():
                continue
        word, i = _word(rest, i)
        (pairs[-1][1] if pairs else loose).append(word)
    return " ".join(loose), [(option, " ".join(words)) for option, words in pairs]


def _word(text: str, i: int) -> tuple[str, int]:
    """One word from *i*: a quoted run (the closing quote ends a word) or up to the next space."""
    quote = text[i]
    if quote in "\"'“‘":
        closing = {"“": "”", "‘": "’"}.get(quote, quote)
        end = re.compile(re.escape(closing) + r"(?=\s|$)").search(text, i + 1)
        if end is not None:
            return text[i + 1:end.start()], end.end()
    match = re.compile(r"\S+").match(text, i)
    assert match is not None
    return match.group(), match.end()


def _focused(raw: dict[str, str], specs: dict[str, Json]) -> str | None:
    asked = [name for name, value in raw.items()
             if value.endswith("?") and (specs[name].get("autocomplete") or specs[name].get("choices"))]
    if len(asked) > 1:
        raise PromptInputError("Ask for one option's choices at a time (one value ending in ?).")
    return asked[0] if asked else None


def convert(spec: Json, value: str) -> Any:
    """*value* as the JSON value Discord's client would send for an option defined by *spec*."""
    name, kind = spec["name"], spec.get("type", STRING)
    if value == "" and kind != STRING:
        raise PromptInputError(f"{name}: needs a value ({TYPE_NAMES.get(kind, 'a value')}).")
    choices = spec.get("choices") or []
    if choices:
        return _choice(name, kind, choices, value)
    if kind == BOOLEAN:
        return read_boolean(name, value)
    if kind == INTEGER:
        try:
            number: Any = int(value.replace("_", "x"), 10)
        except ValueError:
            raise PromptInputError(f"{name}: takes a whole number, not {_clip(value)!r}.") from None
        if abs(number) > MAX_SAFE_INTEGER:
            raise PromptInputError(f"{name}: is too large a number for Discord.")
    elif kind == NUMBER:
        try:
            number = float(value.replace("_", "x"))
        except ValueError:
            raise PromptInputError(f"{name}: takes a number, not {_clip(value)!r}.") from None
        if not math.isfinite(number):
            raise PromptInputError(f"{name}: takes a finite number.")
    elif kind in REFERENCE_TYPES:
        return Ref(kind, value)
    else:
        return _text(spec, value)
    low, high = spec.get("min_value"), spec.get("max_value")
    if (low is not None and number < low) or (high is not None and number > high):
        raise PromptInputError(f"{name}: must be between {low if low is not None else '…'} and "
                               f"{high if high is not None else '…'}.")
    return number


def read_boolean(name: str, value: str) -> bool:
    """true/yes/on/1 or false/no/off/0, in any case; anything else is refused, never guessed."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise PromptInputError(f"{name}: is true or false (also yes/no, on/off, 1/0), not {_clip(value)!r}.")


def _text(spec: Json, value: str) -> str:
    name = spec["name"]
    low, high = spec.get("min_length"), spec.get("max_length")
    if low is not None and len(value) < low:
        raise PromptInputError(f"{name}: needs at least {low} characters.")
    if high is not None and len(value) > high:
        raise PromptInputError(f"{name}: takes at most {high} characters; that was {len(value)}.")
    return value


def _choice(name: str, kind: int, choices: list[Json], value: str) -> Any:
    """A choice by its name or value, in any case; on/off choices also read the boolean words."""
    word = value.strip().lower()
    for choice in choices:
        if word in (str(choice.get("name", "")).lower(), str(choice.get("value", "")).lower()):
            return choice["value"]
    values = {str(c.get("value")).lower() for c in choices}
    if values == {"on", "off"} and word in TRUE_WORDS | FALSE_WORDS:
        return next(c["value"] for c in choices if str(c["value"]).lower() == ("on" if word in TRUE_WORDS else "off"))
    listed = ", ".join(str(c.get("name")) for c in choices)
    raise PromptInputError(f"{name}: {_clip(value)!r} is not one of its choices: {listed}.")


def _usage(command: str, specs: Iterable[Json]) -> str:
    specs = list(specs)
    if not specs:
        return f"/{command} takes no options."
    parts = [f"{o['name']}:" if o.get("required") else f"[{o['name']}:]" for o in specs]
    return f"Usage: /{command} " + " ".join(parts)


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
