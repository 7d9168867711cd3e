"""The introduction and /help's layout: examples for every command, and Discord's embed limits kept."""

from bot.domain.help_text import HelpEntry, help_fields, intro, paginate_fields


def test_the_introduction_says_what_the_bot_does_and_how_to_ask():
    text = intro("Reviewbot")
    assert "reviews" in text and "when films come out" in text
    assert "“@Reviewbot when is Never Let Me Go out on DVD in the UK?”" in text and "`/help`" in text
    assert len(text) <= 2000


def test_a_command_without_a_written_example_gets_one_from_its_options():
    entry = HelpEntry("export feed", "Export a feed", ("review", "format"))
    assert entry.example == "/export feed review:… format:…"
    assert HelpEntry("release when", "When").example.startswith("/release when film:")


def test_one_field_per_group_with_the_audience_marked():
    fields = help_fields([HelpEntry("release when", "When"), HelpEntry("film add", "Add", audience="reviewers"),
                          HelpEntry("film info", "Info")])
    assert [name for name, _ in fields] == ["/release", "/film"]
    assert "`/film add` *(reviewers)* — Add" in fields[1][1] and "`/film info` — Info" in fields[1][1]


def test_many_long_commands_stay_within_discords_embed_limits():
    entries = [HelpEntry(f"group{g} command{n}", "d" * 300, ("option",) * 5) for g in range(8) for n in range(12)]
    pages = paginate_fields("intro " * 100, help_fields(entries))
    assert len(pages) <= 10
    shown = sum(len(fields) for _, fields in pages)
    assert shown == len(help_fields(entries))
    for description, fields in pages:
        assert len(fields) <= 25
        assert all(len(value) <= 1024 and len(name) <= 256 for name, value in fields)
        assert len(description or "") + sum(len(n) + len(v) for n, v in fields) <= 6000
