"""Reusable views: paging through long output, and confirming a destructive action."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import discord

from bot.domain.paging import MESSAGE_CONTENT, page_footer_in, paginate, rendered_length
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook
from bot.mentions import NO_PINGS
from bot.ui.language import book_of
from bot.ui.tree import report_failure


class ReportingView(discord.ui.View):
    """A view whose failures reach the member as words (and the log as tracebacks), like commands'."""

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        await report_failure(interaction, error)


class OwnedView(ReportingView):
    """A view only the member who asked for it may use."""

    def __init__(self, owner_id: int, *, timeout: float = 300) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        _ = book_of(interaction)
        await interaction.response.send_message(
            _("These buttons belong to whoever ran the command; run it yourself to get your own."),
            ephemeral=True,
        )
        return False


class Paginator(OwnedView):
    """Previous/next buttons over pages laid out by :func:`bot.domain.paging.paginate`.

    Pages are shown exactly as laid out (their "Page N of M" footer included), so what was measured
    against Discord's limit is what is sent. A single page gets no buttons.
    """

    def __init__(self, owner_id: int, pages: Sequence[str]) -> None:
        super().__init__(owner_id)
        self.pages = list(pages) or ["Nothing to show."]
        too_long = [n for n, page in enumerate(self.pages, 1) if rendered_length(page) > MESSAGE_CONTENT]
        if too_long:
            raise ValueError(f"pages {too_long} are over Discord's {MESSAGE_CONTENT} characters; use paginate()")
        self.index = 0
        if len(self.pages) == 1:
            self.remove_item(self.previous)
            self.remove_item(self.next)
        self._sync_buttons()

    @classmethod
    def of_lines(
        cls, owner_id: int, lines: Iterable[str], *, header: str = "", trailer: str = "", separator: str = "\n",
        book: Phrasebook | None = None,
    ) -> Paginator:
        """Lines (or blocks) of a listing, paged to fit with their header and trailer on every page."""
        _ = book or phrasebook(ENGLISH)
        return cls(owner_id, paginate(lines, header=header, trailer=trailer, separator=separator,
                                      footer=page_footer_in(_), empty=_("Nothing to show.")))

    def content(self) -> str:
        return self.pages[self.index]

    def _sync_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    async def _show(self, interaction: discord.Interaction) -> None:
        self._sync_buttons()
        await interaction.response.edit_message(content=self.content(), view=self, allowed_mentions=NO_PINGS)

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.index = max(0, self.index - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.index = min(len(self.pages) - 1, self.index + 1)
        await self._show(interaction)

    async def send(self, interaction: discord.Interaction, *, ephemeral: bool = True) -> None:
        _ = book_of(interaction)  # the buttons speak the language of the member who asked
        self.previous.label, self.next.label = _("Previous"), _("Next")
        view = self if self.children else discord.utils.MISSING
        await interaction.response.send_message(
            self.content(), view=view, ephemeral=ephemeral, allowed_mentions=NO_PINGS
        )


class Confirm(OwnedView):
    """Confirm / Cancel buttons; ``choice`` is True, False, or None after a time-out."""

    def __init__(
        self, owner_id: int, *, confirm_label: str | None = None, timeout: float = 120, book: Phrasebook | None = None,
    ) -> None:
        """*confirm_label* names the action ("Delete review"), already in *book*'s language."""
        super().__init__(owner_id, timeout=timeout)
        _ = book or phrasebook(ENGLISH)
        self.choice: bool | None = None
        self.interaction: discord.Interaction | None = None
        self.confirm.label = confirm_label or _("Confirm")
        self.cancel.label = _("Cancel")

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.choice, self.interaction = True, interaction
        self.stop()

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        self.choice, self.interaction = False, interaction
        self.stop()


class PickFilm(ReportingView):
    """One button per candidate film; a click hands the film id to ``on_pick``.

    Anyone may click: the answer is public, like the question was.
    """

    def __init__(self, candidates: list[tuple[int, str]], on_pick, *, timeout: float = 600) -> None:
        super().__init__(timeout=timeout)
        for film_id, label in candidates[:5]:
            button = discord.ui.Button(label=label[:80], style=discord.ButtonStyle.primary,
                                       custom_id=f"pick-film:{film_id}")
            button.callback = self._make_callback(film_id)
            self.add_item(button)
        self.on_pick = on_pick

    def _make_callback(self, film_id: int):
        async def callback(interaction: discord.Interaction) -> None:
            await self.on_pick(interaction, film_id)

        return callback
