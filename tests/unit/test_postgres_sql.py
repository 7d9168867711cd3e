"""The shared SQL spelling becomes PostgreSQL's, and both dialects have every migration."""

from importlib import resources

import pytest

from bot.config import ConfigError, load_settings
from bot.db.database import redact_url
from bot.db.postgres import _statements, to_postgres


@pytest.mark.parametrize(("shared", "postgres"), [
    ("SELECT * FROM t WHERE a = ? AND b = ?", "SELECT * FROM t WHERE a = $1 AND b = $2"),
    ("SELECT '?' , \"q?\" FROM t WHERE a = ?", "SELECT '?' , \"q?\" FROM t WHERE a = $1"),
    ("SELECT 1 FROM t WHERE g IS ? AND h is not ?",
     "SELECT 1 FROM t WHERE g IS NOT DISTINCT FROM $1 AND h IS DISTINCT FROM $2"),
    ("SELECT 1 FROM t WHERE g IS NULL", "SELECT 1 FROM t WHERE g IS NULL"),
    ("INSERT OR IGNORE INTO t (a) VALUES (?)", "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING"),
    ("INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING id",
     "INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING id"),
    ("SELECT 'it''s ?' FROM t WHERE a = ?", "SELECT 'it''s ?' FROM t WHERE a = $1"),
])
def test_the_shared_spelling_becomes_postgresqls(shared, postgres):
    assert to_postgres(shared) == postgres


def _numbers(folder) -> list[int]:
    return sorted(int(entry.name[:4]) for entry in folder.iterdir() if entry.name.endswith(".sql"))


def test_every_migration_has_a_postgresql_counterpart_with_the_same_number():
    root = resources.files("bot.db") / "migrations"
    assert _numbers(root) == _numbers(root / "postgresql")


def test_function_bodies_keep_their_semicolons_when_a_migration_is_split():
    sql = "CREATE TABLE a (x INT);\nCREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n" \
          "  RETURN NULL;\nEND;\n$$;\n-- a comment; with a semicolon\nCREATE INDEX i ON a (x);"
    assert [s.split()[1] for s in _statements(sql)] == ["TABLE", "FUNCTION", "INDEX"]


def test_a_password_never_shows_in_the_settings_or_their_messages():
    settings = load_settings({"REVIEWBOT_DB": "postgresql://bot:s3cret@db.example:5432/reviews"}, dotenv=False)
    assert settings.db_target == "postgresql://bot:s3cret@db.example:5432/reviews"
    assert "s3cret" not in repr(settings) and "s3cret" not in settings.db_label
    assert redact_url("postgres://bot:s3cret@h/db?sslmode=require") == "postgres://bot:***@h/db?sslmode=require"
    assert redact_url("postgresql://bot@h/db") == "postgresql://bot@h/db"
    with pytest.raises(ConfigError) as refused:
        load_settings({"REVIEWBOT_DB": "postgresql://bot:s3cret@h:70000/db"}, dotenv=False)
    assert "s3cret" not in str(refused.value)


@pytest.mark.parametrize(("url", "says"), [
    ("postgresql://bot:pw@/reviews", "names no server"),
    ("postgresql://bot:pw@h:5432/", "names no database"),
    ("postgresql://bot:pw@h:port/reviews", "is not a valid PostgreSQL URL"),
    ("postgres://bot:pw@h/reviews?sslmode=sometimes", "sslmode='sometimes'"),
])
def test_a_malformed_url_is_one_line_saying_what_is_wrong(url, says):
    with pytest.raises(ConfigError) as refused:
        load_settings({"REVIEWBOT_DB": url}, dotenv=False)
    message = str(refused.value)
    assert says in message and "\n" not in message and "pw@" not in message


@pytest.mark.parametrize("url", ["postgresql://bot@h/reviews?sslmode=require", "postgres://h/reviews",
                                 "postgresql://bot:pw@[::1]:6543/reviews?sslmode=verify-full&application_name=x"])
def test_well_formed_urls_are_taken_as_they_are(url):
    assert load_settings({"REVIEWBOT_DB": url}, dotenv=False).db_target == url
