"""`bias serve`: the analyzer behind a local HTTP API and a one-page web app (FastAPI + uvicorn).

Endpoints: ``POST /v1/analyze`` (``{"text": …}`` or ``{"html": …}``; ``?format=html`` for the HTML report),
``POST /v1/classify`` (the items of ``bias classify``), ``GET /health``, ``GET /openapi.json``, ``GET /docs`` (a
local listing of the schema: no CDN) and ``GET /`` (the page; its script and stylesheet are served from
``/static/``).

Design:

- The model is loaded once (``create_app`` takes a loaded Analyzer, or a model name / folder to load) and shared.
  Model calls run on one dedicated model thread, one at a time (the classifier's batching and the runtime under it
  are not promised to be thread-safe), so ``/health`` answers while an article is analysed and concurrent requests
  get exactly the results of serial ones.
- Each request has a deadline (``timeout`` seconds, waiting included): past it the answer is 504 and the request's
  work is dropped if it has not started. At most ``max_pending`` model requests wait or run at once; more get 503.
- Every error is JSON ``{"error": code, "detail": message}`` and never carries a traceback: 400 text that cannot be
  analysed, 404 / 405, 413 body over ``max_bytes`` (Content-Length and the bytes actually received), 422 invalid
  JSON, a content type other than JSON, missing or extra fields, 503 busy, 504 timeout, 500 anything unexpected
  (logged with its type and stack frames only, never its message, which could quote the article).
- Privacy: no request body is ever logged; responses carrying article text are ``Cache-Control: no-store``.
- Exposure: nothing here fetches a URL. CORS is off unless ``cors_origins`` is given; ``allowed_hosts`` (set by
  ``bias serve`` when it binds a loopback address) refuses other Host headers, against DNS rebinding.
- Page security: the page, its script and the HTML report carry a Content-Security-Policy without inline script
  (``script-src 'self'``), ``frame-ancestors 'none'`` and ``X-Content-Type-Options: nosniff``. The report is shown in
  an ``<iframe sandbox>`` (no scripts) from ``srcdoc``; all article text in it is escaped by the renderer.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import os
import threading
import time
import traceback
import weakref
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from typing import Any, Literal, Optional, Union
from urllib.parse import parse_qsl

import anyio
from fastapi import FastAPI, Query
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import BiasInputError
from ..io import DEFAULT_MAX_BYTES
from ..report import SCHEMA_PATH

log = logging.getLogger("bias.serve")

TIERS = ("accurate", "fast")
DEFAULT_TIMEOUT = 60.0  # seconds per request, waiting for the model included
DEFAULT_MAX_PENDING = 16  # model requests waiting or running at once; more get 503
REPORT_CACHE = 8  # recent reports kept in memory, so the page's JSON + HTML pair runs the model once

# --- response headers ---------------------------------------------------------------------------------------------

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The HTML report needs only its own inline <style>; `sandbox` keeps it inert even if opened on its own.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; "
              "form-action 'none'; sandbox")
DOCS_CSP = "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def _report_style_source() -> str:
    """CSP source for the HTML report's inline <style>: its sha256 (the report shown in the page's srcdoc iframe
    inherits the page's policy). Falls back to 'unsafe-inline' for styles only if the renderer's CSS is unknown."""
    try:
        from ..render.html import CSS
    except ImportError:  # pragma: no cover - a renderer without a CSS constant
        return "'unsafe-inline'"
    digest = base64.b64encode(hashlib.sha256(CSS.encode("utf-8")).digest()).decode()
    return f"'sha256-{digest}'"


def page_csp() -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self' " + _report_style_source() + "; "
            "img-src 'self' data:; connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'")


# --- request and response models ----------------------------------------------------------------------------------

class ErrorResponse(BaseModel):
    """Every error: a short machine-readable code and a one-line message (never a traceback)."""

    error: str = Field(description="bad_input, not_found, method_not_allowed, too_large, invalid_request, busy, "
                                   "timeout or internal_error")
    detail: str
    errors: Optional[list[dict[str, Any]]] = Field(None, description="422 only: where the request is invalid")


def _exactly_one_schema(schema: dict) -> None:
    for key in ("text", "html"):
        schema["properties"][key] = {"type": "string", "minLength": 1,
                                     "description": schema["properties"][key].get("description", "")}
    schema["oneOf"] = [{"required": ["text"]}, {"required": ["html"]}]


def _check_unicode(value: str, name: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"'{name}' is not valid Unicode (a lone surrogate escape)") from None


class AnalyzeRequest(BaseModel):
    """Exactly one of ``text`` (plain text: headline, blank lines between paragraphs) or ``html`` (a web page; the
    article is extracted from it). Text is always read as text, even when it looks like HTML."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_exactly_one_schema)

    text: Optional[str] = Field(None, description="the article as plain text")
    html: Optional[str] = Field(None, description="an HTML page holding the article")

    @model_validator(mode="before")
    @classmethod
    def _exactly_one(cls, data):
        if isinstance(data, dict):
            given = [k for k in ("text", "html") if k in data]
            if len(given) != 1:
                raise ValueError("give exactly one of 'text' or 'html'")
            if not isinstance(data[given[0]], str):
                raise ValueError(f"'{given[0]}' must be a string")
            if not data[given[0]]:
                raise ValueError(f"'{given[0]}' is empty")
            _check_unicode(data[given[0]], given[0])
        return data


class ClassifyContext(BaseModel):
    before: StrictStr = ""
    after: StrictStr = ""


class ClassifyItem(BaseModel):
    """One sentence, as a line of ``bias classify``: an item without ``id`` or with empty ``text`` gets an error row
    (as the CLI gives an error line), the others are scored."""

    id: Union[StrictStr, StrictInt, None] = Field(None, description="echoed in the result row")
    text: Optional[StrictStr] = Field(None, description="the sentence")
    context: Optional[ClassifyContext] = Field(None, description="the sentences before and after it")

    @model_validator(mode="after")
    def _unicode(self):
        for name, value in (("id", self.id), ("text", self.text), ("context.before", self.context and
                                                                   self.context.before),
                            ("context.after", self.context and self.context.after)):
            if isinstance(value, str):
                _check_unicode(value, name)
        return self


class ClassifyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[ClassifyItem]


class ClassifyResult(BaseModel):
    id: Union[StrictStr, StrictInt]
    label: Literal["reported_fact", "attributed_claim", "opinion"]
    probs: dict[str, float]
    loaded_spans: Optional[list[dict[str, Any]]] = Field(None, description="LoadedSpan objects (offsets in the "
                                                                           "sentence); models with that head")
    attributions: Optional[list[dict[str, Any]]] = Field(None, description="Attribution objects (offsets in the "
                                                                           "sentence); models with that head")


class ClassifyError(BaseModel):
    id: Union[StrictStr, StrictInt, None]
    line: Optional[int] = Field(None, description="1-based position of the item, when it has no id")
    error: str


class ClassifyResponse(BaseModel):
    results: list[Union[ClassifyResult, ClassifyError]] = Field(description="one row per item, in input order")


class ModelInfo(BaseModel):
    name: str
    tier: Optional[str] = Field(None, description="accurate or fast when known")
    encoder: Optional[str] = None
    runtime: Optional[str] = Field(None, description="the inference backend, when the analyzer says")


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str
    model: ModelInfo
    max_bytes: int
    timeout_seconds: float


# --- errors -------------------------------------------------------------------------------------------------------

class ServeError(Exception):
    def __init__(self, status: int, error: str, detail: str):
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


def error_response(status: int, error: str, detail: str, errors=None, headers=None) -> JSONResponse:
    body = {"error": error, "detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, headers=headers)


HTTP_CODES = {400: "bad_input", 404: "not_found", 405: "method_not_allowed", 413: "too_large",
              422: "invalid_request", 503: "busy", 504: "timeout", 500: "internal_error"}


def _log_unexpected(where: str, exc: BaseException) -> None:
    """The exception's type and stack frames, never its message (it could quote the article)."""
    frames = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s in %s\n%s", type(exc).__name__, where, frames)


# --- the model, shared --------------------------------------------------------------------------------------------

class Engine:
    """Runs model calls on the analyzer's one model thread, in arrival order, each within the request's deadline.

    One dedicated thread (not a pool) serialises the calls, so concurrent requests get the results of serial ones,
    and the inference runtime always sees the same calling thread (its thread pools and caches stay warm: with
    calls hopping between pool threads, throughput at concurrency 8 fell to half of the serial one)."""

    def __init__(self, analyzer, timeout: float, max_pending: int):
        self.analyzer = analyzer
        self.timeout = float(timeout)
        self.max_pending = max_pending
        self.pending = 0  # touched only on the event loop
        self.executor = model_executor(analyzer)

    async def run(self, fn, *args):
        if self.pending >= self.max_pending:
            raise ServeError(503, "busy", f"{self.pending} requests are already waiting for the model; retry later")
        self.pending += 1
        deadline = time.monotonic() + self.timeout
        dropped = threading.Event()

        def work():
            if dropped.is_set() or time.monotonic() >= deadline:  # answered 504 already: spend no model time
                return _TIMED_OUT
            return fn(*args)

        try:
            future = self.executor.submit(work)
            waiter = asyncio.wrap_future(future)
            waiter.add_done_callback(_retrieve)  # an abandoned call's error is never logged with its message
            with anyio.move_on_after(self.timeout) as scope:
                # shielded: the wait may be cancelled, the call itself not while it runs; it is dropped below
                result = await asyncio.shield(waiter)
            if scope.cancelled_caught or result is _TIMED_OUT:
                dropped.set()
                future.cancel()  # if it has not started
                raise ServeError(504, "timeout", f"the request took longer than {self.timeout:g} s")
            return result
        finally:
            self.pending -= 1


_TIMED_OUT = object()


def _retrieve(future) -> None:
    if not future.cancelled():
        future.exception()
_EXECUTORS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_EXECUTORS_GUARD = threading.Lock()


def model_executor(analyzer) -> ThreadPoolExecutor:
    """The analyzer's one model thread, shared by every app serving it (tests and benchmarks run several)."""
    with _EXECUTORS_GUARD:
        try:
            executor = _EXECUTORS.get(analyzer)
            if executor is None:
                executor = _EXECUTORS[analyzer] = ThreadPoolExecutor(1, thread_name_prefix="bias-model")
            return executor
        except TypeError:  # not weak-referenceable: one thread per app
            return ThreadPoolExecutor(1, thread_name_prefix="bias-model")


def load_analyzer(model=None):
    """``Analyzer.load(model)``: ``model`` is None (the default model), a tier name or a model folder."""
    from ..analyzer import Analyzer

    return Analyzer.load(os.fspath(model) if model is not None else None)


def model_info(analyzer, spec=None) -> dict:
    tool = dict(getattr(analyzer, "tool_info", {}) or {})
    path = getattr(analyzer, "model_path", None)
    name = tool.get("model") or (os.path.basename(os.fspath(path)) if path else "unknown")
    tier = tool.get("tier") or getattr(analyzer, "tier", None)
    if tier is None and isinstance(spec, str) and spec in TIERS:
        tier = spec
    if tier is None:  # the tier whose shipped model this is, if any
        try:
            from ..config import TIERS as TIER_MODELS
        except ImportError:
            TIER_MODELS = {}
        tier = next((t for t, model in dict(TIER_MODELS).items() if model == name), None)
    return {"name": str(name), "tier": tier if isinstance(tier, str) else None,
            "encoder": str(tool["encoder"]) if tool.get("encoder") else None,
            "runtime": str(tool["runtime"]) if tool.get("runtime") else None}


# --- ASGI middleware ----------------------------------------------------------------------------------------------

async def _send_json(send, status: int, body: dict, headers: dict | None = None) -> None:
    data = json.dumps(body).encode()
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode())]
    raw += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})


class SecurityHeaders:
    """Adds the common headers (and the API's CSP, no-store) to responses that do not set their own."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                have = {k.lower() for k, _ in headers}
                extra = {**COMMON_HEADERS, "Content-Security-Policy": API_CSP, "Cache-Control": "no-store"}
                headers += [(k.lower().encode(), v.encode()) for k, v in extra.items()
                            if k.lower().encode() not in have]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class CatchAll:
    """The last resort: an exception escaping the app becomes a generic 500 JSON and a log line without its message
    (Starlette's own handler would re-raise it to the server, which logs the full text)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:  # noqa: BLE001
            _log_unexpected(scope.get("path", "?"), exc)
            if not started:
                await _send_json(send, 500, {"error": "internal_error", "detail": "internal server error"})


QUERY_PARAMETERS = {"/v1/analyze": {"format"}}  # the query parameters each POST endpoint takes


class RequestGuard:
    """Host check, then for requests with a body: JSON content type and the size limit (Content-Length first, then
    the bytes actually received, so chunked bodies are limited too). The body is buffered and replayed."""

    def __init__(self, app, max_bytes: int, allowed_hosts=None):
        self.app = app
        self.max_bytes = max_bytes
        self.allowed_hosts = {h.lower() for h in allowed_hosts} if allowed_hosts else None
        # A body a little over the limit is read (and dropped) so that the client can read the 413; a huge one is
        # refused at once and the connection closed.
        self.drain_limit = max(4 * max_bytes, 16_000_000)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None:
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
            if name not in self.allowed_hosts:
                return await _send_json(send, 400, {"error": "bad_input", "detail": "unexpected Host header"})
        if scope["method"] not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        allowed = QUERY_PARAMETERS.get(scope.get("path", ""), set())
        unknown = sorted({k for k, _ in parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                                                   keep_blank_values=True)} - allowed)
        if unknown:  # a typo such as ?fromat=html must not silently answer in the default format
            return await _send_json(send, 422, {"error": "invalid_request",
                                                "detail": f"unknown query parameter {unknown[0]!r}"})

        too_large = {"error": "too_large",
                     "detail": f"the request body is over the size limit of {self.max_bytes:,} bytes"}
        length = headers.get(b"content-length")
        declared = None
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                return await _send_json(send, 400, {"error": "bad_input", "detail": "invalid Content-Length"})
            if declared > self.max_bytes and (declared > self.drain_limit or b"expect" in headers):
                return await _send_json(send, 413, too_large, {"Connection": "close"})
        chunks, total = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            total += len(body)
            if total <= self.max_bytes:
                chunks.append(body)
            elif total > self.drain_limit:
                return await _send_json(send, 413, too_large, {"Connection": "close"})
            if not message.get("more_body", False):
                break
        if total > self.max_bytes:
            return await _send_json(send, 413, too_large)
        ctype = headers.get(b"content-type", b"").decode("latin-1").split(";")[0].strip().lower()
        if ctype != "application/json" and not ctype.endswith("+json"):
            return await _send_json(send, 422, {"error": "invalid_request",
                                                "detail": "the request body must be JSON (Content-Type: "
                                                          "application/json)"})
        body = b"".join(chunks)
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as e:  # JSON is UTF-8; FastAPI would call this a 400 parsing error
            return await _send_json(send, 422, {"error": "invalid_request",
                                                "detail": f"invalid JSON (not UTF-8 at byte {e.start})"})
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# --- OpenAPI ------------------------------------------------------------------------------------------------------

def report_components() -> dict:
    """bias/schema/report.schema.json as OpenAPI components: ``Report`` plus its ``$defs`` as ``Report_<name>``
    (references rewritten), and its loaded-span and attribution items as ``LoadedSpan`` / ``Attribution``, which the
    classify rows share."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    defs = schema.pop("$defs", {})
    for key in ("$schema", "$id"):
        schema.pop(key, None)
    text = json.dumps(schema)
    defs_text = json.dumps(defs)
    for name in defs:
        text = text.replace(f'"#/$defs/{name}"', f'"#/components/schemas/Report_{name}"')
        defs_text = defs_text.replace(f'"#/$defs/{name}"', f'"#/components/schemas/Report_{name}"')
    report = json.loads(text)
    components = {f"Report_{k}": v for k, v in json.loads(defs_text).items()}
    for prop, name in (("loaded_spans", "LoadedSpan"), ("attributions", "Attribution")):
        items = report["properties"].get(prop, {}).get("items")
        if isinstance(items, dict) and "$ref" not in items:
            components[name] = items
            report["properties"][prop]["items"] = {"$ref": f"#/components/schemas/{name}"}
    components["Report"] = report
    return components


def _error_responses(*codes: int) -> dict:
    text = {400: "the text cannot be analysed (empty, no sentences)", 413: "the body is over the size limit",
            422: "invalid JSON, not JSON, or missing / extra / mistyped fields", 503: "too many requests waiting",
            504: "the request took longer than the timeout", 500: "unexpected error (generic message)"}
    return {c: {"model": ErrorResponse, "description": text[c]} for c in codes}


# --- the app ------------------------------------------------------------------------------------------------------

def _static(name: str) -> bytes:
    return resources.files(__package__).joinpath("static", name).read_bytes()


def create_app(analyzer_or_model=None, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT,
               cors_origins: Optional[list[str]] = None, allowed_hosts: Optional[list[str]] = None,
               max_pending: int = DEFAULT_MAX_PENDING) -> FastAPI:
    """The FastAPI app. ``analyzer_or_model``: a loaded Analyzer (shared, e.g. by tests), or None / a tier name /
    a model folder to load now, once."""
    if isinstance(analyzer_or_model, (str, os.PathLike)) or analyzer_or_model is None:
        spec = analyzer_or_model
        analyzer = load_analyzer(spec)
    else:
        spec, analyzer = None, analyzer_or_model
    info = model_info(analyzer, spec)
    engine = Engine(analyzer, timeout, max_pending)
    cache: OrderedDict[str, Any] = OrderedDict()

    app = FastAPI(
        title="bias",
        version=__version__,
        summary="Editorial-bias and opinion-separation analysis of news articles (offline, CPU).",
        description="Local HTTP API of `bias serve`. Errors are JSON `{error, detail}`. The report schema is "
                    "`bias/schema/report.schema.json` (components `Report`).",
        docs_url=None, redoc_url=None, swagger_ui_oauth2_redirect_url=None,
        telemetry={"tracing": False, "metrics": False, "logs": False, "operation_spans": False,
                   "auto_configure": False},
    )
    app.state.engine = engine
    app.state.max_bytes = max_bytes
    app.state.model = info

    page_headers = {"Content-Security-Policy": page_csp(), "Cache-Control": "no-cache"}
    index_html, app_js, app_css = _static("index.html"), _static("app.js"), _static("app.css")

    # -- error handlers --
    @app.exception_handler(RequestValidationError)
    async def _invalid(request, exc: RequestValidationError):
        errors = []
        for e in exc.errors():  # the offending input is not echoed back: it may be a whole article
            errors.append({"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", "")),
                           "type": str(e.get("type", ""))})
        first = errors[0] if errors else {"loc": [], "msg": "invalid request", "type": ""}
        if first["type"] == "json_invalid":
            message = f"invalid JSON ({first['msg']} at character {first['loc'][-1]})"
        else:
            where = ".".join(first["loc"][1:] if first["loc"][:1] == ["body"] else first["loc"])
            message = f"{where + ': ' if where else ''}{first['msg'].removeprefix('Value error, ')}"
        return error_response(422, "invalid_request", message, errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request, exc: StarletteHTTPException):
        return error_response(exc.status_code, HTTP_CODES.get(exc.status_code, "error"), str(exc.detail),
                              headers=getattr(exc, "headers", None))

    @app.exception_handler(ServeError)
    async def _serve_error(request, exc: ServeError):
        headers = {"Retry-After": "5"} if exc.status == 503 else None
        return error_response(exc.status, exc.error, exc.detail, headers=headers)

    @app.exception_handler(BiasInputError)
    async def _bad_input(request, exc: BiasInputError):
        return error_response(400, "bad_input", str(exc))

    # -- API --
    async def _report(body: AnalyzeRequest):
        kind = "html" if body.html is not None else "text"
        content = body.html if kind == "html" else body.text
        key = hashlib.sha256(f"{kind}\0{content}".encode("utf-8", "surrogatepass")).hexdigest()
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        report = await engine.run(analyzer.analyze, content, kind)
        cache[key] = report
        while len(cache) > REPORT_CACHE:
            cache.popitem(last=False)
        return report

    @app.post("/v1/analyze", tags=["analysis"], response_model=None,
              summary="Analyse one article: the report as JSON, or ?format=html for the self-contained HTML page",
              responses={200: {"description": "the report (`bias analyze --format json`), or its HTML page",
                               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
                                           "text/html": {"schema": {"type": "string"}}}},
                         **_error_responses(400, 413, 422, 503, 504, 500)})
    async def analyze(body: AnalyzeRequest,
                      format: Literal["json", "html"] = Query("json", description="json (default) or html")):
        report = await _report(body)
        if format == "html":
            html = report.to_html()
            return HTMLResponse(html, headers={"Content-Security-Policy": REPORT_CSP})
        return Response(json.dumps(report.to_dict(), ensure_ascii=False), media_type="application/json")

    @app.post("/v1/classify", tags=["analysis"], response_model=ClassifyResponse,
              summary="Label sentences, as `bias classify` does: one row per item, in input order",
              description="The body is `{\"items\": [...]}` or a bare list of items. A row is "
                          "`{id, label, probs, loaded_spans, attributions}` or, for an item that cannot be scored "
                          "(no id, empty text), `{id, error}` (with `line`, the item's 1-based position, when it has "
                          "no id); the answer is still 200.",
              responses=_error_responses(400, 413, 422, 503, 504, 500))
    async def classify(body: Union[ClassifyRequest, list[ClassifyItem]]):
        from ..cli import _parse_jsonl_line  # the CLI's rules for one line, so that both answer alike

        items = body.items if isinstance(body, ClassifyRequest) else body
        rows: list = []
        good, slots = [], []
        for n, item in enumerate(items, 1):
            parsed, error = _parse_jsonl_line(n, json.dumps(item.model_dump(exclude_none=True)))
            if error:
                rows.append(error)
            else:
                slots.append(len(rows))
                rows.append(None)
                good.append(parsed)
        if good:
            results = await engine.run(analyzer.classify, [it["text"] for it in good],
                                       [it["context"] for it in good])
            for slot, it, res in zip(slots, good, results):
                rows[slot] = {"id": it["id"], **res}
        return JSONResponse({"results": rows})

    @app.get("/health", tags=["service"], response_model=HealthResponse, summary="Status, version and model")
    async def health():
        return {"status": "ok", "version": __version__, "model": info, "max_bytes": max_bytes,
                "timeout_seconds": engine.timeout}

    # -- page and docs --
    @app.get("/", include_in_schema=False)
    async def page():
        return Response(index_html, media_type="text/html; charset=utf-8", headers=page_headers)

    @app.get("/static/app.js", include_in_schema=False)
    async def page_script():
        return Response(app_js, media_type="text/javascript; charset=utf-8", headers=page_headers)

    @app.get("/static/app.css", include_in_schema=False)
    async def page_style():
        return Response(app_css, media_type="text/css; charset=utf-8", headers=page_headers)

    @app.get("/docs", include_in_schema=False)
    async def docs():
        from .docs import render_docs

        return HTMLResponse(render_docs(app.openapi()), headers={"Content-Security-Policy": DOCS_CSP})

    def openapi():
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, summary=app.summary,
                                 description=app.description, routes=app.routes)
            schema.setdefault("components", {}).setdefault("schemas", {}).update(report_components())
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi

    # -- middleware (the last added runs first) --
    app.add_middleware(RequestGuard, max_bytes=max_bytes, allowed_hosts=allowed_hosts)
    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"], max_age=600)
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders)
    return app


LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(model=None, host: str = "127.0.0.1", port: int = 8000, max_bytes: int = DEFAULT_MAX_BYTES,
          timeout: float = DEFAULT_TIMEOUT, cors_origins: Optional[list[str]] = None, echo=print) -> None:
    """Load the model, then serve until interrupted (``bias serve``)."""
    import uvicorn

    app = create_app(model, max_bytes=max_bytes, timeout=timeout, cors_origins=cors_origins,
                     allowed_hosts=[*LOOPBACK_NAMES, host] if is_loopback(host) else None)
    info = app.state.model
    shown = f"[{host}]" if ":" in host else host
    echo(f"bias {__version__}: model {info['name']}{' (' + info['tier'] + ')' if info['tier'] else ''} loaded; "
         f"serving on http://{shown}:{port}/ (Ctrl-C to stop)")
    if not is_loopback(host):
        echo(f"warning: {host} is not a loopback address: anyone who can reach this machine can use the API")
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=True, server_header=False,
                proxy_headers=False, limit_concurrency=64, timeout_graceful_shutdown=5)
