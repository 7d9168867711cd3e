"""`reviewbot sandbox --locale fr`: the member typing has a French Discord client, and the real bot answers."""

import io
import subprocess
import sys

import pytest

from bot.config import Settings
from bot.sandbox.prompt import run_sandbox
from tests.e2e.test_sandbox_prompt import scripted

#: Languages are the bot's, not the store's: these run on one store (PostgreSQL gives the same words).
pytestmark = pytest.mark.one_store

async def test_a_french_member_runs_the_commands_by_their_french_names(tmp_path):
    out = io.StringIO()
    await run_sandbox(Settings(token=None, db_path=tmp_path / "unused.db"), out=out, locale="fr", reader=scripted([
        "!commands",
        "/paramètres salon salon:#reviews",
        "/sortie quand film:Never Let Me Go (2010) pays:US format:DVD/Blu-ray",
        "/release when film:Dune (2021)",
        "!quit",
    ]))
    text = out.getvalue()
    assert "Your Discord client is in fr" in text
    listed = next(line for line in text.splitlines() if line.startswith("Commands: "))
    assert "/sortie quand" in listed and "/paramètres salon" in listed and "/critique publier" in listed
    assert "/release when" not in listed
    assert "#reviews" in text.split("/paramètres salon", 1)[-1]  # the bot confirmed the channel
    assert "Never Let Me Go" in text and "2011" in text  # the US DVD date was answered
    assert "There is no /release command here" in text  # the English name is not what a French client shows


def test_the_cli_takes_the_locale_of_discords_list_and_refuses_others():
    ok = subprocess.run([sys.executable, "-m", "bot", "sandbox", "--help"], capture_output=True, text=True,
                        timeout=60, check=False)
    assert ok.returncode == 0 and "--locale" in ok.stdout and "es-419" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "bot", "sandbox", "--locale", "fr-FR"], capture_output=True,
                         text=True, timeout=60, check=False)
    assert bad.returncode == 2 and "invalid choice: 'fr-FR'" in bad.stderr
