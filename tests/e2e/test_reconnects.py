"""A network loss after start: `reviewbot run` retries with back-off, one log line per attempt, no traceback."""

import asyncio
import re
import signal
import sys

from tests.e2e.harness import build_world
from tests.e2e.helpers import bot_env, eventually

COLOUR = re.compile(r"\x1b\[[0-9;]*m")
# The bot is sharded (one shard here), so each shard logs its own attempts, naming itself.
ATTEMPT = re.compile(r"WARNING +discord\.shard Lost the connection to Discord \((?P<why>[^)]*)\); "
                     r"reconnecting shard 0 in (?P<delay>\d+\.\d\d)s$")


async def test_a_lost_network_is_retried_with_one_line_per_attempt_and_the_bot_resumes(server, tmp_path):
    world = build_world(server, tmp_path / "bot.db")
    env = bot_env(DISCORD_TOKEN=world.app.token, DISCORD_API_BASE=server.api_base, REVIEWBOT_DB=str(world.db_path))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env, cwd=tmp_path, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    lines: list[str] = []

    async def read_stderr():
        async for raw in proc.stderr:
            lines.append(COLOUR.sub("", raw.decode()).rstrip("\n"))

    reader = asyncio.create_task(read_stderr())
    try:
        await eventually(lambda: world.drv.connected(world.app), timeout=20)
        await eventually(lambda: any("Ready as" in line for line in lines), timeout=20)
        await server.go_offline()
        attempts = await eventually(lambda: (found := [m for line in lines if (m := ATTEMPT.search(line))])
                                    and len(found) >= 2 and found, timeout=30)
        await server.go_online()
        await eventually(lambda: world.drv.connected(world.app), timeout=30)
        posted = world.drv.post(world.reviews, world.member, "still there?")
        await world.drv.wait_for_dispatch("MESSAGE_CREATE", lambda d: d["id"] == posted["id"], app=world.app)
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 20)
        await reader
    finally:
        if proc.returncode is None:
            proc.kill()
    text = "\n".join(lines)
    identifies = [op for app_id, op, _ in server.gateway.received if op == 2]
    # discord.py's AutoShardedClient resumes a dropped shard, but once a reconnect attempt has been
    # refused it starts that shard afresh (Shard.reconnect identifies); catch-up covers the gap.
    assert len(identifies) == 2
    assert proc.returncode == 0, text
    assert "Traceback" not in text
    assert all(f"127.0.0.1:{server.port} refused the connection" in a["why"] for a in attempts), text
    assert all(0 <= float(a["delay"]) <= 2 ** 10 for a in attempts)
    assert world.app.token not in text
    assert "Shut down cleanly" in text
