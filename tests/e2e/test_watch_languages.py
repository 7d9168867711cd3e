"""Where-to-watch questions asked in the server's language, end to end through the loopback Discord and TMDB.

A thread question in a French or German server ("c'est sur Netflix au Royaume-Uni ?", "wo kann ich ihn in
Großbritannien leihen?") is read in that language and answered in it, from the providers TMDB sent; the
same language's chatter about services gets no answer.
"""

from __future__ import annotations

import pytest

from tests.e2e.harness import build_world
from tests.e2e.helpers import published_thread
from tests.e2e.test_releases import bot_replies, reply_to
from tests.e2e.test_tmdb_watch import _moon_garden

#: Languages are the bot's, not the store's: these run on one store.
pytestmark = pytest.mark.one_store


@pytest.fixture
async def speaking_world(server, db_target, tmdb):
    """Start, with TMDB on, the standard guild in the language a test asks for (``await speaking_world("fr")``)."""
    worlds = []

    async def start(locale: str):
        world = build_world(server, db_target)
        world.tmdb = tmdb
        world.drv.update_guild(world.guild, preferred_locale=locale)
        await world.start_bot()
        worlds.append(world)
        _moon_garden(tmdb)
        return world

    yield start
    for world in worlds:
        await world.stop_bot()


async def _moon_garden_thread(world):
    return await published_thread(world, title="Film Review: Moon Garden", film="Moon Garden")


async def test_a_thread_question_in_a_french_server_is_answered_in_french(speaking_world):
    world = await speaking_world("fr")
    thread = await _moon_garden_thread(world)
    chatter = world.drv.post(thread, world.member, "je l'ai vu sur Netflix hier")
    question = world.drv.post(thread, world.member, "c'est sur Netflix au Royaume-Uni ?")
    reply = (await reply_to(world, thread, question, timeout=10))["content"]
    assert "**Oui** : sur Netflix (Royaume-Uni), avec un abonnement." in reply
    assert "Location : Apple TV, Amazon Video" in reply
    assert "Données de diffusion de JustWatch, via TMDB." in reply and "Hulu" not in reply
    replied_to = {(m.get("message_reference") or {}).get("message_id") for m in bot_replies(world, thread)}
    assert chatter["id"] not in replied_to


async def test_a_thread_question_in_a_german_server_is_answered_in_german(speaking_world):
    world = await speaking_world("de")
    thread = await _moon_garden_thread(world)
    chatter = world.drv.post(thread, world.member, "Netflix ist so teuer, oder?")
    question = world.drv.post(thread, world.member, "wo kann ich ihn in Großbritannien leihen?")
    reply = (await reply_to(world, thread, question, timeout=10))["content"]
    # What was asked (renting) comes first, then the country's other offers; in German.
    assert reply.index("Apple TV, Amazon Video") < reply.index("Netflix")
    assert "Vereinigtes Königreich" in reply and "über TMDB" in reply
    assert "Rent:" not in reply and "Subscription" not in reply
    replied_to = {(m.get("message_reference") or {}).get("message_id") for m in bot_replies(world, thread)}
    assert chatter["id"] not in replied_to


async def test_an_english_where_to_watch_question_in_a_french_server_is_still_answered(speaking_world):
    world = await speaking_world("fr")
    thread = await _moon_garden_thread(world)
    question = world.drv.post(thread, world.member, "is it on Netflix in the UK?")
    reply = (await reply_to(world, thread, question, timeout=10))["content"]
    assert "**Oui** : sur Netflix (Royaume-Uni)" in reply  # understood in English, answered in the server's language
