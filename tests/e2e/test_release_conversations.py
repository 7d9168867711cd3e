"""Release questions as conversation: a film named in a review thread, mentions the bot does not
understand, widened understanding when the bot is addressed, and titles that contain country words."""


from tests.e2e.helpers import published_thread
from tests.e2e.test_releases import reply_to


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
