"""A destructive command says exactly what it will delete before the member confirms it."""

import pytest

from tests.e2e.helpers import answer, comment_rows, eventually, is_ephemeral, published_thread, query


async def _ask_to_delete(world, purge_comments: bool):
    thread = await published_thread(world)
    for text in ("First thought.", "Second thought.", "Third thought."):
        world.drv.post(thread, world.member, text)
    await comment_rows(world, 3)
    await world.flush()
    [(review_id,)] = query(world.db_path, "SELECT id FROM reviews")
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review delete",
                              {"review": str(review_id), "purge_comments": purge_comments})
    prompt = await answer(handle)
    buttons = {c["label"]: c for row in prompt["components"] for c in row["components"]}
    return handle, prompt, buttons, thread


async def test_deleting_with_purge_names_the_review_and_how_many_comments_go(world):
    handle, prompt, buttons, thread = await _ask_to_delete(world, purge_comments=True)
    assert is_ephemeral(prompt)
    text = prompt["content"]
    assert "This deletes the review **Film Review: Never Let Me Go** (1 message in " in text
    assert "and its 3 mirrored comments" in text and "cannot be undone" in text
    assert f"<#{thread['id']}>" in text
    assert query(world.db_path, "SELECT count(*) FROM comments") == [(3,)]  # nothing gone before confirming
    world.drv.click(handle.message, buttons["Delete review"]["custom_id"], world.owner)
    done = await eventually(lambda: "Deleted" in (handle.message or {}).get("content", "") and handle.message)
    assert "and its 3 mirrored comments" in done["content"]
    assert query(world.db_path, "SELECT count(*) FROM comments") == [(0,)]


async def test_deleting_without_purge_says_the_comments_are_kept(world):
    handle, prompt, buttons, _ = await _ask_to_delete(world, purge_comments=False)
    text = prompt["content"]
    assert "This deletes the review **Film Review: Never Let Me Go** (1 message in " in text
    assert "Its 3 mirrored comments are kept" in text and "deletes its 3" not in text
    world.drv.click(handle.message, buttons["Delete review"]["custom_id"], world.owner)
    await eventually(lambda: "Deleted" in (handle.message or {}).get("content", ""))
    assert "3 mirrored comments are kept" in handle.message["content"]
    assert query(world.db_path, "SELECT count(*) FROM comments") == [(3,)]


@pytest.mark.parametrize("purge_comments", [True, False])
async def test_cancelling_a_delete_changes_nothing(world, purge_comments):
    handle, _, buttons, _ = await _ask_to_delete(world, purge_comments=purge_comments)
    world.drv.click(handle.message, buttons["Cancel"]["custom_id"], world.owner)
    await eventually(lambda: "Nothing was deleted" in (handle.message or {}).get("content", ""))
    assert query(world.db_path, "SELECT count(*) FROM comments") == [(3,)]
    assert query(world.db_path, "SELECT count(*) FROM reviews WHERE deleted_at IS NULL") == [(1,)]


async def _ask_to_remove_a_date(world):
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "film release remove",
                              {"film": "Dune (2021)", "country": "GB", "type": 3})
    prompt = await answer(handle)
    buttons = {c["label"]: c for row in prompt.get("components") or [] for c in row["components"]}
    return handle, prompt, buttons


async def _gb_theatrical_dates(world):
    """Dune (2021)'s UK theatrical dates as this guild sees them (a removal hides the shared date)."""
    film = await world.bot.store.films.find("Dune", 2021, int(world.guild.id))
    return [r.date.iso() for r in film.releases if r.country == "GB" and int(r.type) == 3]


async def test_removing_a_release_date_says_which_date_goes_before_it_goes(world):
    assert await _gb_theatrical_dates(world) == ["2021-10-21"]
    handle, prompt, buttons = await _ask_to_remove_a_date(world)
    assert is_ephemeral(prompt)
    assert "This removes the theatrical date of *Dune (2021)* in " in prompt["content"]
    assert "21 October 2021" in prompt["content"]
    assert await _gb_theatrical_dates(world) == ["2021-10-21"]  # nothing removed before confirming
    world.drv.click(handle.message, buttons["Remove date"]["custom_id"], world.owner)
    await eventually(lambda: "Removed the theatrical date" in (handle.message or {}).get("content", ""))
    assert await _gb_theatrical_dates(world) == []


async def test_cancelling_a_release_date_removal_keeps_it(world):
    handle, _, buttons = await _ask_to_remove_a_date(world)
    world.drv.click(handle.message, buttons["Cancel"]["custom_id"], world.owner)
    await eventually(lambda: "Nothing was removed" in (handle.message or {}).get("content", ""))
    assert await _gb_theatrical_dates(world) == ["2021-10-21"]
