"""Release questions as conversation: a film named in a review thread, mentions the bot does not
understand, widened understanding when the bot is addressed, and titles that contain country words."""


from tests.e2e.helpers import answer, is_ephemeral, published_thread, query
from tests.e2e.test_releases import bot_replies, reply_to


async def test_a_named_film_missing_from_the_catalogue_is_not_answered_with_the_threads_film(world):
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "when is Oppenheimer out?")
    reply = await reply_to(world, thread, question)
    text = reply["content"]
    assert "I don't have *Oppenheimer* on record" in text
    assert "Never Let Me Go" not in text and "2011" not in text  # never the thread film's dates


async def test_a_named_film_in_the_catalogue_wins_over_the_threads_film(world):
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "when did Heat come out in the US?")
    reply = await reply_to(world, thread, question)
    assert "Heat (1995)" in reply["content"] and "Never Let Me Go" not in reply["content"]


async def test_leftover_words_still_ask_about_the_threads_film(world):
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "Thanks Rita, when does it come out on DVD?")
    reply = await reply_to(world, thread, question)
    assert "Never Let Me Go" in reply["content"] and "27 June 2011" in reply["content"]


async def test_release_when_names_the_asked_country_and_format_in_words(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release when",
                                          {"film": "Never Let Me Go", "country": "US", "format": "dvd"}))
    first = shown["content"].splitlines()[0]
    assert first == "**Never Let Me Go (2010)** on DVD/Blu-ray in the United States"
    assert "out since 1 February 2011" in shown["content"]


async def test_reminder_confirmations_name_country_format_and_date_in_words(world):
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                  {"film": str(film_id), "country": "GB", "type": 5, "date": "2031-05-02"}))
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release remind",
                                          {"film": str(film_id), "country": "GB", "format": "dvd"}))
    text = shown["content"]
    assert "comes out on DVD/Blu-ray in the United Kingdom" in text and "Friday, 2 May 2031" in text
    assert "(GB)" not in text and "(dvd)" not in text and is_ephemeral(shown)


async def test_a_reminder_for_a_release_already_out_says_where_and_when(world):
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.member, "release remind",
                                          {"film": "Never Let Me Go", "country": "GB", "format": "cinema"}))
    text = shown["content"]
    assert "is already out in cinemas in the United Kingdom (11 February 2011)" in text
    assert "2011-02-11" not in text and is_ephemeral(shown)


async def test_curating_a_date_confirms_it_in_words(world):
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = 'Heat'")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                          {"film": str(film_id), "country": "US", "type": 6, "date": "2031-05"}))
    assert "in the United States is now May 2031 (day not announced)" in shown["content"]
    assert "US (US)" not in shown["content"] and "2031-05" not in shown["content"]


async def add_film(world, title, year, *dates):
    """A server's own film with (country, type, date) releases, added and curated as a reviewer would."""
    await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film add", {"title": title, "year": year}))
    [(film_id,)] = query(world.db_path, "SELECT id FROM films WHERE title = ?", title)
    for country, kind, date in dates:
        await answer(world.drv.invoke(world.guild, world.reviews, world.owner, "film release set",
                                      {"film": str(film_id), "country": country, "type": kind, "date": date}))
    return film_id


async def test_a_country_adjective_inside_a_known_title_is_the_title(world):
    await add_film(world, "The French Dispatch", 2021, ("FR", 3, "2031-03-07"), ("DE", 3, "2031-04-11"))
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "when is The French Dispatch out?")
    text = (await reply_to(world, thread, question))["content"]
    assert text.startswith("**The French Dispatch (2021)** (assuming the UK")  # not France, not the thread film
    assert "No release on record for the UK" in text


async def test_a_country_named_apart_from_a_title_with_a_country_word_is_understood(world):
    await add_film(world, "The French Dispatch", 2021, ("FR", 3, "2031-03-07"), ("DE", 3, "2031-04-11"))
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, "when is The French Dispatch out in Germany?")
    text = (await reply_to(world, thread, question))["content"]
    assert text.splitlines()[0] == "**The French Dispatch (2021)** in Germany"
    assert "11 April 2031" in text and "7 March 2031" not in text


async def test_a_country_name_inside_a_title_asked_by_mention(world):
    await add_film(world, "Captain America", 1990, ("US", 5, "2031-06-06"), ("GB", 5, "2031-07-04"))
    await add_film(world, "An American Werewolf in London", 1981, ("GB", 3, "2031-08-01"))
    question = world.drv.post(world.reviews, world.member,
                              f"<@{world.app.bot_id}> when is Captain America out on DVD?")
    text = (await reply_to(world, world.reviews, question))["content"]
    assert "**Captain America (1990)** on DVD/Blu-ray (assuming the UK" in text and "4 July 2031" in text
    question = world.drv.post(world.reviews, world.member,
                              f"<@{world.app.bot_id}> when is An American Werewolf in London out?")
    text = (await reply_to(world, world.reviews, question))["content"]
    assert "**An American Werewolf in London (1981)** (assuming the UK" in text and "1 August 2031" in text


async def test_a_mention_in_a_thread_asking_the_year_is_answered_with_the_threads_film(world):
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, f"<@{world.app.bot_id}> what year did it come out?")
    text = (await reply_to(world, thread, question))["content"]
    assert "**Never Let Me Go (2010)**" in text and "11 February 2011" in text


async def test_a_mention_asking_if_it_is_coming_to_blu_ray_is_answered(world):
    thread = await published_thread(world)
    question = world.drv.post(thread, world.member, f"<@{world.app.bot_id}> is it coming to blu ray?")
    text = (await reply_to(world, thread, question))["content"]
    assert "on DVD/Blu-ray" in text and "27 June 2011" in text


async def test_the_same_words_unaddressed_in_a_thread_get_no_answer(world):
    thread = await published_thread(world)
    chatter = world.drv.post(thread, world.member, "is it coming to blu ray?")
    probe = world.drv.post(thread, world.reviewer, "when is it out in the US?")  # proves the bot read both
    await reply_to(world, thread, probe)
    assert not [m for m in bot_replies(world, thread)
                if (m.get("message_reference") or {}).get("message_id") == chatter["id"]]


async def test_a_thread_film_missing_from_the_catalogue_is_named_with_its_markdown_escaped(world):
    thread = await published_thread(world, film="The __Secret__ *Film* ||spoiler|| (1999)")
    question = world.drv.post(thread, world.member, "when is it out?")
    reply = await reply_to(world, thread, question)
    assert "*The \\_\\_Secret\\_\\_ \\*Film\\* \\|\\|spoiler\\|\\|*" in reply["content"]
