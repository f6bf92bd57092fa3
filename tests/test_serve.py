"""`bias serve`: a real uvicorn server on a free loopback port, the shipped model, real HTTP (httpx), schemathesis
against the served schema, and the page in headless Chromium.

The servers run in threads of this process and share the session's ``analyzer`` (the model is loaded once).
``BIAS_SERVE_SCREENSHOT=docs/serve_page.png`` makes the page test save a screenshot of the analysed seed article.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from bias.io import DEFAULT_MAX_BYTES
from bias.report import SCHEMA_PATH
from bias.serve import create_app

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = (REPO / "examples" / "harbor_bridge.txt").read_text(encoding="utf-8")

HOSTILE = "\n".join([
    "Council <script>document.title = 'pwned-1'; window.__pwned = 1</script> Approves Budget",
    "",
    "By Ann <b onmouseover=\"window.__pwned = 2\">Lee</b>",
    "",
    "The council voted 7-2 on the <img src=x onerror=\"document.title = 'pwned-3'; window.__pwned = 3\"> "
    "proposal on Tuesday. “It is a <a href=\"javascript:document.title='pwned-4'\">disgrace</a>,” the mayor said.",
    "",
    "Officials said the <svg onload=\"window.__pwned = 5\"></svg> plan would cost $4 million. The "
    "<iframe srcdoc=\"<script>parent.__pwned = 6</script>\"></iframe> budget passed.",
    "",
    "Our Take <script>window.__pwned = 7</script>",
    "",
    "This plan is a <style>body{display:none}</style> disgrace and must be stopped.",
])
HOSTILE_HTML = ("<!DOCTYPE html><html><head><title>Budget <script>window.__pwned=8</script></title>"
                "<script>document.title='pwned-9'</script></head><body><article><h1>Council Approves Budget</h1>"
                "<p>The council voted 7-2 on Tuesday. <img src=x onerror=\"window.__pwned=10\"> “It is a "
                "<a href=\"javascript:window.__pwned=11\">disgrace</a>,” the mayor said.</p>"
                "<p>Officials said the plan would cost $4 million &lt;script&gt;window.__pwned=12&lt;/script&gt;."
                "</p></article></body></html>")


# --- a real server in a thread ------------------------------------------------------------------------------------

class Server:
    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        # log_config=None: uvicorn's loggers propagate to the root logger, where caplog can read them
        config = uvicorn.Config(app, log_config=None, log_level="info", access_log=True, lifespan="off",
                                server_header=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "the server did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(timeout=15)
        self.sock.close()


@contextmanager
def serving(app):
    with Server(app) as server:
        yield server


@pytest.fixture(scope="module")
def server(analyzer):
    with serving(create_app(analyzer)) as s:
        yield s


@pytest.fixture(scope="module")
def client(server):
    with httpx.Client(base_url=server.url, timeout=120) as c:
        yield c


@pytest.fixture(scope="module")
def report_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def unique(text: str, tag: str) -> str:
    """The same article with one more sentence, so that no earlier request's cached report answers it."""
    return f"{text.rstrip()}\n\nThe count reached {abs(hash(tag)) % 100_000} on {tag}.\n"


# --- the API ------------------------------------------------------------------------------------------------------

def test_health_gives_status_version_and_model(client, analyzer):
    from bias import __version__

    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["version"] == __version__
    assert body["model"]["name"] == analyzer.tool_info["model"]
    assert body["max_bytes"] == DEFAULT_MAX_BYTES  # the CLI's limit by default


def test_analyze_returns_the_cli_report(client, analyzer, report_schema, seed_text):
    import jsonschema

    text = unique(seed_text, "analyze-json")
    r = client.post("/v1/analyze", json={"text": text})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    jsonschema.validate(body, report_schema)
    assert body == json.loads(analyzer.analyze(text, input_format="text").to_json())
    assert r.headers["cache-control"] == "no-store" and r.headers["x-content-type-options"] == "nosniff"


def test_analyze_html_format_and_html_input(client, seed_text):
    r = client.post("/v1/analyze", params={"format": "html"}, json={"text": seed_text})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "script-src" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert 'class="sentence ' in r.text and "Our Take" in r.text
    page = "<!DOCTYPE html><html><body><article><h1>Council Approves Budget</h1><p>The council voted 7-2 on " \
           "Tuesday. “It is a good day,” the mayor said.</p></article></body></html>"
    r = client.post("/v1/analyze", json={"html": page})
    assert r.status_code == 200
    assert {s["text"] for s in r.json()["sentences"]} >= {"The council voted 7-2 on Tuesday."}


def test_classify_matches_the_cli_lines(client, analyzer):
    items = [{"id": 1, "text": "The council voted 7-2 on Tuesday."},
             {"text": "No id here."},
             {"id": "blank", "text": "   "},
             {"id": "ctx", "text": "This plan is a disgrace.", "context": {"before": "The council met.", "after": ""}}]
    for body in ({"items": items}, items):  # an object with items, or a bare list
        r = client.post("/v1/classify", json=body)
        assert r.status_code == 200
        rows = r.json()["results"]
        assert rows[1] == {"id": None, "line": 2, "error": "missing 'id'"}
        assert rows[2] == {"id": "blank", "error": "missing or empty 'text'"}
        direct = analyzer.classify([items[0]["text"], items[3]["text"]], [{}, items[3]["context"]])
        assert rows[0] == json.loads(json.dumps({"id": 1, **direct[0]}))
        assert rows[3] == json.loads(json.dumps({"id": "ctx", **direct[1]}))
        assert set(rows[0]) >= {"id", "label", "probs"}
    assert client.post("/v1/classify", json={"items": []}).json() == {"results": []}


@pytest.mark.parametrize("content, content_type, status", [
    (b'{"text": ', "application/json", 422),  # invalid JSON
    (b'{"text": "The council voted."}', "text/plain", 422),  # wrong content type
    (b'text=The+council+voted.', "application/x-www-form-urlencoded", 422),
    (b'{"text": "The council voted."}', None, 422),  # no content type
    (b'{}', "application/json", 422),  # missing field
    (b'{"text": "a", "html": "b"}', "application/json", 422),  # both
    (b'{"text": 5}', "application/json", 422),
    (b'{"text": null}', "application/json", 422),
    (b'{"text": "The council voted.", "url": "http://169.254.169.254/"}', "application/json", 422),  # no fetching
    (b'["The council voted."]', "application/json", 422),
    (b'{"text": "\\ud800"}', "application/json", 422),  # a lone surrogate
    (b'{"text": "caf\xe9"}', "application/json", 422),  # not UTF-8
    (b'{"text": "   \\n  "}', "application/json", 400),  # cannot be analysed
    (b'{"items": [{"id": 1, "text": 2}]}', "application/json", 422),
])
def test_bad_requests_get_json_errors(client, content, content_type, status):
    path = "/v1/classify" if b"items" in content else "/v1/analyze"
    headers = {"content-type": content_type} if content_type else {}
    r = client.post(path, content=content, headers=headers)
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) <= {"error", "detail", "errors"} and body["detail"]
    assert "Traceback" not in r.text


def test_unknown_query_parameters_are_422(client):
    r = client.post("/v1/analyze", params={"fromat": "html"}, json={"text": "The council voted."})
    assert r.status_code == 422 and "fromat" in r.json()["detail"]
    assert client.post("/v1/analyze", params={"format": "pdf"}, json={"text": "The council voted."}).status_code == 422


def test_unknown_paths_and_methods_are_json(client):
    r = client.get("/nope")
    assert r.status_code == 404 and r.json()["error"] == "not_found"
    r = client.get("/v1/analyze")
    assert r.status_code == 405 and r.json()["error"] == "method_not_allowed"


def test_body_over_the_limit_is_413(analyzer):
    with serving(create_app(analyzer, max_bytes=10_000)) as s, httpx.Client(base_url=s.url, timeout=60) as c:
        big = json.dumps({"text": "The council voted. " * 600}).encode()
        assert len(big) > 10_000
        r = c.post("/v1/analyze", content=big, headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"] == "too_large"  # by Content-Length

        def chunks():  # no Content-Length: counted as it arrives
            for i in range(0, len(big), 1000):
                yield big[i:i + 1000]

        r = c.post("/v1/analyze", content=chunks(), headers={"content-type": "application/json"})
        assert r.status_code == 413 and r.json()["error"] == "too_large"
        # far over: refused from the Content-Length alone, before the body is sent (a raw socket, as httpx will not
        # declare more than it sends)
        with socket.create_connection(("127.0.0.1", s.port), timeout=10) as raw:
            raw.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 200000000\r\n\r\n{\"text\": \"")
            head = b""
            while b'"too_large"' not in head and (chunk := raw.recv(4096)):
                head += chunk
        assert head.startswith(b"HTTP/1.1 413 ") and b'"too_large"' in head
        ok = json.dumps({"text": "The council voted 7-2 on Tuesday."}).encode()
        assert c.post("/v1/analyze", content=ok, headers={"content-type": "application/json"}).status_code == 200


def test_default_limit_is_the_cli_limit(client):
    body = b'{"text": "' + b"a" * DEFAULT_MAX_BYTES + b'"}'
    r = client.post("/v1/analyze", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_timeout_is_504_and_busy_is_503(analyzer, seed_text):
    with serving(create_app(analyzer, timeout=0.001)) as s:
        r = httpx.post(f"{s.url}/v1/analyze", json={"text": unique(seed_text, "timeout")}, timeout=60)
        assert r.status_code == 504 and r.json()["error"] == "timeout"
    with serving(create_app(analyzer, max_pending=1)) as s:
        def post(i):
            return httpx.post(f"{s.url}/v1/analyze", json={"text": unique(seed_text, f"busy-{i}")}, timeout=120)

        with ThreadPoolExecutor(4) as pool:
            codes = sorted(r.status_code for r in pool.map(post, range(4)))
        assert 200 in codes and 503 in codes and set(codes) <= {200, 503}


class Exploding:
    """An analyzer whose every call fails with a message quoting the article (it must reach neither client nor log)."""

    model_path = Path("models/exploding")
    tool_info = {"name": "bias", "model": "exploding"}

    def analyze(self, text, input_format="auto"):
        raise RuntimeError(f"secret article text: {text}")

    def classify(self, texts, contexts=None):
        raise RuntimeError(f"secret article text: {texts}")


def test_unexpected_errors_are_generic_500_and_log_no_text(caplog):
    caplog.set_level(logging.INFO)
    with serving(create_app(Exploding())) as s:
        r = httpx.post(f"{s.url}/v1/analyze", json={"text": "Sentinel-7731 voted."}, timeout=30)
        assert r.status_code == 500
        assert r.json() == {"error": "internal_error", "detail": "internal server error"}
        r = httpx.post(f"{s.url}/v1/classify", json={"items": [{"id": 1, "text": "Sentinel-7731 voted."}]})
        assert r.status_code == 500 and "Sentinel" not in r.text
    assert "RuntimeError" in caplog.text  # logged: type and frames
    assert "Sentinel-7731" not in caplog.text


def test_access_log_holds_no_article_text(client, caplog):
    caplog.set_level(logging.INFO)
    r = client.post("/v1/analyze", json={"text": "Sentinel-4412 said the council voted 7-2."})
    assert r.status_code == 200
    time.sleep(0.2)
    assert "/v1/analyze" in caplog.text  # the access log is on
    assert "Sentinel-4412" not in caplog.text


def test_health_answers_while_a_long_article_is_analysed(client, seed_text):
    long_text = unique("\n\n".join([seed_text] * 4), "long")
    done = threading.Event()
    result = {}

    def analyse():
        result["status"] = client.post("/v1/analyze", json={"text": long_text}).status_code
        done.set()

    worker = threading.Thread(target=analyse)
    worker.start()
    time.sleep(0.5)
    assert not done.is_set(), "the long article was analysed too fast to test anything"
    for _ in range(5):
        t = time.monotonic()
        assert client.get("/health").status_code == 200
        assert time.monotonic() - t < 1.0  # the event loop is free: the model runs in a worker thread
    still_busy = not done.is_set()
    worker.join(timeout=300)
    assert still_busy and result["status"] == 200


def test_concurrent_requests_give_serial_results(server, analyzer, seed_text):
    texts = [unique(t, f"concurrent-{i}") for i, t in enumerate([seed_text, EXAMPLE, HOSTILE, seed_text[:1500]])]
    serial = [json.loads(analyzer.analyze(t, input_format="text").to_json()) for t in texts]

    def post(text):
        return httpx.post(f"{server.url}/v1/analyze", json={"text": text}, timeout=300).json()

    with ThreadPoolExecutor(4) as pool:
        concurrent = list(pool.map(post, texts))
    assert concurrent == serial


def test_cors_is_off_unless_asked(client, analyzer):
    preflight = {"origin": "http://evil.test", "access-control-request-method": "POST",
                 "access-control-request-headers": "content-type"}
    r = client.options("/v1/analyze", headers=preflight)
    assert "access-control-allow-origin" not in r.headers
    r = client.post("/v1/analyze", json={"text": "The council voted."}, headers={"origin": "http://evil.test"})
    assert "access-control-allow-origin" not in r.headers
    with serving(create_app(analyzer, cors_origins=["http://tool.test"])) as s:
        r = httpx.options(f"{s.url}/v1/analyze", headers={**preflight, "origin": "http://tool.test"})
        assert r.headers["access-control-allow-origin"] == "http://tool.test"
        r = httpx.options(f"{s.url}/v1/analyze", headers=preflight)
        assert r.headers.get("access-control-allow-origin") != "http://evil.test"


def test_loopback_server_refuses_foreign_host_headers(analyzer):
    from bias.serve.app import LOOPBACK_NAMES

    with serving(create_app(analyzer, allowed_hosts=LOOPBACK_NAMES)) as s:
        assert httpx.get(f"{s.url}/health").status_code == 200
        assert httpx.get(f"{s.url}/health", headers={"host": f"localhost:{s.port}"}).status_code == 200
        r = httpx.get(f"{s.url}/health", headers={"host": "attacker.example"})  # DNS rebinding
        assert r.status_code == 400 and r.json()["error"] == "bad_input"


def test_cli_serve_refuses_a_missing_model_in_one_line(tmp_path):
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "bias.cli", "serve", "--port", "1", "--model",
                          str(tmp_path / "no-model")], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)})
    assert res.returncode == 2
    assert res.stderr.strip().startswith("error: ") and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr


def test_openapi_references_the_report_schema_and_docs_are_local(client, report_schema):
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert set(schemas["Report"]["required"]) == set(report_schema["required"])
    ok = spec["paths"]["/v1/analyze"]["post"]["responses"]["200"]["content"]
    assert ok["application/json"]["schema"] == {"$ref": "#/components/schemas/Report"}
    assert "#/$defs/" not in json.dumps(spec)
    for path in ("/v1/analyze", "/v1/classify", "/health"):
        assert path in spec["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/v1/classify" in docs.text
    assert "<script" not in docs.text and "cdn" not in docs.text.lower()
    assert "http://" not in docs.text.replace("http://169.254", "") and "https://" not in docs.text
    assert client.get("/redoc").status_code == 404


def test_page_headers(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self'"  # no inline script, no eval
    assert directives["frame-ancestors"] == "'none'" and directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'none'"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "<script src=\"/static/app.js\"" in r.text and "http://" not in r.text and "https://" not in r.text
    js = client.get("/static/app.js")
    assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
    assert "http://" not in js.text and "https://" not in js.text and "innerHTML" not in js.text
    assert "eval(" not in js.text


def test_hostile_article_through_the_api(client):
    from lxml import html as lxml_html

    for body in ({"text": HOSTILE}, {"html": HOSTILE_HTML}):
        report = client.post("/v1/analyze", json=body)
        assert report.status_code == 200
        page = client.post("/v1/analyze", params={"format": "html"}, json=body).text
        root = lxml_html.document_fromstring(page)
        assert not root.xpath("//script | //img | //svg | //iframe | //a[not(starts-with(@href, '#'))] | //b")
        assert not [a for a in root.xpath("//@*") if a.attrname.lower().startswith("on")]
        assert "javascript:" not in " ".join(root.xpath("//@href | //@src"))
        assert len(root.xpath("//style")) == 1  # the report's own
    assert "&lt;script&gt;document.title" in client.post("/v1/analyze", params={"format": "html"},
                                                         json={"text": HOSTILE}).text


# --- schemathesis -------------------------------------------------------------------------------------------------

def test_schemathesis_finds_no_server_error(server):
    """Schemathesis (Python API) against the served /openapi.json: schema-valid and schema-violating cases for every
    operation, with its checks (response schema, status codes, content types, negative data rejected); positive
    cases may also get 400 (text that segments into no sentence is valid JSON but not analysable)."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import GenerationMode

    examples = int(os.environ.get("BIAS_SERVE_EXAMPLES", "25"))
    config = schemathesis.Config.from_dict({
        "checks": {"positive_data_acceptance": {"expected-statuses": [200, 400]}},
    })
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json", config=config)
    summary: dict[str, dict] = {}
    failures: list[str] = []
    operations = [r.ok() for r in schema.get_all_operations()]
    assert {op.label for op in operations} >= {"POST /v1/analyze", "POST /v1/classify", "GET /health"}
    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            counts = summary.setdefault(f"{op.label} {mode.value}", {})

            @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            @given(case=op.as_strategy(generation_mode=mode))
            def run(case):
                response = case.call(base_url=server.url, timeout=120)
                counts[response.status_code] = counts.get(response.status_code, 0) + 1
                try:
                    case.validate_response(response)
                except Exception as e:  # noqa: BLE001 - collected, reported together
                    failures.append(f"{op.label} {mode.value} -> {response.status_code}: {str(e)[:400]}")
                    raise

            try:
                run()
            except Exception:  # noqa: BLE001
                pass
    print("schemathesis:", json.dumps(summary, sort_keys=True))
    assert not any(code >= 500 for counts in summary.values() for code in counts), summary
    assert not failures, failures[:3]


# --- the page in headless Chromium --------------------------------------------------------------------------------

CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
                  "--disable-extensions", "--disable-sync", "--no-first-run", "--metrics-recording-only",
                  "--window-size=1200,1000")


@pytest.fixture(scope="module")
def driver():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("headless browser checks need chromium and chromedriver on PATH")
    pytest.importorskip("selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield browser
    browser.quit()


def submit(driver, server, text=None, file=None):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.url + "/")
    if text is not None:
        area = driver.find_element(By.ID, "article")
        area.clear()
        area.send_keys(text)
    if file is not None:
        driver.find_element(By.ID, "file").send_keys(str(file))
        WebDriverWait(driver, 10).until(lambda d: d.find_element(By.ID, "article").get_attribute("value"))
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 180).until(ec.text_to_be_present_in_element((By.ID, "status"), "Done."))
    frame = driver.find_element(By.ID, "report")
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("const f = arguments[0]; return f.contentDocument && "
                                   "f.contentDocument.querySelectorAll('.sentence').length > 0", frame))
    return frame


def own_requests_only(driver, server) -> list[str]:
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return [n for n in names if not n.startswith(server.url + "/")]


def test_page_shows_the_seed_report(driver, server, seed_report, seed_text, tmp_path):
    from selenium.webdriver.common.by import By

    frame = submit(driver, server, text=seed_text)
    summary = driver.find_element(By.ID, "summary").text
    assert f"{len(seed_report.sentences)} sentences" in summary
    link = driver.find_element(By.ID, "download")
    assert link.get_attribute("href").startswith("blob:")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    link.click()
    saved = downloads / "bias-report.json"
    deadline = time.monotonic() + 10
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    downloaded = json.loads(saved.read_text(encoding="utf-8"))
    assert downloaded["sentences"] == json.loads(seed_report.to_json())["sentences"]
    assert own_requests_only(driver, server) == []  # nothing but the server's own page and API

    driver.switch_to.frame(frame)
    try:
        sentences = driver.find_elements(By.CSS_SELECTOR, "article .sentence")
        assert len(sentences) == len(seed_report.sentences)
        colours = {el.get_attribute("data-label"): el.value_of_css_property("background-color") for el in sentences}
        assert len(set(colours.values())) == len(colours) >= 2  # the report's stylesheet applies (CSP hash)
        assert "rgba(0, 0, 0, 0)" not in colours.values()
        headings = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "article h3")]
        assert any("Our Take" in h for h in headings)
        assert driver.find_elements(By.CSS_SELECTOR, ".opinion-section")
        opinion = [s for s in seed_report.sentences if s.label == "opinion"]
        assert opinion and driver.find_element(By.ID, f"s-{opinion[-1].index}").get_attribute(
            "data-label") == "opinion"
        ledger_rows = driver.find_elements(By.CSS_SELECTOR, "section.ledger tbody tr")
        assert len(ledger_rows) == len(seed_report.ledger) > 0
    finally:
        driver.switch_to.default_content()

    shot = os.environ.get("BIAS_SERVE_SCREENSHOT")
    if shot:
        driver.execute_script("document.getElementById('article').scrollTop = 0")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1200, min(height + 120, 6000))
        time.sleep(0.3)
        driver.save_screenshot(str(REPO / shot))
        driver.set_window_size(1200, 1000)


def test_page_runs_nothing_from_a_hostile_article(driver, server, tmp_path):
    from selenium.webdriver.common.action_chains import ActionBuilder
    from selenium.webdriver.common.by import By

    html_file = tmp_path / "hostile.html"
    html_file.write_text(HOSTILE_HTML, encoding="utf-8")
    for kwargs in ({"text": HOSTILE}, {"file": html_file}):
        frame = submit(driver, server, **kwargs)
        title = driver.title
        assert "pwned" not in title and title.startswith("bias")
        state = driver.execute_script(
            "const d = arguments[0].contentDocument; return [window.__pwned, arguments[0].contentWindow.__pwned, "
            "d.title, d.querySelectorAll('script, img, svg, iframe, b, object, embed').length, "
            "Array.from(d.querySelectorAll('*')).some(e => Array.from(e.attributes).some("
            "a => a.name.startsWith('on'))), Array.from(d.querySelectorAll('a')).map(a => a.getAttribute('href'))]",
            frame)
        parent_flag, frame_flag, frame_title, active, handlers, hrefs = state
        assert parent_flag is None and frame_flag is None
        assert not frame_title.startswith("pwned")  # the escaped headline may quote the payload, never run it
        assert active == 0 and handlers is False
        assert all(h.startswith("#") for h in hrefs)
        count = driver.execute_script("return arguments[0].contentDocument.querySelectorAll('article .sentence')"
                                      ".length", frame)
        for i in range(min(count, 8)):  # nothing fires on hover either: the pointer rests on each sentence
            x, y = driver.execute_script(
                "const f = arguments[0], el = f.contentDocument.querySelectorAll('article .sentence')[arguments[1]];"
                "window.scrollTo(0, window.scrollY + f.getBoundingClientRect().top + el.getBoundingClientRect().top"
                " - 200); const r = el.getClientRects()[0], fr = f.getBoundingClientRect();"
                "return [Math.round(fr.left + r.left + 3), Math.round(fr.top + r.top + r.height / 2)]", frame, i)
            actions = ActionBuilder(driver)
            actions.pointer_action.move_to_location(x, y)
            actions.perform()
            time.sleep(0.05)
        driver.switch_to.frame(frame)
        try:
            shown = driver.find_element(By.TAG_NAME, "article").text
        finally:
            driver.switch_to.default_content()
        if "text" in kwargs:
            assert "<script>document.title = 'pwned-1'; window.__pwned = 1</script>" in shown
            assert 'onerror="document.title' in shown
        assert driver.execute_script("return window.__pwned") is None and "pwned" not in driver.title
        assert own_requests_only(driver, server) == []


def test_page_shows_api_errors(driver, server):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(server.url + "/")
    driver.find_element(By.ID, "submit").click()
    assert "Paste an article" in driver.find_element(By.ID, "status").text
    driver.find_element(By.CSS_SELECTOR, "input[name=kind][value=html]").click()
    driver.find_element(By.ID, "article").send_keys("<html><body></body></html>")
    driver.find_element(By.ID, "submit").click()
    WebDriverWait(driver, 60).until(ec.text_to_be_present_in_element((By.ID, "status"), "Could not analyse"))
    assert "400" in driver.find_element(By.ID, "status").text
