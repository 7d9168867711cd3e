"""Configuration: defaults, one-line errors, and the token kept out of reprs."""

from pathlib import Path

import pytest

from bot.config import DEFAULT_DB_PATH, ConfigError, load_settings

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB"


def test_defaults_apply_when_only_the_token_is_set():
    settings = load_settings({"DISCORD_TOKEN": TOKEN})
    assert settings.db_path == DEFAULT_DB_PATH
    assert settings.api_base is None and settings.dev_guild_id is None
    assert settings.log_level == "INFO"


def test_the_token_never_appears_in_the_settings_repr():
    assert TOKEN not in repr(load_settings({"DISCORD_TOKEN": TOKEN}))


def test_missing_token_is_reported_only_when_it_is_needed():
    settings = load_settings({})
    with pytest.raises(ConfigError, match=r"DISCORD_TOKEN.*\.env\.example"):
        settings.require_token()


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("DISCORD_TOKEN", "Bot abc", "DISCORD_TOKEN"),
        ("DISCORD_TOKEN", "abc def", "DISCORD_TOKEN"),
        ("DISCORD_TOKEN", "'abc.def.ghi'", "DISCORD_TOKEN"),
        ("DISCORD_API_BASE", "ftp://example", "DISCORD_API_BASE"),
        ("DISCORD_API_BASE", "127.0.0.1:8123", "DISCORD_API_BASE"),
        ("REVIEWBOT_DEV_GUILD", "my-server", "REVIEWBOT_DEV_GUILD"),
        ("REVIEWBOT_DEV_GUILD", "12", "REVIEWBOT_DEV_GUILD"),
        ("LOG_LEVEL", "loud", "LOG_LEVEL"),
    ],
)
def test_bad_values_give_one_line_naming_the_variable(name, value, fragment):
    with pytest.raises(ConfigError) as caught:
        load_settings({name: value})
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    assert TOKEN not in message


def test_values_are_parsed(tmp_path: Path):
    settings = load_settings({
        "DISCORD_TOKEN": TOKEN,
        "REVIEWBOT_DB": str(tmp_path / "x.db"),
        "DISCORD_API_BASE": "http://127.0.0.1:8123/api/v10/",
        "REVIEWBOT_DEV_GUILD": "123456789012345678",
        "LOG_LEVEL": "debug",
    })
    assert settings.db_path == tmp_path / "x.db"
    assert settings.api_base == "http://127.0.0.1:8123/api/v10"
    assert settings.dev_guild_id == 123456789012345678
    assert settings.log_level == "DEBUG"


def test_a_directory_is_not_a_database(tmp_path: Path):
    with pytest.raises(ConfigError, match="directory"):
        load_settings({"REVIEWBOT_DB": str(tmp_path)})


def test_the_title_index_file_is_beside_the_database_unless_named(tmp_path: Path):
    assert load_settings({"REVIEWBOT_DB": str(tmp_path / "x.db")}).title_index_path is None  # the store's sibling
    named = load_settings({"REVIEWBOT_DB": "postgresql://u:p@db.internal:5432/reviewbot",
                           "REVIEWBOT_TITLE_INDEX": "~/titles.db"})
    assert named.title_index_path == Path("~/titles.db").expanduser()
    with pytest.raises(ConfigError, match=r"REVIEWBOT_TITLE_INDEX=.* is a directory"):
        load_settings({"REVIEWBOT_TITLE_INDEX": str(tmp_path)})
    with pytest.raises(ConfigError, match="is the database itself"):
        load_settings({"REVIEWBOT_DB": str(tmp_path / "x.db"), "REVIEWBOT_TITLE_INDEX": str(tmp_path / "x.db")})


def test_the_environment_wins_over_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / ".env").write_text("LOG_LEVEL=DEBUG\nREVIEWBOT_DB=from-dotenv.db\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    monkeypatch.delenv("REVIEWBOT_DB", raising=False)
    settings = load_settings()
    assert settings.log_level == "WARNING"
    assert settings.db_path == Path("from-dotenv.db")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0-3/8", ((0, 1, 2, 3), 8)), ("2/3", ((2,), 3)), ("0-0/1", ((0,), 1)), (" 4-7/8 ", ((4, 5, 6, 7), 8))],
)
def test_reviewbot_shards_names_the_shard_ids_and_count(raw: str, expected: tuple[tuple[int, ...], int]):
    assert load_settings({"REVIEWBOT_SHARDS": raw}).shards == expected


def test_without_reviewbot_shards_discord_recommends_the_count():
    assert load_settings({}).shards is None


@pytest.mark.parametrize("raw", ["8", "0-3", "0-3/", "a-b/8", "3-1/8", "0-8/8", "8/8", "0/0", "-1/4", "0-3/8/2"])
def test_a_malformed_reviewbot_shards_is_one_line_naming_it(raw: str):
    with pytest.raises(ConfigError, match=r"^REVIEWBOT_SHARDS=.*for example 0-3/8") as caught:
        load_settings({"REVIEWBOT_SHARDS": raw})
    assert "\n" not in str(caught.value)
