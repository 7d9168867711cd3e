"""A blog post's HTML as Discord Markdown, with markdownify (a maintained converter) doing the work.

What Discord cannot show becomes a link: an image is its alt text linked to the image, an embedded
player (iframe, video, audio, embed, object) a link to what it plays. Scripts, styles and forms are
dropped with their content. The result is plain Markdown text; the publishing path makes it safe to
post and splits it as it splits any review.
"""

from __future__ import annotations

import re
from typing import Any

from markdownify import MarkdownConverter

__all__ = ["html_to_markdown"]

MAX_HTML = 2_000_000  # characters of HTML converted; a blog post is far smaller
_BLANK_LINES = re.compile(r"\n{3,}")


def _safe_href(url: object) -> str | None:
    text = str(url or "").strip()
    return text if text.lower().startswith(("http://", "https://")) else None


class _DiscordMarkdown(MarkdownConverter):
    def convert_img(self, el: Any, text: str, parent_tags: Any = None, **_: Any) -> str:
        src = _safe_href(el.get("src"))
        alt = " ".join((el.get("alt") or "").split()) or "image"
        return f"[{alt}]({src})" if src else ""

    def _media(self, el: Any, label: str) -> str:
        src = _safe_href(el.get("src") or el.get("data") or (el.find("source") or {}).get("src"))
        return f"\n\n[{label}]({src})\n\n" if src else ""

    def convert_iframe(self, el: Any, text: str, parent_tags: Any = None, **_: Any) -> str:
        return self._media(el, "embedded content")

    def convert_video(self, el: Any, text: str, parent_tags: Any = None, **_: Any) -> str:
        return self._media(el, "video")

    def convert_audio(self, el: Any, text: str, parent_tags: Any = None, **_: Any) -> str:
        return self._media(el, "audio")

    def convert_embed(self, el: Any, text: str, parent_tags: Any = None, **_: Any) -> str:
        return self._media(el, "embedded content")

    convert_object = convert_embed

    def _dropped(self, el: Any, text: str, parent_tags: Any = None, **_: Any) -> str:
        return ""  # with its content: a script's text is not part of the post

    convert_script = convert_style = convert_noscript = convert_form = convert_template = _dropped

    def convert_a(self, el: Any, text: str, parent_tags: Any = None, **_: Any) -> str:
        href = _safe_href(el.get("href"))
        label = text.strip()
        if not href:
            return label
        return f"[{label}]({href})" if label and label != href else f"<{href}>"


def html_to_markdown(html: str) -> str:
    """*html* (a post or a comment) as Markdown, trimmed, with at most one blank line in a row."""
    converted = _DiscordMarkdown(heading_style="ATX", bullets="-", escape_underscores=False).convert(html[:MAX_HTML])
    return _BLANK_LINES.sub("\n\n", converted).strip()
