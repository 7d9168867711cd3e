"""Catch-up after a restart reads only what changed while away, and misses nothing said meanwhile.

Active threads arrive with the guild (with their newest message id), archived ones are listed per
review channel back to the last connection; history is read only where something is new, and a
thread deleted while away is noticed once and never asked for again.
"""

from tests.e2e.helpers import answer, comment_rows, eventually, published_thread, query


def _since(world, start: int) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in world.drv.requests[start:]]


def _history_reads(requests: list[tuple[str, str]], thread) -> int:
    return sum(1 for method, path in requests if method == "GET" and path == f"/channels/{thread['id']}/messages")


def _looked_up(requests: list[tuple[str, str]], thread) -> int:
    return sum(1 for method, path in requests if method == "GET" and path == f"/channels/{thread['id']}")


async def _restart(world) -> int:
    await world.stop_bot()
    start = len(world.drv.requests)
    await world.start_bot()
    return start


async def test_an_idle_restart_reads_no_thread_history(world):
    active = await published_thread(world, title="Film Review: Never Let Me Go")
    archived = await published_thread(world, title="Film Review: Arrival", film="Arrival (2016)")
    forum = await published_thread(world, world.forum, title="Film Review: Heat", film="Heat (1995)")
    for thread in (active, archived, forum):
        world.drv.post(thread, world.member, f"about {thread['name']}")
    await comment_rows(world, 3)
    world.drv.archive_thread(archived)
    await _restart(world)  # learns which threads are archived
    start = await _restart(world)
    requests = _since(world, start)
    for thread in (active, archived, forum):
        assert _history_reads(requests, thread) == 0, requests
        assert _looked_up(requests, thread) == 0, requests
    listings = [path for method, path in requests if path.endswith("/threads/archived/public")]
    assert listings == [f"/channels/{world.reviews['id']}/threads/archived/public"]


async def test_nothing_said_while_away_is_missed_and_only_changed_threads_are_read(world):
    active = await published_thread(world, title="Film Review: Never Let Me Go")
    reopened = await published_thread(world, title="Film Review: Arrival", film="Arrival (2016)")
    rearchived = await published_thread(world, title="Film Review: Alien", film="Alien (1979)")
    forum = await published_thread(world, world.forum, title="Film Review: Heat", film="Heat (1995)")
    quiet = await published_thread(world, title="Film Review: Brazil", film="Brazil (1985)")
    for thread in (active, reopened, rearchived, forum, quiet):
        world.drv.post(thread, world.member, f"before {thread['name']}")
    await comment_rows(world, 5)
    world.drv.archive_thread(reopened)
    world.drv.archive_thread(rearchived)
    world.drv.archive_thread(quiet)
    await _restart(world)
    await world.stop_bot()
    said = [world.drv.post(active, world.member, "while away, active"),
            world.drv.post(reopened, world.member, "while away, reopens the archived thread"),
            world.drv.post(rearchived, world.member, "while away, then archived again"),
            world.drv.post(forum, world.reviewer, "while away, in the forum post")]
    world.drv.archive_thread(rearchived)
    start = len(world.drv.requests)
    await world.start_bot()
    rows = await comment_rows(world, 9)
    assert {str(r[0]) for r in rows} >= {m["id"] for m in said}
    requests = _since(world, start)
    for thread in (active, reopened, rearchived, forum):
        assert _history_reads(requests, thread) == 1, thread["name"]
    assert _history_reads(requests, quiet) == 0
    assert _looked_up(requests, quiet) == 0


async def test_a_thread_deleted_while_away_is_tombstoned_once_and_never_asked_for_again(world):
    thread = await published_thread(world)
    world.drv.post(thread, world.member, "a secret opinion")
    await comment_rows(world, 1)
    await world.stop_bot()
    world.drv.delete_channel(thread)
    start = len(world.drv.requests)
    await world.start_bot()
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 0") == [(0,)])
    assert _looked_up(_since(world, start), thread) == 1
    start = await _restart(world)
    requests = _since(world, start)
    assert _looked_up(requests, thread) == 0 and _history_reads(requests, thread) == 0


async def test_a_review_channel_deleted_while_away_is_asked_for_once_not_each_of_its_threads(world):
    threads = [await published_thread(world, title=f"Film Review: {film}", film=film)
               for film in ("Arrival (2016)", "Alien (1979)", "Heat (1995)")]
    for thread in threads:
        world.drv.post(thread, world.member, f"on {thread['name']}")
    await comment_rows(world, 3)
    world.drv.archive_thread(threads[0])
    world.drv.archive_thread(threads[1])
    await _restart(world)  # learns which threads are archived
    await world.stop_bot()
    world.drv.delete_channel(world.reviews)  # its threads go with it, as on Discord
    start = len(world.drv.requests)
    await world.start_bot()
    await eventually(lambda: query(world.db_path, "SELECT count(*) FROM comments WHERE deleted = 0") == [(0,)])
    requests = _since(world, start)
    for thread in threads:
        assert _looked_up(requests, thread) == 0 and _history_reads(requests, thread) == 0, requests
    assert requests.count(("GET", f"/channels/{world.reviews['id']}")) == 1
    assert query(world.db_path, "SELECT count(*) FROM reviews WHERE thread_id IS NOT NULL") == [(0,)]
    start = await _restart(world)
    assert not [path for _, path in _since(world, start) if world.reviews["id"] in path]


async def test_a_retired_reviews_thread_is_never_asked_for_again(world):
    kept = await published_thread(world, title="Film Review: Arrival", film="Arrival (2016)")
    retired = await published_thread(world, title="Film Review: Alien", film="Alien (1979)")
    [(retired_id,)] = query(world.db_path, "SELECT id FROM reviews WHERE thread_id = ?", int(retired["id"]))
    handle = world.drv.invoke(world.guild, world.reviews, world.owner, "review delete", {"review": str(retired_id)})
    prompt = await answer(handle)
    confirm = next(c for row in prompt["components"] for c in row["components"] if c["label"] == "Delete review")
    await world.drv.click(handle.message, confirm["custom_id"], world.owner).response()
    await eventually(lambda: query(world.db_path, "SELECT deleted_at FROM reviews WHERE id = ?", retired_id)[0][0])
    await world.stop_bot()
    world.drv.post(kept, world.member, "said while away")
    start = len(world.drv.requests)
    await world.start_bot()
    requests = _since(world, start)
    assert _history_reads(requests, kept) == 1
    assert _looked_up(requests, retired) == 0 and _history_reads(requests, retired) == 0, requests
    start = await _restart(world)
    assert not [path for _, path in _since(world, start) if retired["id"] in path]
