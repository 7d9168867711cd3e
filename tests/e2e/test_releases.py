"""Release-date answers end to end: thread questions, mentions, /release, ambiguity, unknown dates, settings."""

import asyncio

from tests.e2e.helpers import answer, eventually, published_thread, query


def bot_replies(world, channel):
    return [m for m in world.drv.messages(channel) if m["author"]["id"] == world.app.bot_id]


async def reply_to(world, channel, question_message, timeout=5.0):
    def found():
        return [m for m in bot_replies(world, channel)
                if (m.get("message_reference") or {}).get("message_id") == question_message["id"]]

    [reply] = await eventually(found, timeout)
    return reply


async def test_a_question_in_a_review_thread_is_answered_as_a_reply_for_the_servers_country(world):
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "oh, and when's the movie due for release?")
    reply = await reply_to(world, thread, question)
    text = reply["content"]
    assert "11 February 2011" in text  # the UK cinema release; the guild's locale is en-GB
    assert "UK" in text
    assert reply["allowed_mentions"]["parse"] == [] if "allowed_mentions" in reply else True
    assert not reply["mentions"]


async def test_a_mention_anywhere_names_the_film_format_and_country(world):
    general = world.drv.create_text_channel(world.guild, "general")
    await world.drv.wait_for_dispatch("CHANNEL_CREATE", lambda d: d["id"] == general["id"], app=world.app)
    question = world.drv.post(general, world.member,
                              f"<@{world.app.bot_id}> is Never Let Me Go out on DVD in the UK yet?")
    reply = await reply_to(world, general, question)
    assert "27 June 2011" in reply["content"]


async def test_chatter_that_is_not_a_release_question_is_left_alone(world):
    thread = await published_thread(world)
    chatter = world.drv.post(thread, world.member, "I loved the release of tension in the last act")
    probe = world.drv.post(thread, world.reviewer, "when is it out in the US?")  # answered: proves the bot read both
    await reply_to(world, thread, probe)
    assert not [m for m in bot_replies(world, thread)
                if (m.get("message_reference") or {}).get("message_id") == chatter["id"]]


async def test_release_command_with_autocomplete(world):
    choices = await world.drv.autocomplete(world.guild, world.reviews, world.member, "release when",
                                           {"film": "never let"}, focused="film")
    assert choices and choices[0]["name"] == "Never Let Me Go (2010)"
    countries = await world.drv.autocomplete(world.guild, world.reviews, world.member, "release when",
                                             {"film": choices[0]["value"], "country": "germ"}, focused="country")
    assert any(c["value"] == "DE" for c in countries)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": choices[0]["value"], "country": "US", "format": "dvd"}))
    assert "1 February 2011" in shown["content"]


async def test_an_ambiguous_title_asks_which_film_with_buttons(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Dune", "country": "US"}))
    labels = [c["label"] for row in shown["components"] for c in row["components"]]
    assert sorted(labels) == ["Dune (1984)", "Dune (2021)"]
    button = next(c for row in shown["components"] for c in row["components"] if c["label"] == "Dune (1984)")
    message = bot_replies(world, world.reviews)[-1]
    click = world.drv.click(message, button["custom_id"], world.member)
    await click.response()
    updated = world.drv.get_message(world.reviews, message)
    assert "1984" in updated["content"] and updated["components"] == []
    assert "14 December 1984" in updated["content"]  # the US release: the asked country is kept


async def test_an_unknown_date_is_said_plainly(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Never Let Me Go", "country": "DE", "format": "tv"}))
    assert "no" in shown["content"].lower() and "Germany" in shown["content"]


async def test_an_unknown_title_offers_the_nearest(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Never Let Me Goo"}))
    assert "Never Let Me Go" in shown["content"]


async def test_with_the_setting_off_thread_questions_are_not_answered_but_mentions_are(world):
    thread = await published_thread(world)
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "settings answer-questions",
                                  {"mode": "off"}))
    quiet = world.drv.post(thread, world.member, "when's it out on DVD?")
    asked = world.drv.post(thread, world.reviewer, f"<@{world.app.bot_id}> when's it out on DVD?")
    await reply_to(world, thread, asked)
    await asyncio.sleep(0.2)
    assert not [m for m in bot_replies(world, thread)
                if (m.get("message_reference") or {}).get("message_id") == quiet["id"]]


async def test_a_members_own_country_wins_over_the_servers(world):
    await answer(world.drv.invoke(world.guild, world.reviews, world.member, "settings my-country",
                                  {"country": "the States"}))
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "when does it come out on DVD?")
    reply = await reply_to(world, thread, question)
    assert "1 February 2011" in reply["content"] and "US" in reply["content"]


async def test_curating_a_date_reminds_the_member_who_asked(world):
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "release remind",
                              {"film": str(film_id), "country": "GB", "format": "tv"})
    assert "I'll ping you" in (await answer(handle))["content"]
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                  {"film": str(film_id), "country": "GB", "type": 6, "date": "2031-05-04"}))

    def reminder():
        return [m for m in bot_replies(world, world.reviews) if m["content"].startswith(f"<@{world.member.id}>")]

    [message] = await eventually(reminder)
    assert "4 May 2031" in message["content"]
    assert message["mentions"] and message["mentions"][0]["id"] == world.member.id


async def test_a_bad_date_is_refused_and_changes_nothing(world):
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    before = query(world.db_path, "SELECT * FROM releases ORDER BY id")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                          {"film": str(film_id), "country": "GB", "type": 3, "date": "2011-02-30"}))
    assert "won't do" in shown["content"]
    assert query(world.db_path, "SELECT * FROM releases ORDER BY id") == before


async def test_a_servers_own_film_is_answerable_there_and_invisible_elsewhere(world):
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add",
                                  {"title": "Club Home Movie", "year": 2024}))
    choices = await world.drv.autocomplete(world.guild, world.reviews, world.member, "release when",
                                           {"film": "Club Home"}, focused="film")
    assert [c["name"] for c in choices] == ["Club Home Movie (2024)"]
    other = world.drv.create_guild("Other Club")
    world.drv.add_bot(other, world.app)
    stranger = world.drv.create_member(other, "Stranger")
    channel = world.drv.create_text_channel(other, "general")
    await world.drv.wait_for_dispatch("CHANNEL_CREATE", lambda d: d["id"] == channel["id"], app=world.app)
    assert await world.drv.autocomplete(other, channel, stranger, "release when", {"film": "Club Home"},
                                        focused="film") == []


async def test_film_info_lists_every_release(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "film info",
                                          {"film": "never let me go"}))
    for fragment in ("3 Sep 2010", "11 Feb 2011", "27 Jun 2011", "Telluride", "Sep 2010     Toronto"):
        assert fragment in shown["content"], fragment


async def test_members_list_and_cancel_their_own_reminders(world):
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release remind",
                                  {"film": str(film_id), "country": "GB", "format": "dvd"}))
    handle = world.drv.invoke(world.guild, world.reviews, world.member, "release reminders")
    listed = await answer(handle)
    assert "Heat (1995)" in listed["content"]
    select = listed["components"][0]["components"][0]
    [option] = select["options"]
    click = world.drv.click(handle.message, select["custom_id"], world.member, values=[option["value"]])
    assert "Cancelled 1" in (await click.response())["data"]["content"]
    assert query(world.db_path, "SELECT count(*) FROM reminders") == [(0,)]
