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
          "source": "discord",  (or "blog", with the comment's "url" on the blog, and a null author id)
          "attachments": [{"filename": "still.png", "url": "https://…", "size": 1024, "content_type": "image/png"}],
          "mentions": [{"kind": "user", "id": "…", "name": "Ben"}],
          "history": [{"content": "Liked it.", "written_at": "2026-11-20T18:05:00Z",
                       "replaced_at": "2026-11-20T18:09:00Z"}],
          "replies": [ …comments, same shape… ]
        }
      ]
    }

Ids are strings: Discord snowflakes exceed 2**53, the largest integer a JavaScript number holds
exactly. Times are ISO 8601 in UTC with a ``Z``. A deleted comment keeps its place (its replies
hang under it) with ``"deleted": true``, ``"content": null``, ``"attachments": []``, a null author,
no mentions and no history. ``content`` is exactly as posted (spoiler bars and ``<@id>`` mentions
included); ``mentions`` names what its ``<@id>``, ``<@&id>`` (kind ``role``) and ``<#id>``
(``channel``) stood for when it was mirrored; ``history`` lists an edited comment's earlier texts,
oldest first, each with when it was written and when the next text replaced it.

The HTML page inlines its CSS, loads nothing and runs nothing. It shows the review as the blog post
it is, then the discussion; every user-supplied string is escaped, and Markdown is rendered by
``bot.domain.discord_markdown`` (CommonMark plus Discord's spoilers, mentions, emoji and timestamps,
raw HTML off). "N thoughts" counts what members said: the bot's own answers are shown, marked, but
not counted, and neither are tombstones.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Callable, Iterator, Mapping, Sequence

from bot.domain.comment_tree import CommentNode, build_tree, heading
from bot.domain.discord_markdown import Names, html_datetime, human_time, safe_url, spelt_pieces, to_html
from bot.domain.locales import LANGUAGES
from bot.domain.models import Attachment, Comment, CommentVersion, Review
from bot.domain.ratings import stars
from bot.domain.review_render import clean_single_line, film_line
from bot.domain.safe_markdown import safe_block, safe_inline
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook

__all__ = ["export_html", "export_json", "export_markdown", "iso_utc", "render_safe_markdown"]

#: message id → that comment's earlier versions, oldest first (the store's ``history_for_review``)
History = Mapping[int, Sequence[CommentVersion]]


def iso_utc(moment: dt.datetime | None) -> str | None:
    """``2026-11-20T18:00:00Z``; naive datetimes are taken to be UTC already."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _id(value: int | None) -> str | None:
    return None if value is None else str(value)


def _nodes(tree: Sequence[CommentNode]) -> Iterator[CommentNode]:
    """Every node in display order, with an explicit stack (deep threads stay off the recursion limit)."""
    stack = list(reversed(tree))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.replies))


def _thoughts(tree: Sequence[CommentNode]) -> int:
    """What members said: not the bot's own answers, not tombstones."""
    return sum(not (node.comment.deleted or node.comment.is_bot) for node in _nodes(tree))


def _names(comments: Sequence[Comment]) -> Names:
    """Names for mentions: those stored with the comments, else the thread's own authors."""
    live = [comment for comment in comments if not comment.deleted]
    return Names.collect(
        (mention for comment in live for mention in comment.mentions),
        ((comment.author_id, comment.author_name) for comment in live),
    )


def _versions(comment: Comment, history: History | None) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(text, written at, replaced at) for each earlier version; replaced when the next one was written."""
    if comment.deleted or not history:
        return []
    earlier = history.get(comment.message_id) or ()
    if not earlier:
        return []
    written = [version.edited_at or comment.created_at for version in earlier]
    replaced = [*written[1:], comment.edited_at]
    return [
        (version.content or "", when, replaced_at or version.replaced_at)
        for version, when, replaced_at in zip(earlier, written, replaced, strict=True)
    ]


# --- JSON ---------------------------------------------------------------------------------------


def export_json(review: Review, comments: Sequence[Comment], history: History | None = None) -> str:
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
        "comments": [_comment_json(node, history) for node in build_tree(comments)],
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


def _comment_json(node: CommentNode, history: History | None) -> dict[str, object]:
    comment = node.comment
    deleted = comment.deleted
    from_blog = comment.source == "blog"
    shown: dict[str, object] = {
        "id": _id(comment.message_id),
        "source": comment.source,
        "author": {
            "id": None if deleted or from_blog else _id(comment.author_id),
            "name": None if deleted else comment.author_name,
        },
        "content": None if deleted else comment.content,
        "created_at": iso_utc(comment.created_at),
        "edited_at": iso_utc(comment.edited_at),
        "deleted": deleted,
        "is_bot": comment.is_bot,
        "attachments": [] if deleted else [_attachment_json(item) for item in comment.attachments],
        "mentions": [] if deleted else [
            {"kind": mention.kind, "id": _id(mention.id), "name": mention.name} for mention in comment.mentions
        ],
        "history": [
            {"content": text, "written_at": iso_utc(written), "replaced_at": iso_utc(replaced)}
            for text, written, replaced in _versions(comment, history)
        ],
        "replies": [_comment_json(reply, history) for reply in node.replies],
    }
    if from_blog:
        shown["url"] = comment.url  # the comment on the blog post
    return shown


def _attachment_json(attachment: Attachment) -> dict[str, object]:
    return {
        "filename": attachment.filename,
        "url": attachment.url,
        "size": attachment.size,
        "content_type": attachment.content_type,
    }


# --- Markdown -----------------------------------------------------------------------------------


def _human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _book(locale: str | None) -> Phrasebook:
    """The language an export is written in (its headings and labels; what people wrote is theirs)."""
    return phrasebook(LANGUAGES.get(locale or "", ENGLISH))


def _mark(key: str) -> str:
    """A stand-in for markup in a sentence being translated: :func:`_html_text` swaps it for the markup."""
    return f"\x00{key}\x00"


def _html_text(text: str, /, **markup: str) -> str:
    """A translated sentence for HTML: its words escaped, the ready-made *markup* (links, times) put in
    where :func:`_mark` held its place, so a translator's words can never become markup."""
    text = html.escape(text, quote=False)
    for key, value in markup.items():
        text = text.replace(_mark(key), value)
    return text


def export_markdown(
    review: Review, comments: Sequence[Comment], history: History | None = None, *, locale: str | None = None,
) -> str:
    """A blog post and its comment section in Markdown: one ``###`` header per comment, replies as
    nested block quotes.

    The export is meant to be published, often by renderers that pass raw HTML through, so
    everything people wrote goes through :mod:`bot.domain.safe_markdown`: formatting (spoiler bars
    included) is kept, HTML, links and headings are not, and a comment's header cannot be forged
    because no comment can make a heading. Mentions, custom emoji and timestamps are spelt out,
    since no renderer outside Discord knows them.
    """
    _ = _book(locale)
    tree = build_tree(comments)
    names = _names(comments)
    lines = [
        f"# {safe_inline(clean_single_line(review.title, 256))}",
        "",
        safe_inline(_review_summary(review, _)),
        "",
    ]
    if review.body.strip():
        lines += [*safe_block(review.body.strip(), _speller(names), heading_shift=1), ""]
    lines.append(f"## {safe_inline(heading(_thoughts(tree), review.title, _))}")
    stack: list[tuple[CommentNode, int]] = [(node, 0) for node in reversed(tree)]
    while stack:
        node, depth = stack.pop()
        quote = "> " * depth
        if lines[-1] != quote.rstrip():
            lines.append(quote.rstrip())
        lines.extend((quote + line).rstrip() for line in _comment_markdown(node, names, _))
        # A blank line at the comment's own depth ends any quote or list it opened inside its text.
        lines.append(quote.rstrip())
        stack.extend((reply, depth + 1) for reply in reversed(node.replies))
    return "\n".join(lines).rstrip() + "\n"


def _speller(names: Names) -> Callable[[str], list[tuple[bool, str]]]:
    return lambda line: spelt_pieces(line, names, safe_inline)


def _review_summary(review: Review, _: Phrasebook) -> str:
    """The film, byline, rating and date as one plain line (each export escapes it its own way)."""
    parts = [film_line(review.film_title, review.film_year)]
    if review.byline.strip():
        parts.append(_("review by {name}", name=clean_single_line(review.byline, 100)))
    if review.rating is not None:
        parts.append(stars(review.rating))
    parts.append(_("posted {when}", when=human_time(review.created_at, _)))
    return " · ".join(parts)


def _comment_markdown(node: CommentNode, names: Names, _: Phrasebook) -> list[str]:
    comment = node.comment
    if comment.deleted:
        deleted = _("[deleted]")
        return [f"### {node.number}. *{deleted}*"]
    author = safe_inline(clean_single_line(comment.author_name, 80) or _("someone"))
    if comment.is_bot:
        author = _("{name} (bot)", name=author)
    if comment.source == "blog":
        author = _("{name} (on the blog)", name=author)
    meta = human_time(comment.created_at, _)
    if comment.edited_at:
        meta += " · " + _("edited {when}", when=human_time(comment.edited_at, _))
    lines = [f"### {node.number}. {author} · {meta}", ""]
    lines.extend(safe_block(comment.content.strip(), _speller(names)) or [_("*(no text)*")])
    if comment.attachments:
        lines.append("")
    for attachment in comment.attachments:
        name = safe_inline(clean_single_line(attachment.filename, 200) or _("attachment"))
        size = _human_size(attachment.size)
        link = f"[{name}](<{attachment.url}>)" if safe_url(attachment.url) else name
        lines.append(f"- 📎 {link} ({size})")
    return lines


# --- HTML ---------------------------------------------------------------------------------------

_CSS = """
:root { --muted: #6b6b76; --rule: #d9d9e0; --accent: #7b5ea7; }
body { font: 17px/1.6 Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto;
  padding: 0 1rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin-bottom: .25rem; }
.review-meta, .comment-meta { color: var(--muted); font: .85rem/1.4 system-ui, sans-serif; }
.review-body { overflow-wrap: anywhere; }
h2 { font-size: 1.35rem; border-top: 2px solid var(--rule); padding-top: 1rem; margin-top: 2rem; }
ol.comment-list, ol.children { list-style: none; margin: 0; padding: 0; }
ol.children { margin-left: 1.5rem; padding-left: 1rem; border-left: 2px solid var(--rule); }
li.comment { margin: 1.25rem 0 0; }
.comment-author { font: 600 .95rem/1.4 system-ui, sans-serif; color: var(--accent); }
.bot-badge { font: 600 .7rem/1 system-ui, sans-serif; text-transform: uppercase; color: #fff;
  background: var(--accent); border-radius: 3px; padding: .1rem .3rem; margin-left: .3rem; }
.comment-number { color: var(--muted); margin-right: .4rem; font: .8rem system-ui, sans-serif; }
.comment-body p { margin: .4rem 0; overflow-wrap: anywhere; }
.comment-body.tombstone { color: var(--muted); font-style: italic; }
blockquote { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid var(--rule); }
code { font: .9em ui-monospace, Menlo, Consolas, monospace; background: rgba(127,127,127,.15);
  padding: 0 .2em; border-radius: 3px; }
pre { overflow-x: auto; }
.mention { color: var(--accent); background: rgba(123,94,167,.12); border-radius: 3px; padding: 0 .15em; }
.spoiler { position: relative; cursor: pointer; }
.spoiler input { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.spoiler-text { border-radius: 3px; }
.spoiler input:not(:checked) + .spoiler-text { background: var(--muted); color: transparent; }
.spoiler input:not(:checked) + .spoiler-text * { color: transparent; background: transparent; }
.spoiler input:checked + .spoiler-text { background: rgba(127,127,127,.15); }
.spoiler input:focus-visible + .spoiler-text { outline: 2px solid var(--accent); }
details.spoiler-block > summary { cursor: pointer; color: var(--muted); font: .85rem system-ui, sans-serif; }
details.history { font: .85rem/1.4 system-ui, sans-serif; color: var(--muted); margin: .3rem 0 0; }
details.history ol { margin: .3rem 0; padding-left: 1.2rem; }
ul.attachments { margin: .3rem 0 0; padding-left: 1.2rem; font: .85rem system-ui, sans-serif; }
a { color: var(--accent); }
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'"


def export_html(
    review: Review, comments: Sequence[Comment], history: History | None = None, *, locale: str | None = None,
) -> str:
    """One self-contained HTML5 page: the review as a blog post, then its comment section."""
    _ = _book(locale)
    tree = build_tree(comments)
    names = _names(comments)
    title = html.escape(clean_single_line(review.title, 256) or _("Review"))
    section_heading = html.escape(heading(_thoughts(tree), review.title, _))
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_.lang.discord if locale in LANGUAGES else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        # In a meta tag, not CSS: the W3C checker's CSS level does not know the color-scheme property.
        '<meta name="color-scheme" content="light dark">',
        f"<title>{section_heading}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        '<article class="review">',
        f"<h1>{title}</h1>",
        f'<p class="review-meta">{html.escape(_review_summary(review, _))}</p>',
    ]
    if review.body.strip():
        out.append(f'<div class="review-body">{to_html(review.body, names, heading_shift=1)}</div>')
    out += [
        "</article>",
        '<section class="comments" id="comments">',
        f"<h2>{section_heading}</h2>",
    ]
    if tree:
        out.append('<ol class="comment-list">')
        _comments_html(tree, out, names, history, _)
        out.append("</ol>")
    else:
        first = html.escape(_("Be the first to share a thought in the discussion thread."))
        out.append(f'<p class="review-meta">{first}</p>')
    out += ["</section>", "</main>", "</body>", "</html>", ""]
    return "\n".join(out)


#: Replies are drawn nested this many levels deep at most (the page stays readable on a phone);
#: deeper ones are drawn at that level, each saying which comment it replies to.
HTML_NESTING = 6


def _comments_html(
    tree: Sequence[CommentNode], out: list[str], names: Names, history: History | None, _: Phrasebook,
) -> None:
    # An explicit stack keeps deep threads from touching Python's recursion limit. Each entry is a
    # closing tag, or (node, level it is drawn at, the parent it replies to when drawn flattened).
    stack: list[tuple[CommentNode, int, CommentNode | None] | str] = [(node, 0, None) for node in reversed(tree)]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, level, flattened_under = item
        out.append(_comment_html(node, names, history, _, reply_to=flattened_under))
        if not node.replies:
            out.append("</li>")
        elif level < HTML_NESTING - 1:
            out.append('<ol class="children">')
            stack.append("</ol>\n</li>")
            stack.extend((reply, level + 1, None) for reply in reversed(node.replies))
        else:  # too deep to indent further: its replies follow it at the same level
            out.append("</li>")
            stack.extend((reply, level, node) for reply in reversed(node.replies))


def _time_html(moment: dt.datetime, _: Phrasebook) -> str:
    return f'<time datetime="{html_datetime(moment)}">{html.escape(human_time(moment, _))}</time>'


def _reply_to_html(parent: CommentNode | None, _: Phrasebook) -> str:
    """`` · in reply to 3.1 Ann``, linking to the parent, for a reply drawn below its nesting level."""
    if parent is None:
        return ""
    deleted, someone = _("[deleted]"), _("someone")
    who = deleted if parent.comment.deleted else clean_single_line(parent.comment.author_name, 80) or someone
    link = f'<a href="#comment-{parent.comment.message_id}">{html.escape(parent.number)} {html.escape(who)}</a>'
    said = _html_text(_("in reply to {comment}", comment=_mark("comment")), comment=link)
    return f' · <span class="in-reply-to">{said}</span>'


def _comment_html(
    node: CommentNode, names: Names, history: History | None, _: Phrasebook, *, reply_to: CommentNode | None = None
) -> str:
    comment = node.comment
    anchor = f"comment-{comment.message_id}"
    number = f'<a class="comment-number" href="#{anchor}">{html.escape(node.number)}</a>'
    created = _time_html(comment.created_at, _) + _reply_to_html(reply_to, _)
    if comment.deleted:
        # The tombstone's own body is greyed, not its replies (they hang inside this <li>).
        deleted = html.escape(_("[deleted]"))
        return (
            f'<li class="comment deleted" id="{anchor}"><article>'
            f'<header class="comment-meta">{number}{created}</header>'
            f'<div class="comment-body tombstone"><p>{deleted}</p></div></article>'
        )
    author = html.escape(clean_single_line(comment.author_name, 80) or _("someone"))
    if comment.is_bot:
        badge, why = html.escape(_("bot")), html.escape(_("an answer from the bot"))
        author += f' <span class="bot-badge" title="{why}">{badge}</span>'
    if comment.source == "blog":
        badge, why = html.escape(_("blog")), html.escape(_("a comment on the blog post"))
        author += f' <span class="bot-badge" title="{why}">{badge}</span>'
    edited = ""
    if comment.edited_at:
        edited = " · " + _html_text(_("edited {when}", when=_mark("when")), when=_time_html(comment.edited_at, _))
    parts = [
        f'<li class="comment{" by-bot" if comment.is_bot else ""}" id="{anchor}"><article>',
        f'<header class="comment-meta">{number}<span class="comment-author">{author}</span> · '
        f"{created}{edited}</header>",
        f'<div class="comment-body">{to_html(comment.content, names, heading_shift=2)}</div>',
    ]
    versions = _versions(comment, history)
    if versions:
        items = "".join(
            '<li><p class="comment-meta">'
            + _html_text(_("written {written}, replaced {replaced}", written=_mark("written"),
                           replaced=_mark("replaced")),
                         written=_time_html(written, _), replaced=_time_html(replaced, _))
            + f'</p><div class="comment-body">{to_html(text, names, heading_shift=2)}</div></li>'
            for text, written, replaced in versions
        )
        count = html.escape(_.plural("{n} earlier version", "{n} earlier versions", len(versions)))
        parts.append(f'<details class="history"><summary>{count}</summary><ol>{items}</ol></details>')
    if comment.attachments:
        items = "".join(f"<li>{_attachment_html(item)}</li>" for item in comment.attachments)
        parts.append(f'<ul class="attachments">{items}</ul>')
    parts.append("</article>")
    return "".join(parts)


def _attachment_html(attachment: Attachment) -> str:
    name = html.escape(clean_single_line(attachment.filename, 200) or "attachment")
    size = html.escape(_human_size(attachment.size))
    if safe_url(attachment.url):
        return f'📎 <a href="{html.escape(attachment.url or "")}" rel="nofollow noopener">{name}</a> ({size})'
    return f"📎 {name} ({size})"


def render_safe_markdown(text: str, names: Names | None = None) -> str:
    """Comment Markdown as HTML, with every character of ``text`` escaped or rendered safely."""
    return to_html(text, names)
