"""A review's discussion exported as JSON, Markdown or one self-contained HTML page.

JSON shape (``export_json``)::

    {
      "review": {
        "id": "1", "title": "Film Review: Never Let Me Go",
        "film": {"title": "Never Let Me Go", "year": 2010},
        "author": {"id": "1234…", "name": "Reviewbot sample"},
        "posted_at": "2026-11-20T18:00:00Z", "channel_id": "…", "thread_id": "…"
      },
      "comments": [
        {
          "id": "…", "author": {"id": "…", "name": "Ann"}, "content": "Loved it.",
          "created_at": "2026-11-20T18:05:00Z", "edited_at": null, "deleted": false, "is_bot": false,
          "attachments": [{"filename": "still.png", "url": "https://…", "size": 1024, "content_type": "image/png"}],
          "replies": [ …comments, same shape… ]
        }
      ]
    }

Ids are strings: Discord snowflakes exceed 2**53, the largest integer a JavaScript number holds
exactly. Times are ISO 8601 in UTC with a ``Z``. A deleted comment keeps its place (its replies
hang under it) with ``"deleted": true``, ``"content": null``, ``"attachments": []`` and a null author.

The HTML page inlines its CSS, loads nothing and runs nothing; every user-supplied string is
escaped, and comment Markdown is rendered only in a safe subset (paragraphs, line breaks, bold,
italic, inline code, http/https links with ``rel="nofollow noopener"``).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from bot.domain.comment_tree import DELETED, CommentNode, build_tree, count_comments, heading
from bot.domain.models import Attachment, Comment, Review
from bot.domain.ratings import stars
from bot.domain.review_render import clean_single_line, escape_markdown, film_line

__all__ = ["export_html", "export_json", "export_markdown", "iso_utc", "render_safe_markdown"]


def iso_utc(moment: dt.datetime | None) -> str | None:
    """``2026-11-20T18:00:00Z``; naive datetimes are taken to be UTC already."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _id(value: int | None) -> str | None:
    return None if value is None else str(value)


# --- JSON ---------------------------------------------------------------------------------------


def export_json(review: Review, comments: Sequence[Comment]) -> str:
    """The review and its comment tree as JSON (shape in the module docstring)."""
    document = {
        "review": {
            "id": _id(review.id),
            "title": review.title,
            "film": {"title": review.film_title, "year": review.film_year},
            "author": {"id": _id(review.author_id), "name": review.byline},
            "posted_at": iso_utc(review.created_at),
            "channel_id": _id(review.channel_id),
            "thread_id": _id(review.thread_id),
        },
        "comments": [_comment_json(node) for node in build_tree(comments)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _comment_json(node: CommentNode) -> dict[str, object]:
    comment = node.comment
    deleted = comment.deleted
    return {
        "id": _id(comment.message_id),
        "author": {
            "id": None if deleted else _id(comment.author_id),
            "name": None if deleted else comment.author_name,
        },
        "content": None if deleted else comment.content,
        "created_at": iso_utc(comment.created_at),
        "edited_at": iso_utc(comment.edited_at),
        "deleted": deleted,
        "is_bot": comment.is_bot,
        "attachments": [] if deleted else [_attachment_json(item) for item in comment.attachments],
        "replies": [_comment_json(reply) for reply in node.replies],
    }


def _attachment_json(attachment: Attachment) -> dict[str, object]:
    return {
        "filename": attachment.filename,
        "url": attachment.url,
        "size": attachment.size,
        "content_type": attachment.content_type,
    }


# --- Markdown -----------------------------------------------------------------------------------


def _human_time(moment: dt.datetime) -> str:
    utc = moment.astimezone(dt.UTC) if moment.tzinfo else moment
    return f"{utc.day} {utc:%B %Y} at {utc:%H:%M} UTC"


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def export_markdown(review: Review, comments: Sequence[Comment]) -> str:
    """A blog-style comment section in Markdown: replies as nested block quotes."""
    tree = build_tree(comments)
    lines = [
        f"# {escape_markdown(clean_single_line(review.title, 256))}",
        "",
        _review_summary(review, markdown=True),
        "",
        f"## {escape_markdown(heading(count_comments(tree), review.title))}",
    ]
    stack: list[tuple[CommentNode, int]] = [(node, 0) for node in reversed(tree)]
    while stack:
        node, depth = stack.pop()
        quote = "> " * depth
        lines.append(quote.rstrip())
        lines.extend((quote + line).rstrip() for line in _comment_markdown(node))
        stack.extend((reply, depth + 1) for reply in reversed(node.replies))
    return "\n".join(lines).rstrip() + "\n"


def _review_summary(review: Review, *, markdown: bool) -> str:
    parts = [film_line(review.film_title, review.film_year)]
    if review.byline.strip():
        parts.append(f"review by {clean_single_line(review.byline, 100)}")
    if review.rating is not None:
        parts.append(stars(review.rating))
    parts.append(f"posted {_human_time(review.created_at)}")
    text = " · ".join(parts)
    return escape_markdown(text) if markdown else text


def _comment_markdown(node: CommentNode) -> list[str]:
    comment = node.comment
    if comment.deleted:
        return [f"**{node.number}.** *{DELETED}*"]
    author = escape_markdown(clean_single_line(comment.author_name, 80) or "someone")
    if comment.is_bot:
        author += " (bot)"
    meta = _human_time(comment.created_at) + (" (edited)" if comment.edited_at else "")
    lines = [f"**{node.number}. {author}** · {meta}", ""]
    lines.extend(comment.content.strip().splitlines() or ["*(no text)*"])
    if comment.attachments:
        lines.append("")
    for attachment in comment.attachments:
        name = escape_markdown(clean_single_line(attachment.filename, 200) or "attachment")
        size = _human_size(attachment.size)
        link = f"[{name}](<{attachment.url}>)" if _safe_url(attachment.url) else name
        lines.append(f"- 📎 {link} ({size})")
    return lines


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light dark; --muted: #6b6b76; --rule: #d9d9e0; --accent: #7b5ea7; }
body { font: 17px/1.6 Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto;
  padding: 0 1rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin-bottom: .25rem; }
.review-meta, .comment-meta { color: var(--muted); font: .85rem/1.4 system-ui, sans-serif; }
h2 { font-size: 1.35rem; border-top: 2px solid var(--rule); padding-top: 1rem; margin-top: 2rem; }
ol.comment-list, ol.children { list-style: none; margin: 0; padding: 0; }
ol.children { margin-left: 1.5rem; padding-left: 1rem; border-left: 2px solid var(--rule); }
li.comment { margin: 1.25rem 0 0; }
.comment-author { font: 600 .95rem/1.4 system-ui, sans-serif; color: var(--accent); }
.comment-number { color: var(--muted); margin-right: .4rem; font: .8rem system-ui, sans-serif; }
.comment-body p { margin: .4rem 0; overflow-wrap: anywhere; }
.comment.deleted .comment-body { color: var(--muted); font-style: italic; }
code { font: .9em ui-monospace, Menlo, Consolas, monospace; background: rgba(127,127,127,.15);
  padding: 0 .2em; border-radius: 3px; }
ul.attachments { margin: .3rem 0 0; padding-left: 1.2rem; font: .85rem system-ui, sans-serif; }
a { color: var(--accent); }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def export_html(review: Review, comments: Sequence[Comment]) -> str:
    """One self-contained HTML5 page that reads like a blog's comment section."""
    tree = build_tree(comments)
    title = html.escape(clean_single_line(review.title, 256) or "Review")
    section_heading = html.escape(heading(count_comments(tree), review.title))
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{section_heading}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        '<article class="review">',
        f"<h1>{title}</h1>",
        f'<p class="review-meta">{html.escape(_review_summary(review, markdown=False))}</p>',
        "</article>",
        '<section class="comments" id="comments">',
        f"<h2>{section_heading}</h2>",
    ]
    if tree:
        out.append('<ol class="comment-list">')
        _comments_html(tree, out)
        out.append("</ol>")
    else:
        out.append('<p class="review-meta">Be the first to share a thought in the discussion thread.</p>')
    out += ["</section>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


def _comments_html(tree: Sequence[CommentNode], out: list[str]) -> None:
    # An explicit stack of (node, closing) keeps deep threads from touching Python's recursion limit.
    stack: list[CommentNode | str] = list(reversed(tree))
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        out.append(_comment_html(item))
        if item.replies:
            out.append('<ol class="children">')
            stack.append("</ol>\n</li>")
            stack.extend(reversed(item.replies))
        else:
            out.append("</li>")


def _comment_html(node: CommentNode) -> str:
    comment = node.comment
    anchor = f"comment-{comment.message_id}"
    number = f'<a class="comment-number" href="#{anchor}">{html.escape(node.number)}</a>'
    created = (
        f'<time datetime="{iso_utc(comment.created_at)}">{html.escape(_human_time(comment.created_at))}</time>'
    )
    if comment.deleted:
        return (
            f'<li class="comment deleted" id="{anchor}"><article>'
            f'<header class="comment-meta">{number}{created}</header>'
            f'<div class="comment-body"><p>{DELETED}</p></div></article>'
        )
    author = html.escape(clean_single_line(comment.author_name, 80) or "someone")
    if comment.is_bot:
        author += " (bot)"
    edited = " · edited" if comment.edited_at else ""
    parts = [
        f'<li class="comment" id="{anchor}"><article>',
        f'<header class="comment-meta">{number}<span class="comment-author">{author}</span> · '
        f"{created}{edited}</header>",
        f'<div class="comment-body">{render_safe_markdown(comment.content)}</div>',
    ]
    if comment.attachments:
        items = "".join(f"<li>{_attachment_html(item)}</li>" for item in comment.attachments)
        parts.append(f'<ul class="attachments">{items}</ul>')
    parts.append("</article>")
    return "".join(parts)


def _attachment_html(attachment: Attachment) -> str:
    name = html.escape(clean_single_line(attachment.filename, 200) or "attachment")
    size = html.escape(_human_size(attachment.size))
    if _safe_url(attachment.url):
        return f'📎 <a href="{html.escape(attachment.url or "")}" rel="nofollow noopener">{name}</a> ({size})'
    return f"📎 {name} ({size})"


# --- the safe Markdown subset -------------------------------------------------------------------

_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_LINK = re.compile(r"\[([^\]\n]{1,500})\]\(\s*<?([^\s()<>]{1,2000})>?\s*\)")
_BARE_URL = re.compile(r"(?<![\w/])https?://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC_STAR = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_ITALIC_UNDERSCORE = re.compile(r"(?<![_\w])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![_\w])")
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")


def _safe_url(url: str | None) -> bool:
    """Only absolute http(s) URLs with a host and no whitespace or control characters."""
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch in "<>\"'`" for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _link_html(url: str, text_html: str) -> str:
    return f'<a href="{html.escape(url, quote=True)}" rel="nofollow noopener">{text_html}</a>'


def _emphasis(escaped: str) -> str:
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    escaped = _ITALIC_STAR.sub(r"<em>\1</em>", escaped)
    return _ITALIC_UNDERSCORE.sub(r"<em>\1</em>", escaped)


def _inline(text: str) -> str:
    """Escape a paragraph and render code, links, bold and italic in it; nothing else survives."""
    saved: list[str] = []

    def keep(fragment_html: str) -> str:
        saved.append(fragment_html)
        return f"\x00{len(saved) - 1}\x00"

    def code(match: re.Match[str]) -> str:
        return keep(f"<code>{html.escape(match.group(2).strip() or match.group(2))}</code>")

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        if not _safe_url(url):
            return match.group(0)  # shown as the literal text it is, escaped below
        return keep(_link_html(url, _emphasis(html.escape(label))))

    def bare(match: re.Match[str]) -> str:
        url = match.group(0)
        return keep(_link_html(url, html.escape(url))) if _safe_url(url) else url

    text = _CODE.sub(code, text)
    text = _LINK.sub(link, text)
    text = _BARE_URL.sub(bare, text)
    rendered = _emphasis(html.escape(text)).replace("\n", "<br>\n")

    def restore(fragment: str) -> str:  # a link's label may itself hold a code span
        return _PLACEHOLDER.sub(lambda match: restore(saved[int(match.group(1))]), fragment)

    return restore(rendered)


def render_safe_markdown(text: str) -> str:
    """Comment Markdown as HTML paragraphs, with every character of ``text`` escaped or rendered safely."""
    text = text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return "<p><em>(no text)</em></p>"
    paragraphs = [part.strip("\n") for part in re.split(r"\n[ \t]*\n", text) if part.strip()]
    return "\n".join(f"<p>{_inline(paragraph)}</p>" for paragraph in paragraphs)
