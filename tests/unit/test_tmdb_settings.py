"""TMDB's settings: either credential turns TMDB on, a malformed one is one line, neither is ever shown."""

import pytest

from bot.config import DEFAULT_TMDB_API_BASE, ConfigError, load_settings

KEY = "0123456789abcdef0123456789abcdef"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl"


def settings(**env):
    return load_settings(env, dotenv=False)


def test_tmdb_is_off_without_credentials_and_on_with_either():
    assert not settings().tmdb_enabled
    assert settings(TMDB_API_KEY=KEY).tmdb_enabled
    assert settings(TMDB_READ_TOKEN=TOKEN).tmdb_enabled
    assert settings().tmdb_api_base == DEFAULT_TMDB_API_BASE
    assert settings(TMDB_API_BASE="http://127.0.0.1:9000/3/").tmdb_api_base == "http://127.0.0.1:9000/3"


def test_neither_secret_shows_in_the_settings():
    shown = repr(settings(TMDB_API_KEY=KEY, TMDB_READ_TOKEN=TOKEN))
    assert KEY not in shown and TOKEN not in shown


@pytest.mark.parametrize(("env", "says"), [
    ({"TMDB_API_KEY": "not-a-key"}, "TMDB_API_KEY is not a TMDB v3 API key"),
    ({"TMDB_API_KEY": KEY + "0"}, "TMDB_API_KEY is not a TMDB v3 API key"),
    ({"TMDB_READ_TOKEN": "abc"}, "TMDB_READ_TOKEN is not a TMDB v4 read access token"),
    ({"TMDB_READ_TOKEN": f"Bearer {TOKEN}"}, "without \"Bearer \""),
    ({"TMDB_API_BASE": "api.themoviedb.org/3"}, "TMDB_API_BASE='api.themoviedb.org/3' is not an http(s) URL"),
])
def test_a_malformed_value_is_one_line_that_never_echoes_the_secret(env, says):
    with pytest.raises(ConfigError) as refused:
        settings(**env)
    message = str(refused.value)
    assert says in message and "\n" not in message
    for name in ("TMDB_API_KEY", "TMDB_READ_TOKEN"):
        if name in env and len(env[name]) > 8:
            assert env[name].removeprefix("Bearer ") not in message
