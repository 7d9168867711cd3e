"""Saving the first run's token in .env: one DISCORD_TOKEN line, every other line kept, owner-only."""

import stat

from bot.first_run import save_token


def test_a_missing_env_file_is_created_readable_only_by_its_owner(tmp_path):
    env = tmp_path / ".env"
    save_token(env, "abc.def.ghi")
    assert env.read_text() == "DISCORD_TOKEN=abc.def.ghi\n"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [env]  # no temporary file left behind


def test_an_old_token_line_is_replaced_in_place_and_duplicates_dropped(tmp_path):
    env = tmp_path / ".env"
    env.write_text("# settings\nexport DISCORD_TOKEN=old\nLOG_LEVEL=DEBUG\nDISCORD_TOKEN=older\nREVIEWBOT_DB=x.db")
    save_token(env, "new.token.value")
    assert env.read_text() == "# settings\nDISCORD_TOKEN=new.token.value\nLOG_LEVEL=DEBUG\nREVIEWBOT_DB=x.db"


def test_a_token_line_is_added_after_a_last_line_without_a_newline(tmp_path):
    env = tmp_path / ".env"
    env.write_text("LOG_LEVEL=INFO")
    env.chmod(0o644)
    save_token(env, "abc.def.ghi")
    assert env.read_text() == "LOG_LEVEL=INFO\nDISCORD_TOKEN=abc.def.ghi\n"
    assert stat.S_IMODE(env.stat().st_mode) == 0o600
