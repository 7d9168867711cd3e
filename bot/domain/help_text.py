"""What Reviewbot says about itself: the reply to a mention it does not understand, and ``/help``.

Pure wording and layout. The cog decides which commands a member may use and hands them in as
:class:`HelpEntry` rows; this module lays them out as pages of text within Discord's message limit,
so a command added later (with or without an example) still fits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.domain.translations import ENGLISH, Phrasebook, phrasebook

#: A page's text, leaving room for the paginator's "Page 1 of 2" line under Discord's 2,000.
MAX_PAGE = 1900
MAX_DESCRIPTION = 200

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
    "release watch": "/release watch film:Oppenheimer country:UK",
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
    "settings blog-comments": "/settings blog-comments mode:on",
    "settings my-country": "/settings my-country country:Germany",
}

#: What members ask for most comes first; groups not named here follow in the tree's order.
GROUP_ORDER = ("release", "film", "review", "comments", "settings", "help")

#: Who a command is for, shown beside it so a reviewer or admin knows why others do not see it.
AUDIENCE_NOTE = {"everyone": "", "reviewers": " *(reviewers)*", "admins": " *(Manage Server)*"}


@dataclass(frozen=True)
class HelpEntry:
    """One command a member may use."""

    name: str  # qualified, without the slash: "release when"
    description: str
    options: tuple[str, ...] = ()  # required option names, for a built example
    audience: str = "everyone"  # "everyone", "reviewers" or "admins"
    #: how the member's Discord client shows the command and the example (its language's names), if not English
    shown_name: str | None = None
    shown_example: str | None = None

    @property
    def group(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def example(self) -> str:
        return EXAMPLES.get(self.name) or " ".join([f"/{self.name}", *(f"{o}:…" for o in self.options)])


def intro(bot_name: str, book: Phrasebook | None = None) -> str:
    """What the bot does and how to ask it: the reply to a mention it could not make sense of."""
    _ = book or phrasebook(ENGLISH)
    return _(
        "Hi! I'm {bot}. I publish this server's film reviews, keep each review's discussion, and tell you when "
        "films come out.\nAsk me by mentioning me, for example “@{bot} when is Never Let Me Go out on DVD in the "
        "UK?”, or just ask in a review's thread: “when's it out?”.\n`/release when` answers for any film, and "
        "`/help` lists everything you can do.", bot=bot_name,
    )


def help_description(bot_name: str, book: Phrasebook | None = None) -> str:
    _ = book or phrasebook(ENGLISH)
    return _(
        "**{bot} help**\n{bot} publishes film reviews, keeps their discussion threads, and answers when films come "
        "out. Ask in a review's thread (“when's it out on DVD?”) or mention me anywhere (“@{bot} is Dune out in "
        "the US?”). These are the commands you can use here:", bot=bot_name,
    )


def _audience_note(audience: str, _: Phrasebook) -> str:
    return {"reviewers": " " + _("*(reviewers)*"), "admins": " " + _("*(Manage Server)*")}.get(audience, "")


def _entry_text(entry: HelpEntry, _: Phrasebook) -> str:
    description = entry.description if len(entry.description) <= MAX_DESCRIPTION else (
        entry.description[: MAX_DESCRIPTION - 1].rstrip() + "…"
    )
    example = (entry.shown_example or entry.example)[:300]
    return _("{command}{audience} — {description}\n  e.g. {example}", command=f"`/{entry.shown_name or entry.name}`",
             audience=_audience_note(entry.audience, _), description=description, example=f"`{example}`")


def help_pages(
    description: str, entries: Iterable[HelpEntry], *, footer: str | None = None, book: Phrasebook | None = None,
) -> list[str]:
    """Pages of at most :data:`MAX_PAGE` characters: the description, then each command group under its
    heading; a group that does not fit on the current page starts the next one. *footer* (TMDB's
    attribution, when the bot uses TMDB) ends the last page."""
    groups: dict[str, list[str]] = {}
    ordered = sorted(entries, key=lambda e: GROUP_ORDER.index(e.group) if e.group in GROUP_ORDER else len(GROUP_ORDER))
    _ = book or phrasebook(ENGLISH)
    shown_groups: dict[str, str] = {}
    for entry in ordered:
        groups.setdefault(entry.group, []).append(_entry_text(entry, _))
        shown_groups.setdefault(entry.group, (entry.shown_name or entry.name).split(" ", 1)[0])
    pages: list[str] = []
    page = description[:MAX_PAGE]
    for group, lines in groups.items():
        block = "\n".join([f"**/{shown_groups[group]}**", *lines])
        if len(page) + 2 + len(block) > MAX_PAGE and page:
            pages.append(page)
            page = ""
        for line in block.split("\n"):
            if page and len(page) + 1 + len(line) > MAX_PAGE:
                pages.append(page)
                page = ""
            page = f"{page}\n{line}" if page else line
        page += "\n"
    if footer:
        line = f"-# {footer[:MAX_DESCRIPTION]}"
        if page.strip() and len(page) + len(line) > MAX_PAGE:
            pages.append(page.rstrip())
            page = ""
        page += line
    if page.strip():
        pages.append(page.rstrip())
    return pages
