"""The HTML report: structure, nesting and escaping checked in Python, then in a real headless Chromium.

The seed report comes from the shipped model. Since the model may find no loaded phrasing in the seed article,
``annotated_report`` adds loaded spans and a marker that nest inside and cross the model's attribution spans, so
that every kind of span and every way of overlapping is rendered.
"""
from __future__ import annotations

import copy
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import html as lxml_html

from bias.attribution import Attribution, LedgerEntry, Span
from bias.labels import LABELS
from bias.loaded import LoadedSpan, Marker
from bias.render.html import render_html
from bias.report import Report, SectionResult, SentenceResult, summarise

REPO = Path(__file__).resolve().parents[1]

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '"onmouseover=alert(1)',
    "&amp; &lt;b&gt;",
    "</span></mark><span class=\"tip\" style=\"display:block\">",
    "it's \"quoted\" & 'single'",
]


def hostile_text() -> str:
    lines = ["Council <script>window.__pwned = 1</script> Approves Budget", "", "By Ann <b>Lee</b>", ""]
    for p in range(8):
        if p == 6:
            lines += ["## Analysis <script>window.__pwned = 3</script>", ""]
        sentences = []
        for k in range(5):
            payload = PAYLOADS[(5 * p + k) % len(PAYLOADS)]
            if k % 2:
                sentences.append(f"“The plan {payload} is a disgrace,” the mayor said at meeting {5 * p + k}.")
            else:
                sentences.append(f"The council voted on the {payload} proposal at meeting {5 * p + k}.")
        lines += [" ".join(sentences), ""]
    return "\n".join(lines)


# --- helpers ------------------------------------------------------------------------------------------------------

def by_class(root, cls: str, tag: str = "*") -> list:
    return root.xpath(f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]")


def text_without_tips(element) -> str:
    element = copy.deepcopy(element)
    for tip in by_class(element, "tip"):
        tip.drop_tree()
    return element.text_content()


def article_of(page: str):
    root = lxml_html.document_fromstring(page)
    (article,) = root.xpath("//article")
    return root, article


class TagBalance(HTMLParser):
    """Records every end tag that does not close the innermost open element."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "embed", "source", "track",
                      "wbr"})

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.errors.append(f"</{tag}> while {self.stack[-3:]} open")


def assert_balanced(page: str) -> None:
    checker = TagBalance()
    checker.feed(page)
    checker.close()
    assert not checker.errors, checker.errors[:5]
    assert checker.stack == [], checker.stack


def assert_sentences_rendered(report: Report, page: str) -> None:
    _, article = article_of(page)
    elements = by_class(article, "sentence", "span")
    assert len(elements) == len(report.sentences)
    for s, el in zip(sorted(report.sentences, key=lambda s: s.start), elements):
        assert el.get("id") == f"s-{s.index}" and el.get("data-label") == s.label
        assert f"label-{s.label}" in el.get("class").split()
        assert text_without_tips(el) == s.text
        for p in s.probs.values():
            assert f"{p:.2f}" in el.get("title")


# --- fixtures -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def annotated_report(seed_report) -> Report:
    report = copy.deepcopy(seed_report)
    with_source = [a for a in report.attributions if a.source and a.cue]
    if not with_source:
        pytest.skip("the model found no attribution with both a source and a cue in the seed article")
    att = with_source[0]
    sentence = next(s for s in report.sentences if s.start <= att.cue.start < s.end)
    src, cue = att.source, att.cue

    def loaded(start, end, voice, source=None):
        report.loaded_spans.append(LoadedSpan(start, end, report.text[start:end], 0.81, sentence.index, voice, source))

    loaded(src.start, src.end, "writer")  # the same extent as the source span
    loaded(src.start + 1, src.end - 1, "writer")  # strictly inside it
    loaded(cue.start + 1, min(sentence.end, cue.end + 4), "quoted", '"Q" <b>')  # crosses the cue's end
    report.markers.append(Marker(cue.start + 1, cue.start + 3, report.text[cue.start + 1:cue.start + 3], "hedge",
                                 sentence.index))
    plain = next(s for s in report.sentences if s.kind == "body" and s.index != sentence.index)
    report.loaded_spans.append(LoadedSpan(plain.start, plain.start + 10, plain.text[:10], 0.9, plain.index, "writer"))
    return report


@pytest.fixture(scope="module")
def hostile_report(analyzer) -> Report:
    return analyzer.analyze(hostile_text(), input_format="text")


# --- pure Python --------------------------------------------------------------------------------------------------

def test_every_sentence_is_rendered_once_with_its_label_and_text(seed_report):
    page = seed_report.to_html()
    assert page == render_html(seed_report)
    assert_balanced(page)
    assert_sentences_rendered(seed_report, page)
    root, _ = article_of(page)
    for s in seed_report.sentences:
        assert len(root.xpath(f"//*[@id='s-{s.index}']")) == 1


def test_spans_nest_properly_and_keep_the_text(annotated_report):
    page = annotated_report.to_html()
    assert_balanced(page)
    assert_sentences_rendered(annotated_report, page)
    _, article = article_of(page)
    marks = [m for m in by_class(article, "loaded", "mark") if "cont" not in m.get("class").split()]
    assert len(marks) == len(annotated_report.loaded_spans)
    for sp, mark in zip(sorted(annotated_report.loaded_spans, key=lambda sp: (sp.start, -sp.end)), marks):
        assert f"voice-{sp.voice}" in mark.get("class").split()
        assert f"score {sp.score:.2f}" in mark.get("title")
        assert text_without_tips(mark) in sp.text  # a crossing span is split into fragments
    quoted = [m for m in marks if "voice-quoted" in m.get("class")]
    assert quoted and quoted[0].get("title").endswith('quoted: "Q" <b>')
    assert by_class(article, "hedge") and by_class(article, "attr-source") and by_class(article, "attr-cue")


def test_findings_indices_and_ledger_link_to_sentences(seed_report):
    root, _ = article_of(seed_report.to_html())
    hrefs = {a.get("href") for a in root.xpath("//a")}
    for finding in seed_report.findings:
        for i in finding["evidence"]["sentences"]:
            assert f"#s-{i}" in hrefs
    (findings,) = by_class(root, "findings", "ul")
    assert len(findings.xpath("./li")) == len(seed_report.findings)
    assert len(by_class(root, "indices", "table")[0].xpath(".//tbody/tr")) >= 6
    ledger_rows = by_class(root, "ledger", "section")[0].xpath(".//tbody/tr")
    assert len(ledger_rows) == len(seed_report.ledger)
    header = root.xpath("//footer")[0].text_content()
    assert seed_report.tool["input_sha256"] in header and seed_report.tool["model"] in header


def test_page_is_self_contained(seed_report):
    page = seed_report.to_html()
    root, _ = article_of(page)
    assert not root.xpath("//script | //link | //img | //iframe | //object | //embed | //video | //audio | //source")
    assert not root.xpath("//@src") and "url(" not in page and "@import" not in page
    assert all(href.startswith("#") for href in root.xpath("//a/@href"))
    assert "http://" not in page and "https://" not in page


def test_hostile_article_stays_text(hostile_report):
    page = hostile_report.to_html()
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert_balanced(page)
    assert_sentences_rendered(hostile_report, page)  # text, entities and quotes round-trip literally
    root, article = article_of(page)
    assert not root.xpath("//script | //img | //b")
    assert not [a for a in root.xpath("//@*") if a.attrname.startswith("on")]
    shown = text_without_tips(article)
    for payload in PAYLOADS:
        assert payload in shown
    assert "window.__pwned = 3" in root.xpath("//h3")[0].text_content()


def test_hostile_metadata_and_sources_are_escaped_in_attributes(hostile_report):
    report = copy.deepcopy(hostile_report)
    evil = '"><script>window.__pwned=4</script><b x="'
    report.metadata = {"outlet": evil, "author": "<b>Lee</b>", "url": "javascript:alert(1)"}
    s = next(s for s in report.sentences if s.kind == "body")
    report.ledger.append(LedgerEntry(99, evil, "named", [{"sentence": s.index, "start": s.start, "end": s.start + 3,
                                                          "text": s.text[:3]}], [evil]))
    report.attributions.append(Attribution(s.index, None, Span(s.start, s.start + 3, s.text[:3]), [], "named",
                                           "neutral", evil, 99))
    page = report.to_html()
    assert "<script" not in page.lower()
    assert_balanced(page)
    root, article = article_of(page)
    assert not root.xpath("//script | //b")
    sources = [el for el in by_class(article, "attr-source") if el.get("title").endswith(f"spoke to {evil}")]
    assert sources and f"ledger: {evil}" in sources[0].get("title")
    assert evil in root.xpath("//header")[0].text_content()
    assert not root.xpath("//a[starts-with(@href, 'javascript')]")


def synthetic_report(n: int) -> Report:
    """An article of ``n`` sentences, each with a source, a cue, nested and crossing loaded spans and a hedge."""
    sentences, loaded, markers, attributions, parts, pos = [], [], [], [], [], 0
    for i in range(n):
        text = f"Official {i} said the plan was reportedly a disgrace <b> & more."
        if i:
            gap = "\n\n" if i % 5 == 0 else " "
            parts.append(gap)
            pos += len(gap)
        parts.append(text)
        at = {w: pos + text.index(w) for w in ("said", "plan", "reportedly", "a disgrace")}
        label = LABELS[i % 3]
        sentences.append(SentenceResult(i, pos, pos + len(text), text, "body", i // 5, 0, label,
                                        {lab: 0.8 if lab == label else 0.1 for lab in LABELS}))
        attributions.append(Attribution(i, Span(at["said"], at["said"] + 4, "said"),
                                        Span(pos, pos + len(f"Official {i}"), f"Official {i}"), [], "named", "neutral"))
        loaded.append(LoadedSpan(at["plan"], at["a disgrace"] + 10, "", 0.7, i, "writer"))
        loaded.append(LoadedSpan(at["said"] + 2, at["plan"] + 2, "", 0.6, i, "quoted"))  # crosses the cue
        markers.append(Marker(at["reportedly"], at["reportedly"] + 10, "reportedly", "hedge", i))
        pos += len(text)
    return Report(text="".join(parts), sentences=sentences,
                  sections=[SectionResult(0, None, None, None, False, list(range(n)))], bylines=[], metadata={},
                  summary=summarise(sentences), tool={"name": "bias", "version": "test"}, loaded_spans=loaded,
                  markers=markers, attributions=attributions)


def test_large_article_renders_every_sentence_and_span():
    # timing belongs to bench/benchmark.py (render seconds per 1,000 sentences); here: nothing is lost or broken
    page = render_html(synthetic_report(5000))
    assert page.count('<span class="sentence ') == 5000
    # the quoted span crosses the cue's end and the writer span's start: both are split in two
    assert page.count('<mark class="ann loaded') == 4 * 5000
    assert_balanced(page)


# --- headless Chromium --------------------------------------------------------------------------------------------

CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")


def browser_paths() -> tuple[str, str]:
    """Chromium and chromedriver, or skip the test."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    chromedriver = shutil.which("chromedriver")
    if not chromium or not chromedriver:
        pytest.skip("headless browser checks need chromium and chromedriver on PATH")
    pytest.importorskip("selenium")
    return chromium, chromedriver


@pytest.fixture(scope="module")
def driver():
    _, chromedriver = browser_paths()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in (*CHROMIUM_FLAGS, "--window-size=1200,1000"):
        options.add_argument(flag)
    browser = webdriver.Chrome(service=Service(chromedriver), options=options)
    yield browser
    browser.quit()


def hover(driver, element) -> None:
    from selenium.webdriver import ActionChains

    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    ActionChains(driver).move_to_element(element).perform()


def open_page(driver, page: str, path: Path) -> None:
    path.write_text(page, encoding="utf-8")
    driver.get(path.resolve().as_uri())


def wait_until(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


TRANSPARENT = {"transparent", "rgba(0, 0, 0, 0)"}


def test_browser_shows_labels_and_loaded_spans(driver, annotated_report, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(driver, annotated_report.to_html(), tmp_path / "seed.html")
    sentences = driver.find_elements(By.CSS_SELECTOR, "article .sentence")
    assert len(sentences) == len(annotated_report.sentences)
    colours = {}
    for el in sentences:
        colour = el.value_of_css_property("background-color")
        assert colour not in TRANSPARENT
        colours.setdefault(el.get_attribute("data-label"), set()).add(colour)
    assert all(len(c) == 1 for c in colours.values()) and len(set.union(*colours.values())) == len(colours)
    assert not any(tip.is_displayed() for tip in driver.find_elements(By.CSS_SELECTOR, ".tip"))

    writer = driver.find_elements(By.CSS_SELECTOR, "article mark.loaded.voice-writer")
    quoted = driver.find_elements(By.CSS_SELECTOR, "article mark.loaded.voice-quoted")
    assert writer and quoted
    for mark in writer + quoted:
        assert mark.value_of_css_property("background-color") not in TRANSPARENT
    assert writer[0].value_of_css_property("background-color") != quoted[0].value_of_css_property("background-color")
    assert int(writer[0].value_of_css_property("font-weight")) >= 600
    assert quoted[0].value_of_css_property("font-style") == "italic"


def test_browser_hover_shows_the_probabilities(driver, seed_report, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(driver, seed_report.to_html(), tmp_path / "seed.html")
    spans = [(x.start, x.end) for x in [*seed_report.loaded_spans, *seed_report.markers]]
    spans += [(x.start, x.end) for a in seed_report.attributions for x in (a.source, a.cue) if x is not None]
    # a sentence with no span inside, so that the pointer rests on the sentence itself, not on a nested span
    s = next(s for s in seed_report.sentences
             if s.kind == "body" and not any(a < s.end and s.start < b for a, b in spans))
    sentence = driver.find_element(By.ID, f"s-{s.index}")
    tip = sentence.find_element(By.CSS_SELECTOR, ":scope > .tip")
    assert not tip.is_displayed()
    hover(driver, sentence)
    assert wait_until(tip.is_displayed)
    assert tip.value_of_css_property("position") == "absolute"
    for p in s.probs.values():
        assert f"{p:.2f}" in tip.text
    hover(driver, driver.find_element(By.TAG_NAME, "h1"))
    assert wait_until(lambda: not tip.is_displayed())


def test_browser_runs_nothing_from_a_hostile_article(driver, hostile_report, tmp_path):
    from selenium.webdriver.common.by import By

    open_page(driver, hostile_report.to_html(), tmp_path / "hostile.html")
    for s in hostile_report.sentences[:12]:  # hovering must not fire any onmouseover either
        hover(driver, driver.find_element(By.ID, f"s-{s.index}"))
    assert driver.execute_script("return window.__pwned === undefined")
    assert not driver.find_elements(By.CSS_SELECTOR, "script, img, b")
    shown = driver.find_element(By.TAG_NAME, "article").text
    assert "<script>window.__pwned = 1</script>" in shown
    assert '<img src=x onerror="window.__pwned=2">' in shown and "&amp; &lt;b&gt;" in shown


def test_screenshot_tool_writes_a_png(seed_report, tmp_path):
    browser_paths()
    source = tmp_path / "seed.json"
    source.write_text(seed_report.to_json(), encoding="utf-8")
    out = tmp_path / "seed.png"
    res = subprocess.run([sys.executable, str(REPO / "tools" / "screenshot_report.py"), str(source), str(out),
                          "--height", "800"], check=False, capture_output=True, timeout=300)
    assert res.returncode == 0, res.stderr.decode()
    png = out.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == 1200 and height > 800  # the window grew to the whole page
