"""``LoopbackTmdb``: a stand-in for The Movie Database's v3 API on 127.0.0.1, for tests and the sandbox.

It answers the three requests Reviewbot makes, in TMDB's own shapes, and is strict where TMDB is:

- ``GET /3/search/movie?query=…&year=…&include_adult=false&page=…`` — 20 hits a page, by popularity;
- ``GET /3/movie/{id}?append_to_response=release_dates,watch/providers`` — details, every country's
  release dates and watch providers in one answer;
- ``GET /3/movie/changes?start_date=…&end_date=…&page=…`` — ids changed in a window of at most 14 days.

A request needs a v3 key (``api_key`` in the query) or a v4 read token (``Authorization: Bearer``);
anything else is TMDB's 401 (status_code 7). An unknown film is 404 (34). Tests can turn on TMDB's
rate limit (40 requests a second by default: 429 with ``Retry-After``, status_code 25), make it slow,
or make it fail with 5xx answers, and every request is recorded (without its secrets).
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.sandbox.stand_in import HttpStandIn

Json = dict[str, Any]
PAGE_SIZE = 20
MAX_CHANGES_WINDOW = dt.timedelta(days=14)


@dataclass(frozen=True)
class TmdbRequest:
    path: str
    query: dict[str, str]  # without api_key
    status: int
    authorised_by: str | None  # "api_key", "bearer" or None


@dataclass
class StoredMovie:
    """A film as the stand-in knows it; answers are built from this in TMDB's shapes."""

    id: int
    title: str
    release_date: str = ""  # the primary release, YYYY-MM-DD or ""
    original_title: str | None = None
    runtime: int | None = None
    imdb_id: str | None = None
    popularity: float = 1.0
    adult: bool = False
    #: country → [(type, "YYYY-MM-DD", certification, note)]
    releases: dict[str, list[tuple[int, str, str, str]]] = field(default_factory=dict)
    #: country → {"flatrate": ["Netflix"], "rent": [...], "buy": [...]}
    providers: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    changed_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


def _error(status: int, code: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response({"status_code": code, "status_message": message, "success": False}, status=status,
                             headers=headers)


class LoopbackTmdb(HttpStandIn):
    """TMDB's v3 API for the films a test gives it."""

    def __init__(self, *, api_key: str | None = None, read_token: str | None = None,
                 host: str = "127.0.0.1", port: int = 0) -> None:
        # Fresh credentials shaped like TMDB's: a v3 key is 32 hex digits, a v4 read token a JWT.
        self.api_key = api_key or secrets.token_hex(16)
        self.read_token = read_token or _jwt_like()
        super().__init__(host=host, port=port)
        self.movies: dict[int, StoredMovie] = {}
        self.requests: list[TmdbRequest] = []
        #: requests per second before 429s (None: no limit)
        self.rate_limit: float | None = None
        self._window: deque[float] = deque()
        self.rate_limited = 0
        #: seconds every answer waits before it is sent
        self.delay = 0.0
        #: how many of the next requests answer 503
        self.failures = 0

    # -- the films -------------------------------------------------------------------------------------

    def add_movie(self, movie: StoredMovie) -> StoredMovie:
        self.movies[movie.id] = movie
        return movie

    def change(self, movie_id: int, **changes: Any) -> StoredMovie:
        """Edit a film as TMDB's editors would, which puts it in /movie/changes."""
        movie = self.movies[movie_id]
        for name, value in changes.items():
            setattr(movie, name, value)
        movie.changed_at = dt.datetime.now(dt.UTC)
        return movie

    def count(self, path_start: str) -> int:
        return sum(1 for r in self.requests if r.path.startswith(path_start))

    # -- lifecycle ---------------------------------------------------------------------------------------

    @property
    def api_base(self) -> str:
        return f"http://{self.host}:{self.port}/3"

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._gate])
        app.router.add_get("/3/search/movie", self._search)
        app.router.add_get("/3/movie/changes", self._changes)
        app.router.add_get("/3/movie/{movie_id}", self._movie)
        return app

    # -- what every request goes through ---------------------------------------------------------------

    @web.middleware
    async def _gate(self, request: web.Request, handler: Any) -> web.StreamResponse:
        query = {k: v for k, v in request.query.items() if k != "api_key"}
        authorised = self._authorised_by(request)
        response: web.StreamResponse
        if self.delay:
            await asyncio.sleep(self.delay)
        if authorised is None:
            response = _error(401, 7, "Invalid API key: You must be granted a valid key.")
        elif self._over_limit():
            self.rate_limited += 1
            response = _error(429, 25, f"Your request count is over the allowed limit of {self.rate_limit:.0f}.",
                              headers={"Retry-After": "1"})
        elif self.failures > 0:
            self.failures -= 1
            response = _error(503, 9, "Service offline - try again later.")
        else:
            try:
                response = await handler(request)
            except web.HTTPNotFound:
                response = _error(404, 34, "The resource you requested could not be found.")
        self.requests.append(TmdbRequest(request.path, query, response.status, authorised))
        return response

    def _authorised_by(self, request: web.Request) -> str | None:
        if request.query.get("api_key") == self.api_key:
            return "api_key"
        header = request.headers.get("Authorization", "")
        if header == f"Bearer {self.read_token}":
            return "bearer"
        return None

    def _over_limit(self) -> bool:
        if self.rate_limit is None:
            return False
        now = time.monotonic()
        while self._window and now - self._window[0] > 1.0:
            self._window.popleft()
        if len(self._window) >= self.rate_limit:
            return True
        self._window.append(now)
        return False

    # -- the routes --------------------------------------------------------------------------------------

    async def _search(self, request: web.Request) -> web.Response:
        query = request.query.get("query", "").strip().lower()
        page = _page(request)
        if page is None:
            return _error(400, 22, "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.")
        if not query:
            return web.json_response({"page": page, "results": [], "total_pages": 1, "total_results": 0})
        year = request.query.get("year") or request.query.get("primary_release_year")
        adult = request.query.get("include_adult", "false").lower() == "true"
        words = query.split()
        found = [m for m in self.movies.values()
                 if all(w in f"{m.title} {m.original_title or ''}".lower() for w in words)
                 and (adult or not m.adult)
                 and (not year or m.release_date[:4] == year)]
        found.sort(key=lambda m: (-m.popularity, m.id))
        total_pages = max(1, -(-len(found) // PAGE_SIZE))
        chosen = found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        return web.json_response({"page": page, "results": [_search_result(m) for m in chosen],
                                  "total_pages": total_pages, "total_results": len(found)})

    async def _movie(self, request: web.Request) -> web.Response:
        try:
            movie = self.movies[int(request.match_info["movie_id"])]
        except (ValueError, KeyError):
            raise web.HTTPNotFound from None
        appended = {part.strip() for part in request.query.get("append_to_response", "").split(",")}
        body = _details(movie)
        if "release_dates" in appended:
            body["release_dates"] = {"results": [
                {"iso_3166_1": country, "release_dates": [
                    {"certification": cert, "descriptors": [], "iso_639_1": "", "note": note,
                     "release_date": f"{date}T00:00:00.000Z", "type": kind}
                    for kind, date, cert, note in entries]}
                for country, entries in sorted(movie.releases.items())]}
        if "watch/providers" in appended:
            body["watch/providers"] = {"results": {
                country: {"link": f"https://www.themoviedb.org/movie/{movie.id}/watch?locale={country}",
                          **{kind: [{"logo_path": f"/{name.lower().replace(' ', '')}.jpg",
                                     "provider_id": 1000 + sum(map(ord, name)), "provider_name": name,
                                     "display_priority": n} for n, name in enumerate(names)]
                             for kind, names in kinds.items()}}
                for country, kinds in sorted(movie.providers.items())}}
        return web.json_response(body)

    async def _changes(self, request: web.Request) -> web.Response:
        page = _page(request)
        try:
            start = _day(request.query.get("start_date"), default=dt.date.today() - dt.timedelta(days=1))
            end = _day(request.query.get("end_date"), default=dt.date.today())
        except ValueError:
            return _error(422, 47, "The input is not valid.")
        if page is None or end < start or end - start > MAX_CHANGES_WINDOW:
            return _error(422, 47, "The input is not valid.")
        found = sorted(m.id for m in self.movies.values()
                       if start <= m.changed_at.date() <= end and not m.adult)
        per_page = 100
        total_pages = max(1, -(-len(found) // per_page))
        chosen = found[(page - 1) * per_page: page * per_page]
        return web.json_response({"results": [{"id": i, "adult": False} for i in chosen], "page": page,
                                  "total_pages": total_pages, "total_results": len(found)})


def _jwt_like() -> str:
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = part(json.dumps({"alg": "HS256"}).encode())
    body = part(json.dumps({"aud": secrets.token_hex(16), "scopes": ["api_read"], "version": 1}).encode())
    return f"{header}.{body}.{part(secrets.token_bytes(32))}"


def _page(request: web.Request) -> int | None:
    raw = request.query.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        return None
    return int(raw)


def _day(raw: str | None, *, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(raw) if raw else default


def _search_result(movie: StoredMovie) -> Json:
    return {"adult": movie.adult, "backdrop_path": None, "genre_ids": [], "id": movie.id,
            "original_language": "en", "original_title": movie.original_title or movie.title,
            "overview": "", "popularity": movie.popularity, "poster_path": None,
            "release_date": movie.release_date, "title": movie.title, "video": False,
            "vote_average": 0.0, "vote_count": 0}


def _details(movie: StoredMovie) -> Json:
    return {"adult": movie.adult, "backdrop_path": None, "belongs_to_collection": None, "budget": 0,
            "genres": [], "homepage": "", "id": movie.id, "imdb_id": movie.imdb_id, "origin_country": [],
            "original_language": "en", "original_title": movie.original_title or movie.title, "overview": "",
            "popularity": movie.popularity, "poster_path": None, "production_companies": [],
            "production_countries": [], "release_date": movie.release_date, "revenue": 0,
            "runtime": movie.runtime or 0, "spoken_languages": [], "status": "Released", "tagline": "",
            "title": movie.title, "video": False, "vote_average": 0.0, "vote_count": 0}
