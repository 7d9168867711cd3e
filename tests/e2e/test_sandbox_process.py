"""`reviewbot sandbox` as a real process: Ctrl-C leaves cleanly, the log goes to a file, --db keeps the data."""

import asyncio
import signal
import sys
from pathlib import Path

from tests.e2e.helpers import bot_env

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "reviews" / "never-let-me-go.md"


async def _read_until(stream: asyncio.StreamReader, needle: str, timeout: float = 30.0) -> str:
    seen = ""
    async with asyncio.timeout(timeout):
        while needle not in seen:
            chunk = await stream.read(4096)
            if not chunk:
                raise AssertionError(f"output ended before {needle!r}:\n{seen}")
            seen += chunk.decode()
    return seen


async def test_ctrl_c_leaves_cleanly_with_the_log_in_a_file_and_the_database_kept(tmp_path):
    db, log_file = tmp_path / "sandbox.db", tmp_path / "sandbox.log"
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--db", str(db), "--log-file", str(log_file),
        env=bot_env(LOG_LEVEL="INFO"), cwd=tmp_path,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    try:
        seen = await _read_until(proc.stdout, "in #reviews> ")
        proc.stdin.write(f"/review publish channel:#reviews file:{SAMPLE}\n".encode())
        await proc.stdin.drain()
        seen += await _read_until(proc.stdout, "its discussion is in")
        seen += await _read_until(proc.stdout, "in #reviews> ")
        proc.send_signal(signal.SIGINT)  # stdin stays open: the prompt is waiting for a line
        out, err = await asyncio.wait_for(proc.communicate(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
    seen += out.decode()
    assert proc.returncode == 0, err.decode()
    assert "Bye." in seen and f"REVIEWBOT_DB={db} reviewbot reviews list" in seen
    assert err.decode().strip() == f"Reviewbot's log goes to {log_file}."  # no log lines, no traceback
    assert "INFO" not in seen and "WARNING" not in seen
    log = log_file.read_text()
    assert "Ready as Reviewbot" in log and "Shut down cleanly" in log
    assert "voice will NOT be supported" not in log + seen + err.decode()

    listed = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "comments", "export", "1", "--format", "markdown",
        env=bot_env(REVIEWBOT_DB=str(db)), cwd=tmp_path, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    exported, problem = await asyncio.wait_for(listed.communicate(), 30)
    assert listed.returncode == 0, problem.decode()
    assert "Never Let Me Go" in exported.decode()
