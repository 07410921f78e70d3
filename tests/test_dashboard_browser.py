"""The dashboard in a real browser: Playwright driving Debian's Chromium (headless) against the app
served by uvicorn on loopback, over the demo database plus one hostile article.

Screenshots of each view go to a temporary folder, or to ``$DYADWATCH_SCREENSHOTS`` when set
(``make screenshots`` writes docs/screenshots/).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra: pip install -e '.[test]'")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip("Debian's chromium is not installed (apt-get install chromium; .ci/run does it)",
                allow_module_level=True)

TOKEN = "browser-test-token"
HOSTILE_TITLE = "<script>window.__pwned = 'title'</script>Hostile dispatch"
HOSTILE_TEXT = ("<img src=x onerror=\"window.__pwned = 'text'\"> Iraqi Prime Minister Mohammed Shia al-Sudani met "
                "Syrian President Ahmed al-Sharaa in Baghdad on 2 June 2025. <script>window.__pwned = 'script'"
                "</script> A link: javascript:window.__pwned='link'.")
HOSTILE_URL = "javascript:window.__pwned = 'url'"
VIEWS = {"overview": "#/overview", "dyad": "#/dyad?a=IRQ&b=SYR&freq=week", "network": "#/network",
         "map": "#/map", "document": None}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory, ingest_demo):
    import uvicorn

    from dyadwatch.api import create_app
    from dyadwatch.store.database import Store

    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "url": HOSTILE_URL,
                                   "source": "<b onmouseover=alert(1)>Wire</b>", "published": "2025-06-03"}) + "\n",
                       encoding="utf-8")
    db = ingest_demo(folder / "demo.duckdb", hostile, watch=True)
    with Store(db) as store:
        docs = store.documents_frame()
        hostile_id = docs.loc[docs["title"] == HOSTILE_TITLE, "doc_id"].iloc[0]
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, write_token=TOKEN), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield {"url": f"http://127.0.0.1:{port}/", "hostile_id": hostile_id}
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"])
        yield launched
        launched.close()


@pytest.fixture()
def page(browser, served):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    problems: list[str] = []
    opened.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    opened.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    # a Content-Security-Policy violation shows as a console error; so does any failed script
    opened.on("console", lambda message: problems.append(f"console: {message.text}")
              if message.type == "error" and not _expected_console_error(message.text) else None)
    # the pages must work offline: any request off this server is a failure
    opened.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served["url"])
                 else (problems.append(f"off-site request: {route.request.url}"), route.abort()))
    yield opened
    context.close()
    assert not problems, problems


def _expected_console_error(text: str) -> bool:
    # the tests provoke 4xx answers on purpose (a bad token, a refused correction); the page shows
    # them in its error bar, and Chromium logs the failed request too
    return "Failed to load resource" in text and "status of 4" in text


def _shots() -> Path | None:
    target = os.environ.get("DYADWATCH_SCREENSHOTS")
    return Path(target) if target else None


def _by_id(page, testid: str):
    return page.get_by_test_id(testid)


def test_every_view_loads_on_the_demo_database(page, served, tmp_path):
    folder = _shots() or tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for name, route in VIEWS.items():
        page.goto(served["url"] + (route or f"#/document/{_irq_syr_doc(served)}"))
        view = _by_id(page, f"view-{name}")
        view.wait_for()
        if name == "overview":
            _by_id(page, "quad-chart").locator("rect").first.wait_for()
            assert int(_by_id(page, "total-documents").inner_text().split()[0].replace(",", "")) >= 41
            assert _by_id(page, "top-dyad-row").count() >= 3 and _by_id(page, "alert-item").count() >= 1
        elif name == "dyad":
            _by_id(page, "phase-item").first.wait_for()
            _by_id(page, "event-row").first.wait_for()
        elif name == "network":
            _by_id(page, "network-node").first.wait_for()
            assert _by_id(page, "network-node").count() >= 5 and _by_id(page, "network-edge").count() >= 4
        elif name == "map":
            _by_id(page, "map-event").first.wait_for()
            assert _by_id(page, "map-svg").locator("path").count() >= 20  # country and governorate outlines
            assert _by_id(page, "marked-place").count() >= 3  # camps, prison, crossings
        elif name == "document":
            _by_id(page, "span-event").first.wait_for()
            assert _by_id(page, "span-actor").count() >= 1
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    assert len(list(folder.glob("*.png"))) >= len(VIEWS)


def _irq_syr_doc(served) -> str:
    events = httpx.get(served["url"] + "api/events", params={"dyad": "IRQ:SYR", "q": "al-Shatri"}).json()["events"]
    return str(events[0]["doc_id"])


def test_filter_a_dyad_and_open_an_events_evidence(page, served):
    page.goto(served["url"] + "#/dyad")
    _by_id(page, "view-dyad").wait_for()
    _by_id(page, "dyad-a").fill("ISIS")
    _by_id(page, "dyad-b").fill("SDF")
    _by_id(page, "dyad-show").click()
    page.wait_for_function("location.hash.includes('a=ISIS')")
    rows = _by_id(page, "event-row")
    rows.first.wait_for()
    expected = httpx.get(served["url"] + "api/events",
                         params={"dyad": "ISIS:SDF", "level": "merged", "limit": 1000}).json()["total"]
    assert rows.count() == expected
    rows.first.click()
    evidence = _by_id(page, "evidence-item").first
    evidence.wait_for()
    assert len(evidence.inner_text()) > 40
    link = _by_id(page, "evidence-source").first
    assert link.get_attribute("href").startswith("https://")


def test_a_correction_made_in_the_browser_is_applied(page, served):
    target = httpx.get(served["url"] + "api/events",
                       params={"dyad": "IRQ:SYR", "mode": "actual", "level": "merged", "limit": 1}).json()["events"][0]
    page.goto(served["url"] + "#/dyad?a=IRQ&b=SYR&freq=month")
    _by_id(page, "analyst-name").fill("Browser Analyst")
    _by_id(page, "analyst-token").fill(TOKEN)
    _by_id(page, "analyst-token").press("Enter")
    _by_id(page, "analyst-token").dispatch_event("change")
    row = _by_id(page, "event-row").first
    row.wait_for()
    row.click()
    form = _by_id(page, "correction-form").first
    form.wait_for()
    form.get_by_test_id("correction-kind").select_option("mode")
    form.get_by_test_id("correction-value").select_option("planned")
    form.get_by_test_id("correction-reason").fill("the talks were only announced")
    form.get_by_test_id("correction-submit").click()
    _by_id(page, "corrected-badge").first.wait_for()
    after = httpx.get(served["url"] + f"api/events/{target['event_id']}").json()
    assert after["event"]["mode"] == "planned" and after["event"]["corrected"]
    assert after["corrections"][-1]["author"] == "Browser Analyst"
    assert after["corrections"][-1]["reason"] == "the talks were only announced"


def test_a_hostile_article_renders_as_text(page, served):
    page.goto(served["url"] + f"#/document/{served['hostile_id']}")
    text = _by_id(page, "doc-text")
    text.wait_for()
    page.wait_for_timeout(300)  # let any injected handler fire, were there one
    shown = text.inner_text()
    assert "<img src=x onerror=" in shown and "<script>" in shown
    assert HOSTILE_TITLE in _by_id(page, "doc-title").inner_text()
    assert page.evaluate("window.__pwned") is None
    view = _by_id(page, "view-document")
    assert view.locator("img").count() == 0 and view.locator("script").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("[onerror], [onmouseover]").count() == 0


def test_the_api_docs_render_offline_under_the_security_policy(page, served):
    page.goto(served["url"] + "docs")
    title = page.locator(".swagger-ui .info .title")
    title.wait_for()
    assert "dyadwatch" in title.inner_text()
    assert page.locator(".opblock").count() >= 10  # the endpoints are listed


def test_hostile_correction_text_and_aliases_render_as_text(page, served):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    event = httpx.get(served["url"] + "api/events", params={"dyad": "ISIS:SDF", "level": "merged"}).json()["events"][0]
    hostile = "<img src=x onerror=\"window.__pwned = 'correction'\">"
    done = httpx.post(served["url"] + "api/corrections", headers=auth,
                      json={"kind": "mode", "event_id": event["event_id"], "value": "planned", "author": hostile,
                            "reason": "<script>window.__pwned = 'reason'</script>"})
    assert done.status_code == 200, done.text
    alias = httpx.post(served["url"] + "api/corrections", headers=auth,
                       json={"kind": "alias", "actor_id": "SDF", "value": "javascript:window.__pwned='alias'",
                             "author": hostile})
    assert alias.status_code == 200, alias.text
    page.goto(served["url"] + "#/dyad?a=ISIS&b=SDF&freq=month")
    row = page.get_by_test_id("event-row").filter(has_text="planned").first
    row.wait_for()
    row.click()
    history = page.get_by_test_id("correction-history").first
    history.wait_for()
    assert hostile in history.inner_text()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("[data-testid='view-dyad'] img").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
