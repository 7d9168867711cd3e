"""The member's language, end to end: interactions answered in the client's locale, the bot's own
posts (thread answers) in the server's, through the loopback server's ``locale`` and ``guild_locale``."""

import aiohttp
import pytest

from tests.e2e.helpers import answer, comment_rows, is_ephemeral, published_thread, query
from tests.e2e.test_releases import reply_to

#: Languages are the bot's, not the store's: these run on one store (PostgreSQL gives the same words).
pytestmark = pytest.mark.one_store

# (member's client locale, the heading's country, the UK cinema line, the UK DVD date)
RELEASE_WHEN = [
    ("en-US", "in the United Kingdom", "**Theaters:** out since February 11, 2011.", "June 27, 2011"),
    ("en-GB", "in the United Kingdom", "**Cinemas:** out since 11 February 2011.", "27 June 2011"),
    ("fr", "– Royaume-Uni", "**Cinéma :** sorti le 11 février 2011.", "27 juin 2011"),
    ("de", "– Vereinigtes Königreich", "**Kino:** erschienen am 11. Februar 2011.", "27. Juni 2011"),
    ("es-ES", "– Reino Unido", "**Cines:** disponible desde el 11 de febrero de 2011.", "27 de junio de 2011"),
    ("es-419", "– Reino Unido", "**Cines:** disponible desde el 11 de febrero de 2011.", "27 de junio de 2011"),
    ("pt-BR", "– Reino Unido", "**Cinemas:** disponível desde 11 de fevereiro de 2011.", "27 de junho de 2011"),
]


@pytest.mark.parametrize(("locale", "country", "cinema", "dvd"), RELEASE_WHEN, ids=[c[0] for c in RELEASE_WHEN])
async def test_release_when_answers_in_the_members_language(world, locale, country, cinema, dvd):
    member = world.drv.create_member(world.guild, f"Member {locale}", locale=locale)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "release when",
                                          {"film": "Never Let Me Go", "country": "GB"}))
    text = shown["content"]
    assert text.startswith(f"**Never Let Me Go (2010)** {country}")
    assert cinema in text
    assert dvd in text


# (locale, a word of its refusal for an unknown film)
REFUSALS = [
    ("en-US", "I couldn't find a film called “Nevr Lte”"),
    ("fr", "Je n’ai trouvé aucun film intitulé « Nevr Lte »"),
    ("de", "Ich habe keinen Film namens „Nevr Lte“ gefunden"),
    ("es-ES", "No he encontrado ninguna película llamada «Nevr Lte»"),
    ("es-419", "No encontré ninguna película llamada “Nevr Lte”"),
    ("pt-BR", "Não encontrei nenhum filme chamado “Nevr Lte”"),
]


@pytest.mark.parametrize(("locale", "refusal"), REFUSALS, ids=[c[0] for c in REFUSALS])
async def test_a_film_nobody_knows_is_refused_privately_in_the_members_language(world, locale, refusal):
    member = world.drv.create_member(world.guild, f"Member {locale}", locale=locale)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "release when", {"film": "Nevr Lte"}))
    assert refusal in shown["content"]


async def test_the_same_member_is_answered_in_whichever_language_their_client_now_uses(world):
    member = world.drv.create_member(world.guild, "Camille", locale="fr")
    first = await answer(world.drv.invoke(world.guild, world.reviews, member, "release when",
                                          {"film": "Never Let Me Go", "country": "GB", "format": "dvd"}))
    assert "sorti le 27 juin 2011" in first["content"]
    world.drv.set_locale(member, "de")
    second = await answer(world.drv.invoke(world.guild, world.reviews, member, "release when",
                                           {"film": "Never Let Me Go", "country": "GB", "format": "dvd"}))
    assert "erschienen am 27. Juni 2011" in second["content"]


async def test_a_language_reviewbot_does_not_speak_falls_back_to_the_servers_then_english(world):
    member = world.drv.create_member(world.guild, "Yuki", locale="ja")
    ask = {"film": "Never Let Me Go", "country": "GB", "format": "dvd"}
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "release when", ask))
    assert "out since 27 June 2011" in shown["content"]  # the server's British English
    world.drv.update_guild(world.guild, preferred_locale="ja")
    await world.drv.wait_for_dispatch("GUILD_UPDATE", lambda d: d["id"] == world.guild.id, app=world.app)
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "release when", ask))
    assert "out since June 27, 2011" in shown["content"]  # neither is spoken: US English, Discord's default


async def test_a_refused_command_is_explained_in_the_members_language(world):
    member = world.drv.create_member(world.guild, "Pierre", locale="fr")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "review publish", {}))
    assert is_ephemeral(shown)
    assert "Ici, seuls les membres ayant « Gérer le serveur » peuvent faire cela." in shown["content"]


# (server locale, the question, what the answer says in the server's language)
THREAD_QUESTIONS = [
    ("fr", "quand sort-il en DVD au Royaume-Uni ?", "**DVD/Blu-ray :** sorti le 27 juin 2011."),
    ("de", "wann kommt der Film in Großbritannien auf DVD?", "**DVD/Blu-ray:** erschienen am 27. Juni 2011."),
    ("es-ES", "¿cuándo sale en DVD en el Reino Unido?", "**DVD/Blu-ray:** disponible desde el 27 de junio de 2011."),
    ("pt-BR", "quando sai em DVD no Reino Unido?", "**DVD/Blu-ray:** disponível desde 27 de junho de 2011."),
]


@pytest.mark.parametrize(("locale", "question", "expected"), THREAD_QUESTIONS, ids=[c[0] for c in THREAD_QUESTIONS])
async def test_a_thread_question_is_answered_in_the_servers_language(stopped_world, locale, question, expected):
    stopped_world.drv.update_guild(stopped_world.guild, preferred_locale=locale)
    world = stopped_world
    await world.start_bot()
    thread = await published_thread(world)
    asked = world.drv.post(thread, world.member, question)
    text = (await reply_to(world, thread, asked))["content"]
    assert text.startswith("**Never Let Me Go (2010)**")
    assert expected in text


async def test_help_speaks_the_members_language_and_names_commands_as_their_client_does(world):
    member = world.drv.create_member(world.guild, "Amélie", locale="fr")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "help", {}))
    text = shown["content"]
    assert text.startswith("**Aide de Reviewbot**")
    assert "`/sortie quand`" in text and "`/release when`" not in text
    assert "p. ex. `/sortie quand film:Never Let Me Go pays:UK format:dvd`" in text
    buttons = [c["label"] for row in shown.get("components") or [] for c in row["components"]]
    assert not buttons or buttons == ["Précédent", "Suivant"]


async def test_film_info_lays_its_table_out_in_the_members_language(world):
    member = world.drv.create_member(world.guild, "Jules", locale="fr")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "film info", {"film": "Never Let Me Go"}))
    text = shown["content"]
    assert "Pays" in text and "Type" in text and "Note" in text
    assert "GB    cinéma          11 févr. 2011" in text
    assert "Les dates sont des jours du calendrier local" in text


async def test_an_exported_discussion_is_headed_in_the_members_language(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "What a film.")
    await comment_rows(world, 1)
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews ORDER BY id DESC LIMIT 1")
    member = world.drv.create_member(world.guild, "Inès", locale="fr")
    shown = await answer(world.drv.invoke(world.guild, world.reviews, member, "comments export",
                                          {"review": str(review_id), "format": "markdown"}))
    assert "La discussion de **Film Review: Never Let Me Go** au format markdown." in shown["content"]
    [attachment] = shown["attachments"]
    async with aiohttp.ClientSession() as session, session.get(attachment["url"]) as response:
        text = (await response.read()).decode()
    assert "## 1 réaction à « Film Review: Never Let Me Go »" in text and "What a film." in text
