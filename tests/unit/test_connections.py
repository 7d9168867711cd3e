"""The per-shard connection log tells each fresh session how far back to list archived threads."""

import datetime as dt

from bot.domain.connections import ConnectionLog

T0 = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
T1 = T0 + dt.timedelta(hours=1)


def test_an_empty_or_unreadable_log_knows_nothing():
    for raw in (None, "", "not json", "[1, 2]", '{"times": {"x": "y"}}'):
        assert ConnectionLog.parse(raw).since(0, 1) is None


def test_each_shard_keeps_its_own_time_and_round_trips():
    log = ConnectionLog().connected({0}, 2, T0).connected({1}, 2, T1)
    again = ConnectionLog.parse(log.dumps())
    assert again == log
    assert again.since(0, 2) == T0
    assert again.since(1, 2) == T1


def test_a_shard_never_seen_connected_is_unknown_not_borrowed_from_another():
    log = ConnectionLog().connected({0}, 3, T1)
    assert log.since(2, 3) is None


def test_another_shard_count_falls_back_to_the_oldest_time():
    log = ConnectionLog().connected({0}, 2, T0).connected({1}, 2, T1)
    assert log.since(0, 4) == T0
    assert log.since(3, 4) == T0
    respread = log.connected({1}, 4, T1)
    assert respread.since(0, 4) == T0  # inherited the oldest: nothing archived meanwhile is skipped
    assert respread.since(1, 4) == T1


def test_a_bare_timestamp_from_an_older_run_counts_for_every_shard():
    log = ConnectionLog.parse(T0.isoformat())
    assert log.since(0, 1) == T0
    assert log.since(5, 8) == T0


def test_naive_times_are_read_as_utc():
    log = ConnectionLog.parse('{"shard_count": 1, "times": {"0": "2026-11-30T12:00:00"}}')
    assert log.since(0, 1) == T0
