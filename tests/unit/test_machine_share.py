"""The lock that lets an ``alone`` test run while no other test does, across the suite's processes.

File locks are held per open file, so threads of one process contend for them as processes do.
"""

from __future__ import annotations

import threading
import time

from tests.conftest import _machine_share


def _hold(folder, alone: bool, seconds: float, log: list, name: str, entered: threading.Event | None = None):
    with _machine_share(folder, alone=alone):
        log.append(("in", name, time.monotonic()))
        if entered is not None:
            entered.set()
        time.sleep(seconds)
        log.append(("out", name, time.monotonic()))


def _window(log: list, name: str) -> tuple[float, float]:
    start = next(t for kind, n, t in log if kind == "in" and n == name)
    end = next(t for kind, n, t in log if kind == "out" and n == name)
    return start, end


def test_tests_share_the_machine_with_each_other(tmp_path):
    log: list = []
    first_in = threading.Event()
    first = threading.Thread(target=_hold, args=(tmp_path, False, 0.3, log, "a", first_in))
    first.start()
    first_in.wait(5)
    _hold(tmp_path, False, 0.0, log, "b")
    first.join()
    a, b = _window(log, "a"), _window(log, "b")
    assert a[0] <= b[0] <= b[1] <= a[1], "a second ordinary test entered while the first ran"


def test_an_alone_test_waits_for_running_tests_and_keeps_later_ones_out(tmp_path):
    log: list = []
    running_in = threading.Event()
    running = threading.Thread(target=_hold, args=(tmp_path, False, 0.4, log, "running", running_in))
    running.start()
    running_in.wait(5)
    alone = threading.Thread(target=_hold, args=(tmp_path, True, 0.3, log, "alone"))
    alone.start()
    time.sleep(0.1)  # the alone test is now waiting for the running one
    later = threading.Thread(target=_hold, args=(tmp_path, False, 0.0, log, "later"))
    later.start()
    for thread in (running, alone, later):
        thread.join(10)
    run, lone, late = _window(log, "running"), _window(log, "alone"), _window(log, "later")
    assert run[1] <= lone[0], "the alone test started beside a running test"
    assert lone[1] <= late[0], "a test that arrived while the alone test waited overtook it or ran beside it"
