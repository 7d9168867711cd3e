"""When the comment writer gives up on a change, its log line names ids, not what the member wrote."""

import datetime as dt
import logging

from bot.db.comments import CommentCreated, CommentEdited
from bot.domain.models import Comment
from bot.services.mirror import CommentWriter

SECRET = "a-comment-nobody-should-find-in-the-logs-9137"


async def test_a_dropped_comment_change_is_logged_by_id_without_its_text(store, caplog):
    caplog.set_level(logging.DEBUG, logger="bot.services.mirror")
    orphan = Comment(message_id=555, review_id=999_999, guild_id=1, thread_id=2, author_id=3, author_name="Ann",
                     content=SECRET, created_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
    writer = CommentWriter(store)
    writer.put(CommentCreated(orphan))  # no such review: the store refuses it
    writer.put(CommentEdited(556, SECRET, None))
    await writer.flush()
    mirror_lines = [record for record in caplog.records if record.name == "bot.services.mirror"]
    assert any("555" in record.getMessage() for record in mirror_lines), "the dropped change is named by its id"
    assert not any(SECRET in record.getMessage() for record in mirror_lines)
