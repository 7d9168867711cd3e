"""A review thread's comments as a numbered reply tree, and its display as Discord-sized pages.

Replies nest under their parent; a reply whose parent is unknown, in another thread, or part of a
reply loop is shown at the top level instead of being lost. Deleted comments stay in place as
"[deleted]" tombstones so their replies keep their context.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from bot.domain.models import Comment
from bot.domain.paging import MESSAGE_CONTENT, page_footer_in, paginate
from bot.domain.review_render import clean_single_line, escape_markdown, truncate
from bot.domain.translations import ENGLISH, Phrasebook, phrasebook

__all__ = [
    "DELETED",
    "CommentNode",
    "build_tree",
    "count_comments",
    "heading",
    "render_pages",
    "walk",
]

DELETED = "[deleted]"
COMMENT_PREVIEW_CHARS = 300
PREVIEW_LINES = 4
AUTHOR_CHARS = 80
MIN_PAGE_CHARS = 500
INDENT = "\u3000"  # an ideographic space: Discord keeps it where it strips leading spaces
REPLY_MARK = "↳ "
MAX_VISUAL_DEPTH = 6
# Replies nested deeper than this hang under their ancestor at this depth (as blogs flatten deep
# threads), which also keeps every recursive walk over the tree shallow.
MAX_DEPTH = 30


@dataclass
class CommentNode:
    comment: Comment
    replies: list[CommentNode] = field(default_factory=list)
    number: str = ""

    @property
    def depth(self) -> int:
        """0 for a top-level comment, 1 for a reply to it, and so on."""
        return self.number.count(".")


def _order(comment: Comment) -> tuple[object, int]:
    return (comment.created_at, comment.message_id)


def build_tree(comments: Sequence[Comment]) -> list[CommentNode]:
    """Nest, order (by ``created_at`` then ``message_id``) and number ("1", "1.1", "1.2.1") the comments."""
    nodes: dict[int, CommentNode] = {}
    for comment in sorted(comments, key=_order):
        nodes.setdefault(comment.message_id, CommentNode(comment))
    parent_of: dict[int, int] = {}
    for message_id, node in nodes.items():
        parent_id = node.comment.parent_id
        parent = nodes.get(parent_id) if parent_id is not None else None
        if parent is not None and parent_id != message_id and parent.comment.thread_id == node.comment.thread_id:
            parent_of[message_id] = parent.comment.message_id
    _break_loops(parent_of, nodes)
    _flatten_deep_replies(parent_of, nodes)

    roots: list[CommentNode] = []
    for message_id, node in nodes.items():  # already in order, so replies are appended in order
        parent_id = parent_of.get(message_id)
        (nodes[parent_id].replies if parent_id is not None else roots).append(node)
    _number(roots, "")
    return roots


def _break_loops(parent_of: dict[int, int], nodes: dict[int, CommentNode]) -> None:
    """Where replies point at each other in a loop, lift the earliest of the loop to the top level."""
    reaches_top: set[int] = set()  # comments whose chain of parents is known to end
    for start in nodes:
        path: list[int] = []
        on_path: set[int] = set()
        current = start
        while current in parent_of and current not in reaches_top:
            if current in on_path:
                loop = path[path.index(current) :]
                del parent_of[min(loop, key=lambda message_id: _order(nodes[message_id].comment))]
                break
            path.append(current)
            on_path.add(current)
            current = parent_of[current]
        reaches_top.update(path)


def _flatten_deep_replies(parent_of: dict[int, int], nodes: dict[int, CommentNode]) -> None:
    """Re-hang replies deeper than MAX_DEPTH under their ancestor at depth ``MAX_DEPTH - 1``."""
    original = dict(parent_of)
    depth: dict[int, int] = {}
    anchor: dict[int, int] = {}  # for comments at depth MAX_DEPTH - 1 or deeper: that ancestor
    for message_id in nodes:
        chain = [message_id]
        while chain[-1] not in depth and chain[-1] in original:
            chain.append(original[chain[-1]])
        for current in reversed(chain):
            if current in depth:
                continue
            parent = original.get(current)
            depth[current] = depth[parent] + 1 if parent is not None else 0
            if depth[current] == MAX_DEPTH - 1:
                anchor[current] = current
            elif depth[current] >= MAX_DEPTH and parent is not None:
                anchor[current] = anchor[parent]
                if depth[current] > MAX_DEPTH:
                    parent_of[current] = anchor[parent]


def _number(nodes: list[CommentNode], prefix: str) -> None:
    for index, node in enumerate(nodes, start=1):
        node.number = f"{prefix}{index}"
        _number(node.replies, f"{node.number}.")


def walk(tree: Iterable[CommentNode]) -> Iterator[CommentNode]:
    """Every node, depth first, in display order."""
    for node in tree:
        yield node
        yield from walk(node.replies)


def count_comments(items: Iterable[Comment] | Iterable[CommentNode]) -> int:
    """How many comments are not deleted, from a flat list of comments or a tree."""
    total = 0
    for item in items:
        if isinstance(item, CommentNode):
            total += (not item.comment.deleted) + count_comments(item.replies)
        else:
            total += not item.deleted
    return total


def heading(count: int, review_title: str, book: Phrasebook | None = None) -> str:
    """``6 thoughts on “Film Review: Never Let Me Go”``, ``1 thought on …``, ``No thoughts yet on …``."""
    _ = book or phrasebook(ENGLISH)
    title = clean_single_line(review_title, 200)
    if not title:
        return _("No thoughts yet on this review") if count <= 0 else _.plural(
            "{count} thought on this review", "{count} thoughts on this review", count, count=_.number(count))
    if count <= 0:
        return _("No thoughts yet on “{title}”", title=title)
    return _.plural("{count} thought on “{title}”", "{count} thoughts on “{title}”", count,
                    count=_.number(count), title=title)


def render_pages(
    tree: Sequence[CommentNode], review_title: str, *, limit: int = MESSAGE_CONTENT, book: Phrasebook | None = None,
) -> list[str]:
    """The tree as Markdown pages for Discord, each at most ``limit`` characters as sent.

    Every page starts with the heading; the pages are laid out by :func:`bot.domain.paging.paginate`,
    so the "Page N of M" footer is counted too. A comment is split across pages only if it alone
    is longer than a page, which a preview of ``COMMENT_PREVIEW_CHARS`` never is at Discord's size.
    """
    if limit < MIN_PAGE_CHARS:
        raise ValueError(f"limit must be at least {MIN_PAGE_CHARS}")
    _ = book or phrasebook(ENGLISH)
    title_line = f"**{escape_markdown(heading(count_comments(tree), review_title, _))}**"
    blocks = (_render_comment(node, _) for node in walk(tree))
    return paginate(blocks, limit=limit, header=title_line + "\n\n", separator="\n\n", footer=page_footer_in(_),
                    empty=_("Nothing to show."))


def _render_comment(node: CommentNode, _: Phrasebook) -> str:
    comment = node.comment
    depth = min(node.depth, MAX_VISUAL_DEPTH)
    lead = INDENT * (depth - 1) + REPLY_MARK if depth else ""
    if comment.deleted:
        deleted = _("[deleted]")
        return f"{lead}**{node.number}** {deleted}"
    author = escape_markdown(clean_single_line(comment.author_name, AUTHOR_CHARS) or _("someone"))
    meta = [f"<t:{int(comment.created_at.timestamp())}:R>"]
    if comment.edited_at is not None:
        meta.append(_("edited"))
    if comment.attachments:
        meta.append(f"📎 {len(comment.attachments)}")
    if comment.is_bot:
        author = _("{name} (bot)", name=author)
    head = f"{lead}**{node.number}** *{author}* · {' · '.join(meta)}"
    quote_indent = INDENT * depth
    return head + "\n" + "\n".join(f"> {quote_indent}{line}" for line in _preview(comment.content, _))


def _preview(content: str, _: Phrasebook) -> list[str]:
    lines = [line.strip() for line in content.strip().splitlines() if line.strip()]
    if not lines:
        return [_("*(no text)*")]
    shown = lines[:PREVIEW_LINES]
    text = "\n".join(shown)
    shortened = truncate(text, COMMENT_PREVIEW_CHARS)
    if len(lines) > PREVIEW_LINES and not shortened.endswith("…"):
        shortened += " …"
    return shortened.split("\n")
