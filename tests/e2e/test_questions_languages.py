"""Release questions asked in the server's language (French, German, Spanish, Portuguese), end to end.

The answers' wording is being translated separately, so these tests hold the answer to what it is
about — the film's title, and a date only the asked country has — never to its words.
"""

import pytest

from tests.e2e.helpers import answer, published_thread, query
from tests.e2e.test_releases import bot_replies, reply_to

#: Languages are the bot's, not the store's: these run on one store (PostgreSQL gives the same words).
pytestmark = pytest.mark.one_store

# (server locale, country given a cinema date of its own, the question, a chatter line in the language)
CASES = [
    ("fr", "FR", "quand sort-il au cinéma en France ?", "j'ai vu le film hier au cinéma"),
    ("de", "DE", "wann kommt der Film in Deutschland ins Kino?", "der DVD-Bonus ist super"),
    ("es-ES", "ES", "¿cuándo se estrena en España?", "me encantó la película, la vi en el cine"),
    ("pt-BR", "BR", "quando estreia no Brasil?", "o filme saiu de moda, mas vi no cinema"),
]


async def _world_speaking(stopped_world, locale, country):
    """The standard guild in *locale*, running, with Never Let Me Go given a 2031 cinema date in *country*."""
    stopped_world.drv.update_guild(stopped_world.guild, preferred_locale=locale)
    await stopped_world.start_bot()
    [(film_id,)] = query(stopped_world.db_path, "SELECT id FROM films WHERE title = 'Never Let Me Go'")
    await answer(stopped_world.drv.invoke(stopped_world.guild, stopped_world.reviews, stopped_world.owner,
                                          "film release set",
                                          {"film": str(film_id), "country": country, "type": 3, "date": "2031-03-07"}))
    return stopped_world


@pytest.mark.parametrize(("locale", "country", "question", "chatter"), CASES, ids=[c[0] for c in CASES])
async def test_a_question_in_the_servers_language_is_answered_for_the_asked_country(
    stopped_world, locale, country, question, chatter
):
    world = await _world_speaking(stopped_world, locale, country)
    thread = await published_thread(world)
    asked = world.drv.post(thread, world.member, question)
    text = (await reply_to(world, thread, asked))["content"]
    assert "Never Let Me Go" in text
    assert "2031" in text  # the date only the asked country has: the country was understood


@pytest.mark.parametrize(("locale", "country", "question", "chatter"), CASES, ids=[c[0] for c in CASES])
async def test_chatter_in_the_servers_language_gets_no_answer(stopped_world, locale, country, question, chatter):
    world = await _world_speaking(stopped_world, locale, country)
    thread = await published_thread(world)
    said = world.drv.post(thread, world.member, chatter)
    probe = world.drv.post(thread, world.reviewer, question)  # answered: proves the bot read both
    await reply_to(world, thread, probe)
    assert not [m for m in bot_replies(world, thread)
                if (m.get("message_reference") or {}).get("message_id") == said["id"]]


async def test_a_mention_in_french_in_a_review_thread_is_answered_about_the_threads_film(stopped_world):
    world = await _world_speaking(stopped_world, "fr", "FR")
    thread = await published_thread(world)
    asked = world.drv.post(thread, world.member, f"<@{world.app.bot_id}> il sort quand au cinéma en France ?")
    text = (await reply_to(world, thread, asked))["content"]
    assert "Never Let Me Go" in text and "2031" in text


async def test_a_mention_in_french_naming_a_film_is_answered_about_that_film(stopped_world):
    world = await _world_speaking(stopped_world, "fr", "FR")
    asked = world.drv.post(world.reviews, world.member,
                           f"<@{world.app.bot_id}> quand sort Never Let Me Go en DVD au Royaume-Uni ?")
    text = (await reply_to(world, world.reviews, asked))["content"]
    assert "Never Let Me Go" in text and "2011" in text and "27" in text  # the UK DVD: 27 June 2011
    assert "2031" not in text  # not the French cinema date


async def test_an_english_question_in_a_french_server_is_still_answered(stopped_world):
    world = await _world_speaking(stopped_world, "fr", "FR")
    thread = await published_thread(world)
    asked = world.drv.post(thread, world.member, "when is it out in cinemas in France?")
    text = (await reply_to(world, thread, asked))["content"]
    assert "Never Let Me Go" in text and "2031" in text
