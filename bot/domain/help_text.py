"""What Reviewbot says about itself: the reply to a mention it does not understand, and ``/help``.

Pure wording and layout. The cog decides which commands a member may use and hands them in as
:class:`HelpEntry` rows; this module lays them out as embed fields within Discord's limits, so a
command added later (with or without an example) still fits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MAX_FIELD_VALUE = 1024
MAX_FIELDS = 25
MAX_EMBED_TOTAL = 6000
MAX_DESCRIPTION = 4096

#: Examples for the commands members meet most; any other command gets one built from its options.
EXAMPLES = {
    "help": "/help",
    "review publish": "/review publish file:never-let-me-go.md",
    "review edit": "/review edit review:Film Review: Never Let Me Go",
    "review delete": "/review delete review:Film Review: Never Let Me Go",
    "review list": "/review list",
    "review show": "/review show review:Film Review: Never Let Me Go",
    "comments show": "/comments show review:Film Review: Never Let Me Go",
    "comments export": "/comments export review:Film Review: Never Let Me Go format:html",
    "comments resync": "/comments resync review:Film Review: Never Let Me Go",
    "release when": "/release when film:Never Let Me Go country:UK format:dvd",
    "release remind": "/release remind film:Dune country:US format:cinema",
    "release reminders": "/release reminders",
    "film info": "/film info film:Heat",
    "film add": "/film add title:Club Home Movie year:2024",
    "film import": "/film import file:films.csv",
    "film release set": "/film release set film:Heat country:GB type:physical date:2031-05",
    "film release remove": "/film release remove film:Heat country:GB type:physical",
    "settings show": "/settings show",
    "settings channel": "/settings channel channel:#reviews",
    "settings reviewer-role": "/settings reviewer-role role:@Reviewer",
    "settings answer-questions": "/settings answer-questions mode:off",
    "settings country": "/settings country country:UK",
    "settings my-country": "/settings my-country country:Germany",
}

#: Who a command is for, shown beside it so a reviewer or admin knows why others do not see it.
AUDIENCE_NOTE = {"everyone": "", "reviewers": " *(reviewers)*", "admins": " *(Manage Server)*"}


@dataclass(frozen=True)
class HelpEntry:
    """One command a member may use."""

    name: str  # qualified, without the slash: "release when"
    description: str
    options: tuple[str, ...] = ()  # required option names, for a built example
    audience: str = "everyone"  # "everyone", "reviewers" or "admins"

    @property
    def group(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def example(self) -> str:
        return EXAMPLES.get(self.name) or " ".join([f"/{self.name}", *(f"{o}:…" for o in self.options)])


def intro(bot_name: str) -> str:
    """What the bot does and how to ask it: the reply to a mention it could not make sense of."""
    return (
        f"Hi! I'm {bot_name}. I publish this server's film reviews, keep each review's discussion, and "
        "tell you when films come out.\n"
        f"Ask me by mentioning me, for example “@{bot_name} when is Never Let Me Go out on DVD in the UK?”, "
        "or just ask in a review's thread: “when's it out?”.\n"
        "`/release when` answers for any film, and `/help` lists everything you can do."
    )


def help_description(bot_name: str) -> str:
    return (
        f"{bot_name} publishes film reviews, keeps their discussion threads, and answers when films come "
        f"out. Ask in a review's thread (“when's it out on DVD?”) or mention me anywhere "
        f"(“@{bot_name} is Dune out in the US?”). These are the commands you can use here:"
    )[:MAX_DESCRIPTION]


def _entry_text(entry: HelpEntry) -> str:
    text = f"`/{entry.name}`{AUDIENCE_NOTE.get(entry.audience, '')} — {entry.description}\n  e.g. `{entry.example}`"
    return text[:MAX_FIELD_VALUE]


def help_fields(entries: Iterable[HelpEntry]) -> list[tuple[str, str]]:
    """``(name, value)`` embed fields, one per command group, split where a group outgrows a field."""
    groups: dict[str, list[str]] = {}
    for entry in entries:
        groups.setdefault(entry.group, []).append(_entry_text(entry))
    fields: list[tuple[str, str]] = []
    for group, lines in groups.items():
        value = ""
        part = 0
        for line in lines:
            if value and len(value) + 1 + len(line) > MAX_FIELD_VALUE:
                fields.append((_heading(group, part), value))
                value, part = "", part + 1
            value = f"{value}\n{line}" if value else line
        if value:
            fields.append((_heading(group, part), value))
    return fields


def _heading(group: str, part: int) -> str:
    return f"/{group}" if part == 0 else f"/{group} (continued)"


def paginate_fields(
    description: str, fields: Sequence[tuple[str, str]]
) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """Share fields out over embeds (description on the first) within 25 fields and 6,000 characters each."""
    pages: list[tuple[str | None, list[tuple[str, str]]]] = [(description, [])]
    size = len(description)
    for name, value in fields:
        current = pages[-1][1]
        if len(current) >= MAX_FIELDS or size + len(name) + len(value) > MAX_EMBED_TOTAL - 100:
            pages.append((None, []))
            size = 0
        pages[-1][1].append((name, value))
        size += len(name) + len(value)
    return pages
