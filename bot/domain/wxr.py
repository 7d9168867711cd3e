"""A review's Discord discussion as WordPress eXtended RSS 1.2, for WordPress's own importer.

Tools → Import → WordPress reads this file: one ``<item>`` for the post (WordPress matches it to the
existing post by title and date, and the file gives the post's link), and one ``<wp:comment>`` per
comment with its id, its parent's id, author, dates (local and GMT, both UTC here) and approved
status, the content as HTML. What is left out, and why:

- comments that came from the blog itself (they are already there: importing them again would
  duplicate them); Discord replies to them keep them as parent, by the blog's own comment id;
- tombstones of deleted messages, and the bot's own answers (release dates are not blog comments);
  replies to either move up to the nearest comment that is kept.

Comment ids are numbered from 1 in the file (the importer gives each its own id and keeps parents);
a reply to a blog comment names that comment's WordPress id instead.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping, Sequence

from bot.domain.comment_tree import CommentNode, build_tree
from bot.domain.discord_markdown import Names, to_html
from bot.domain.models import Comment, Review
from bot.domain.review_render import clean_single_line

__all__ = ["WXR_NAMESPACES", "export_wxr"]

WXR_NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}


def _cdata(text: str) -> str:
    """*text* in CDATA; a "]]>" inside is split across two sections, as XML requires."""
    return "<![CDATA[" + text.replace("\x00", "").replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _wp_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def _rfc822(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def export_wxr(
    review: Review,
    comments: Sequence[Comment],
    *,
    post_link: str | None = None,
    site_url: str | None = None,
    blog_ids: Mapping[int, int] | None = None,
) -> str:
    """The WXR file. *blog_ids* maps the message ids of comments that came from the blog to their
    WordPress comment ids: those comments are left out and replies to them point at those ids."""
    blog_ids = blog_ids or {}
    names = Names.collect((m for c in comments if not c.deleted for m in c.mentions),
                          ((c.author_id, c.author_name) for c in comments if not c.deleted))
    numbered: dict[int, int] = {}
    lines: list[str] = []

    def walk(nodes: list[CommentNode], parent: int) -> None:
        for node in nodes:
            comment = node.comment
            if comment.message_id in blog_ids:
                walk(node.replies, blog_ids[comment.message_id])
                continue
            if comment.deleted or comment.is_bot:
                walk(node.replies, parent)  # its replies move up to the nearest kept comment
                continue
            number = numbered[comment.message_id] = len(numbered) + 1
            lines.append(_comment(comment, number, parent, names))
            walk(node.replies, number)

    walk(build_tree(comments), 0)
    title = clean_single_line(review.title, 256) or "Review"
    link = post_link or site_url or ""
    posted = review.created_at
    body = to_html(review.body, names) if review.body.strip() else ""
    site = site_url or link
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8" ?>',
        '<rss version="2.0" ' + " ".join(f'xmlns:{k}="{v}"' for k, v in WXR_NAMESPACES.items()) + ">",
        "<channel>",
        f"<title>{html.escape(title)}</title>",
        f"<link>{html.escape(site)}</link>",
        "<description>The Discord discussion of a review, exported by Reviewbot</description>",
        f"<pubDate>{_rfc822(posted)}</pubDate>",
        "<language>en</language>",
        "<wp:wxr_version>1.2</wp:wxr_version>",
        f"<wp:base_site_url>{html.escape(site)}</wp:base_site_url>",
        f"<wp:base_blog_url>{html.escape(site)}</wp:base_blog_url>",
        "<item>",
        f"<title>{html.escape(title)}</title>",
        f"<link>{html.escape(link)}</link>",
        f"<pubDate>{_rfc822(posted)}</pubDate>",
        f"<dc:creator>{_cdata(clean_single_line(review.byline, 100))}</dc:creator>",
        f'<guid isPermaLink="false">{html.escape(link or f"reviewbot-review-{review.id}")}</guid>',
        "<description></description>",
        f"<content:encoded>{_cdata(body)}</content:encoded>",
        f"<excerpt:encoded>{_cdata('')}</excerpt:encoded>",
        f"<wp:post_date>{_cdata(_wp_time(posted))}</wp:post_date>",
        f"<wp:post_date_gmt>{_cdata(_wp_time(posted))}</wp:post_date_gmt>",
        "<wp:comment_status>open</wp:comment_status>",
        "<wp:ping_status>closed</wp:ping_status>",
        "<wp:status>publish</wp:status>",
        "<wp:post_parent>0</wp:post_parent>",
        "<wp:menu_order>0</wp:menu_order>",
        "<wp:post_type>post</wp:post_type>",
        "<wp:is_sticky>0</wp:is_sticky>",
        *lines,
        "</item>",
        "</channel>",
        "</rss>",
        "",
    ])


def _comment(comment: Comment, number: int, parent: int, names: Names) -> str:
    when = comment.created_at
    return "\n".join([
        "<wp:comment>",
        f"<wp:comment_id>{number}</wp:comment_id>",
        f"<wp:comment_author>{_cdata(clean_single_line(comment.author_name, 100) or 'Discord member')}"
        "</wp:comment_author>",
        "<wp:comment_author_email></wp:comment_author_email>",
        "<wp:comment_author_url></wp:comment_author_url>",
        "<wp:comment_author_IP></wp:comment_author_IP>",
        f"<wp:comment_date>{_cdata(_wp_time(when))}</wp:comment_date>",
        f"<wp:comment_date_gmt>{_cdata(_wp_time(when))}</wp:comment_date_gmt>",
        f"<wp:comment_content>{_cdata(to_html(comment.content, names))}</wp:comment_content>",
        "<wp:comment_approved>1</wp:comment_approved>",
        "<wp:comment_type>comment</wp:comment_type>",
        f"<wp:comment_parent>{parent}</wp:comment_parent>",
        "<wp:comment_user_id>0</wp:comment_user_id>",
        "</wp:comment>",
    ])
