"""``LoopbackBlog``: a WordPress-like blog on 127.0.0.1, for tests and ``reviewbot sandbox --blog``.

It serves what a WordPress site serves to a feed reader and what the blog bridge asks of it:

- ``GET /feed/`` — RSS 2.0 as WordPress writes it (``content:encoded``, ``dc:creator``, categories,
  a ``?p=ID`` guid, ``<post-id>``, WordPress's generator), with ``ETag`` and ``Last-Modified`` and 304
  answers to conditional requests; ``GET /feed/atom/`` the same posts as Atom;
- ``GET /wp-json/wp/v2/comments?post=ID&per_page=N&page=P`` — approved comments, oldest first, in the
  REST API's shape (``parent``, ``author_name``, ``date_gmt``, ``content.rendered``, ``link``), with
  ``X-WP-Total`` and ``X-WP-TotalPages``; ``per_page`` above 100 and pages past the end are the API's 400s.

Switches make it misbehave as real blogs do: a status to answer with, a delay, malformed XML, an HTML
page instead of the feed, or no conditional-request support. Every request is recorded.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import hashlib
import html
from dataclasses import dataclass, field

from aiohttp import web

from bot.sandbox.stand_in import HttpStandIn

WORDPRESS_GENERATOR = "https://wordpress.org/?v=6.7.1"


@dataclass
class BlogComment:
    id: int
    post: int
    author_name: str
    content_html: str
    date_gmt: dt.datetime
    parent: int = 0
    status: str = "approved"


@dataclass
class BlogPost:
    id: int
    title: str
    content_html: str
    author: str = "Rita Reviewer"
    categories: tuple[str, ...] = ()
    published: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    modified: dt.datetime | None = None
    slug: str | None = None


@dataclass(frozen=True)
class BlogRequest:
    path: str
    query: dict[str, str]
    status: int
    conditional: bool


class LoopbackBlog(HttpStandIn):
    def __init__(self, *, title: str = "Reels and Reviews", host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host=host, port=port)
        self.title = title
        self.posts: dict[int, BlogPost] = {}
        self.comments: dict[int, BlogComment] = {}
        self.requests: list[BlogRequest] = []
        self.status: int | None = None  # answer every feed request with this status
        self.delay = 0.0
        self.malformed = False
        self.html_instead = False
        self.conditional = True  # honour If-None-Match / If-Modified-Since
        self._next_id = 100

    # -- content ----------------------------------------------------------------------------------------

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def feed_url(self) -> str:
        return f"{self.base}/feed/"

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    def add_post(self, title: str, content_html: str, **kw: object) -> BlogPost:
        post = BlogPost(self._id(), title, content_html, **kw)  # type: ignore[arg-type]
        self.posts[post.id] = post
        return post

    def edit_post(self, post: BlogPost, **changes: object) -> BlogPost:
        for name, value in changes.items():
            setattr(post, name, value)
        post.modified = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=1)
        return post

    def add_comment(self, post: BlogPost, author: str, content_html: str, *, parent: BlogComment | None = None,
                    when: dt.datetime | None = None) -> BlogComment:
        comment = BlogComment(self._id(), post.id, author, content_html,
                              when or dt.datetime.now(dt.UTC).replace(microsecond=0),
                              parent.id if parent is not None else 0)
        self.comments[comment.id] = comment
        return comment

    def permalink(self, post: BlogPost) -> str:
        slug = post.slug or "-".join(post.title.lower().split())[:60]
        return f"{self.base}/{post.published:%Y/%m}/{slug}/"

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.path == path)

    # -- lifecycle --------------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/feed/", self._rss)
        app.router.add_get("/feed/atom/", self._atom)
        app.router.add_get("/wp-json/wp/v2/comments", self._comments)
        app.router.add_get("/", self._home)
        return app

    # -- feeds ------------------------------------------------------------------------------------------

    def _newest(self) -> list[BlogPost]:
        return sorted(self.posts.values(), key=lambda p: (p.published, p.id), reverse=True)[:10]

    def _last_modified(self) -> dt.datetime:
        moments = [p.modified or p.published for p in self.posts.values()]
        return max(moments) if moments else dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

    async def _feed(self, request: web.Request, body: str, content_type: str) -> web.Response:
        if self.delay:
            await asyncio.sleep(self.delay)
        conditional = "If-None-Match" in request.headers or "If-Modified-Since" in request.headers
        status = 200
        response: web.Response
        etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:20] + '"'
        modified = email.utils.format_datetime(self._last_modified(), usegmt=True)
        if self.status is not None:
            status = self.status
            response = web.Response(status=status, text=f"<h1>{status}</h1>", content_type="text/html")
        elif self.html_instead:
            response = web.Response(text="<!DOCTYPE html><html><body>A blog</body></html>", content_type="text/html")
        elif self.conditional and conditional and request.headers.get("If-None-Match") == etag:
            status = 304
            response = web.Response(status=304, headers={"ETag": etag, "Last-Modified": modified})
        else:
            text = body[: len(body) // 2] if self.malformed else body
            headers = {"Link": f'<{self.base}/wp-json/>; rel="https://api.w.org/"'}
            if self.conditional:
                headers.update({"ETag": etag, "Last-Modified": modified})
            response = web.Response(text=text, content_type=content_type, charset="utf-8", headers=headers)
        self.requests.append(BlogRequest(request.path, dict(request.query), status, conditional))
        return response

    async def _rss(self, request: web.Request) -> web.Response:
        items = []
        for post in self._newest():
            categories = "".join(f"<category><![CDATA[{c}]]></category>" for c in post.categories)
            items.append(
                f"<item><title>{html.escape(post.title)}</title><link>{self.permalink(post)}</link>"
                f"<dc:creator><![CDATA[{post.author}]]></dc:creator>"
                f"<pubDate>{email.utils.format_datetime(post.published, usegmt=True)}</pubDate>{categories}"
                f'<guid isPermaLink="false">{self.base}/?p={post.id}</guid>'
                f"<description><![CDATA[{post.content_html[:200]}]]></description>"
                f"<content:encoded><![CDATA[{post.content_html}]]></content:encoded>"
                f'<post-id xmlns="com-wordpress:feed-additions:1">{post.id}</post-id></item>')
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            f"<title>{html.escape(self.title)}</title>"
            f'<atom:link href="{self.feed_url}" rel="self" type="application/rss+xml" />'
            f"<link>{self.base}</link><description>Film reviews</description>"
            f"<lastBuildDate>{email.utils.format_datetime(self._last_modified(), usegmt=True)}</lastBuildDate>"
            f"<language>en-GB</language><generator>{WORDPRESS_GENERATOR}</generator>"
            f"{''.join(items)}</channel></rss>")
        return await self._feed(request, body, "application/rss+xml")

    async def _atom(self, request: web.Request) -> web.Response:
        entries = []
        for post in self._newest():
            updated = (post.modified or post.published).isoformat().replace("+00:00", "Z")
            categories = "".join(f'<category term="{html.escape(c)}" />' for c in post.categories)
            entries.append(
                f"<entry><author><name>{html.escape(post.author)}</name></author>"
                f'<title type="html">{html.escape(post.title)}</title>'
                f'<link rel="alternate" type="text/html" href="{self.permalink(post)}" />'
                f"<id>{self.base}/?p={post.id}</id><updated>{updated}</updated>"
                f"<published>{post.published.isoformat().replace('+00:00', 'Z')}</published>{categories}"
                f'<content type="html">{html.escape(post.content_html)}</content></entry>')
        body = ('<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f'<title type="text">{html.escape(self.title)}</title>'
                f"<updated>{self._last_modified().isoformat().replace('+00:00', 'Z')}</updated>"
                f'<link rel="alternate" type="text/html" href="{self.base}" /><id>{self.base}/feed/atom/</id>'
                f'<generator uri="https://wordpress.org/" version="6.7.1">WordPress</generator>'
                f"{''.join(entries)}</feed>")
        return await self._feed(request, body, "application/atom+xml")

    async def _home(self, request: web.Request) -> web.Response:
        return web.Response(text=f"<!DOCTYPE html><html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
                                 f"href=\"{self.feed_url}\"></head><body>{html.escape(self.title)}</body></html>",
                            content_type="text/html")

    # -- the REST API's comments ------------------------------------------------------------------------

    async def _comments(self, request: web.Request) -> web.Response:
        def invalid(code: str, message: str) -> web.Response:
            self.requests.append(BlogRequest(request.path, dict(request.query), 400, False))
            return web.json_response({"code": code, "message": message, "data": {"status": 400}}, status=400)

        try:
            per_page = int(request.query.get("per_page", "10"))
            page = int(request.query.get("page", "1"))
            post_id = int(request.query["post"]) if "post" in request.query else None
        except ValueError:
            return invalid("rest_invalid_param", "Invalid parameter(s): per_page, page or post")
        if not 1 <= per_page <= 100:
            return invalid("rest_invalid_param", "Invalid parameter(s): per_page")
        found = sorted((c for c in self.comments.values()
                        if c.status == "approved" and (post_id is None or c.post == post_id)),
                       key=lambda c: (c.date_gmt, c.id))
        pages = max(1, -(-len(found) // per_page))
        if page < 1 or (page > pages and found):
            return invalid("rest_comment_invalid_page_number",
                           "The page number requested is larger than the number of pages available.")
        chosen = found[(page - 1) * per_page: page * per_page]
        body = [{
            "id": c.id, "post": c.post, "parent": c.parent, "author": 0, "author_name": c.author_name,
            "author_url": "", "date": c.date_gmt.replace(tzinfo=None).isoformat(),
            "date_gmt": c.date_gmt.replace(tzinfo=None).isoformat(),
            "content": {"rendered": c.content_html}, "link": f"{self.base}/?p={c.post}#comment-{c.id}",
            "status": c.status, "type": "comment", "author_avatar_urls": {}, "meta": [],
        } for c in chosen]
        self.requests.append(BlogRequest(request.path, dict(request.query), 200, False))
        return web.json_response(body, headers={"X-WP-Total": str(len(found)), "X-WP-TotalPages": str(pages)})
