"""The WXR export parses back as WordPress's importer reads it: every field, parents right, and what
must stay out (tombstones, the bot's answers, the blog's own comments) out, with replies moved up."""

import datetime as dt
import xml.etree.ElementTree as ET

from bot.domain.models import Comment, Review
from bot.domain.wxr import WXR_NAMESPACES, export_wxr

T0 = dt.datetime(2026, 11, 20, 18, 0, tzinfo=dt.UTC)
WP = "{" + WXR_NAMESPACES["wp"] + "}"
REVIEW = Review(id=3, guild_id=1, title="Film Review: Never Let Me Go", film_id=None, film_title="Never Let Me Go",
                film_year=2010, author_id=5, byline="Rita Reviewer", rating=4.5, body="Quiet, **devastating**.",
                created_at=T0, updated_at=T0, thread_id=100)


def comment(message_id, content, *, parent=None, minutes=0, author="Ann", **kw):
    return Comment(message_id=message_id, review_id=3, guild_id=1, thread_id=100, author_id=message_id,
                   author_name=author, content=content, created_at=T0 + dt.timedelta(minutes=minutes),
                   parent_id=parent, **kw)


def parse(text):
    root = ET.fromstring(text.encode())
    [item] = root.iter("item")
    comments = {c.findtext(f"{WP}comment_id"): c for c in item.iter(f"{WP}comment")}
    return root, item, comments


def test_every_field_the_importer_reads_and_the_parents():
    text = export_wxr(REVIEW, [
        comment(201, "Loved it ]]> truly", minutes=1, author="Ann ]]> Aston"),
        comment(202, "Me <too> & *you*", parent=201, minutes=2, author="Ben"),
        comment(203, "Later", minutes=3, author="Cy"),
    ], post_link="https://blog.example/2026/11/never-let-me-go/")
    root, item, comments = parse(text)
    assert root.findtext(f"channel/{WP}wxr_version") == "1.2"
    assert item.findtext("link") == "https://blog.example/2026/11/never-let-me-go/"
    assert item.findtext("title") == "Film Review: Never Let Me Go"
    assert item.findtext(f"{WP}post_type") == "post" and item.findtext(f"{WP}status") == "publish"
    assert "<strong>devastating</strong>" in item.findtext("{" + WXR_NAMESPACES["content"] + "}encoded")
    assert list(comments) == ["1", "2", "3"]
    first, reply, later = comments.values()
    assert [c.findtext(f"{WP}comment_parent") for c in (first, reply, later)] == ["0", "1", "0"]
    assert reply.findtext(f"{WP}comment_author") == "Ben"
    assert reply.findtext(f"{WP}comment_date_gmt") == "2026-11-20 18:02:00"
    assert reply.findtext(f"{WP}comment_approved") == "1" and reply.findtext(f"{WP}comment_type") == "comment"
    assert first.findtext(f"{WP}comment_author") == "Ann ]]> Aston"  # survived CDATA splitting intact
    assert first.findtext(f"{WP}comment_content") == "<p>Loved it ]]&gt; truly</p>"
    assert "&lt;too&gt; &amp; <em>you</em>" in reply.findtext(f"{WP}comment_content")


def test_tombstones_bot_answers_and_blog_comments_stay_out_and_replies_move_up():
    text = export_wxr(REVIEW, [
        comment(301, "", deleted=True, minutes=1),
        comment(302, "reply to a deleted message", parent=301, minutes=2),
        comment(303, "when is it out?", minutes=3),
        comment(304, "Never Let Me Go is out on DVD", parent=303, minutes=4, is_bot=True),
        comment(305, "thanks bot", parent=304, minutes=5),
        comment(306, "from the blog", minutes=6),
        comment(307, "a Discord reply to a blog comment", parent=306, minutes=7),
    ], blog_ids={306: 9001})
    _, _, comments = parse(text)
    kept = {c.findtext(f"{WP}comment_content"): c.findtext(f"{WP}comment_parent") for c in comments.values()}
    assert kept == {
        "<p>reply to a deleted message</p>": "0",
        "<p>when is it out?</p>": "0",
        "<p>thanks bot</p>": "2",  # up past the bot's answer to the question it answered
        "<p>a Discord reply to a blog comment</p>": "9001",  # the blog's own comment id
    }
