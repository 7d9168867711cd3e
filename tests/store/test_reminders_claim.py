"""A reminder is claimed before it is delivered; a finished one cannot be claimed again."""

from bot.domain.models import Film


async def test_a_claimed_reminder_is_read_fresh_and_a_finished_one_is_not_claimed(store):
    await store.films.import_films([Film(id=None, title="Heat", year=1995)])
    film = await store.films.find("Heat", 1995, None)
    reminder, _ = await store.reminders.add(guild_id=1, channel_id=2, user_id=3, film_id=film.id, country="GB",
                                            format="dvd", known_date=None)
    await store.reminders.set_known_date(reminder.id, "2031-05-02")
    async with store.reminders.claim(reminder.id) as claimed:
        assert claimed.reminder.known_date == "2031-05-02"
        await claimed.set_known_date("2031-06-01")
    async with store.reminders.claim(reminder.id) as claimed:
        assert claimed.reminder.known_date == "2031-06-01"
        await claimed.finish()
    async with store.reminders.claim(reminder.id) as claimed:
        assert claimed is None
