"""The introduction and /help's layout: examples for every command, and Discord's message limit kept."""

from bot.domain.help_text import HelpEntry, help_pages, intro


def test_the_introduction_says_what_the_bot_does_and_how_to_ask():
    text = intro("Reviewbot")
    assert "reviews" in text and "when films come out" in text
    assert "“@Reviewbot when is Never Let Me Go out on DVD in the UK?”" in text and "`/help`" in text
    assert len(text) <= 2000


def test_a_command_without_a_written_example_gets_one_from_its_options():
    entry = HelpEntry("export feed", "Export a feed", ("review", "format"))
    assert entry.example == "/export feed review:… format:…"
    assert HelpEntry("release when", "When").example.startswith("/release when film:")


def test_commands_are_grouped_under_headings_with_the_audience_marked():
    [page] = help_pages("Intro", [HelpEntry("release when", "When"), HelpEntry("film add", "Add", audience="reviewers"),
                                  HelpEntry("film info", "Info")])
    assert page.startswith("Intro\n**/release**\n`/release when` — When")
    assert "**/film**\n`/film add` *(reviewers)* — Add" in page and "`/film info` — Info" in page


def test_many_long_commands_are_paged_within_discords_message_limit():
    entries = [HelpEntry(f"group{g} command{n}", "d" * 500, ("option",) * 5) for g in range(8) for n in range(12)]
    pages = help_pages("intro " * 100, entries)
    assert len(pages) > 1 and all(len(page) <= 1900 for page in pages)
    joined = "\n".join(pages)
    assert all(f"`/{e.name}`" in joined for e in entries)  # nothing lost between pages
    assert "**/group3**" in joined


def test_release_commands_come_first_and_unknown_groups_keep_their_order():
    [page] = help_pages("Intro", [HelpEntry("settings show", "S"), HelpEntry("zeta one", "Z"),
                                  HelpEntry("release when", "W"), HelpEntry("alpha one", "A")])
    assert [line for line in page.splitlines() if line.startswith("**/")] == [
        "**/release**", "**/settings**", "**/zeta**", "**/alpha**"]
