"""The learner's JupyterLab in a real browser: Playwright drives Debian's Chromium, network blocked but loopback.

One `chiiki-lab lab` (fresh HOME and working folder, free loopback port) serves every test of this module.
Screenshots go to test-artifacts/browser/ (gitignored). Never runs `playwright install`: the system
chromium is launched through executable_path. Selectors: see ../shared/docs/browser-testing-notes.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
ARTEFACTS = ROOT / "test-artifacts" / "browser"
TOKEN = "browser-test"
CURRENT = ".jp-NotebookPanel:not(.lm-mod-hidden)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """`chiiki-lab lab` as a learner starts it, on a free port; stopped with SIGTERM afterwards."""
    home = tmp_path_factory.mktemp("home")
    work = home / "chiiki_lab"
    port = _free_port()
    env = {**os.environ, "HOME": str(home), "JUPYTER_RUNTIME_DIR": str(home / "runtime")}
    env.pop("JUPYTER_CONFIG_DIR", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "chiiki_lab.cli", "lab", "--dir", str(work), "--port", str(port), "--no-browser",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
         "--LabApp.expose_app_in_browser=True"],  # lets the test open files through JupyterLab's own commands
        cwd=home, env=env, stdout=open(home / "lab.log", "w"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.time() + 90
    while True:
        try:
            opener.open(f"{url}/api/status?token={TOKEN}", timeout=5).read()
            break
        except OSError:
            assert proc.poll() is None and time.time() < deadline, (home / "lab.log").read_text()
            time.sleep(0.5)
    yield {"url": url, "work": work, "opener": opener, "log": home / "lab.log"}
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)


@pytest.fixture(scope="module")
def browser_page(lab, chromium):
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    blocked = []

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    # matched inside the driver (a regex, not a Python callback): JupyterLab's hundreds of loopback
    # requests never wait for Python; anything else is recorded and aborted
    not_loopback = re.compile(r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost)[:/]|data:|blob:|about:)")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--proxy-server=127.0.0.1:9"])
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ja-JP")
        context.route(not_loopback, block)
        page = context.new_page()
        page.set_default_timeout(60_000)  # two shared cores: JupyterLab can take a while to draw
        page.goto(f"{lab['url']}/?token={TOKEN}")  # the bare address: the server sends it to its first page
        page.wait_for_selector(CURRENT, timeout=90_000)
        page.blocked = blocked
        yield page
        context.close()
        browser.close()


# --------------------------------------------------------------------------- helpers


def command(page, name: str, args: dict | None = None, timeout: float = 60, wait: bool = True):
    """Run a JupyterLab command; with ``wait``, until it is done (failing after ``timeout`` seconds).

    Commands that may ask a question (closing unsaved notebooks) are started with ``wait=False``, so the
    test can answer the dialog.
    """
    page.evaluate("""([n, a, ms, wait]) => {
        const done = window.jupyterapp.commands.execute(n, a).then(() => null);
        if (!wait) return null;
        return Promise.race([done, new Promise((_, fail) =>
            setTimeout(() => fail(new Error('command ' + n + ' timed out')), ms))]);
    }""", [name, args or {}, timeout * 1000, wait])


def current_title(page) -> str:
    return page.evaluate("() => window.jupyterapp.shell.currentWidget.context?.path ?? ''")


def open_notebook(page, path: str, kernel: bool = True):
    """Open a file in JupyterLab; for a notebook wait until it is loaded (and, with ``kernel``, its kernel idle)."""
    command(page, "docmanager:open", {"path": path})
    page.wait_for_function("p => { const w = window.jupyterapp.shell.currentWidget;"
                           " return w?.context?.path === p && w.context.isReady; }", arg=path, timeout=90_000)
    if kernel:
        wait_idle(page)


def wait_idle(page, timeout: float = 180):
    """The current notebook is loaded, its kernel connected and idle, and no cell is waiting ([*])."""
    page.wait_for_function(
        """sel => {
            const w = window.jupyterapp.shell.currentWidget;
            const kernel = w?.sessionContext?.session?.kernel;
            if (!w?.context?.isReady || !kernel || kernel.connectionStatus !== 'connected' || kernel.status !== 'idle')
                return false;
            const panel = document.querySelector(sel);
            return panel && ![...panel.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('[*]'));
        }""", arg=CURRENT, timeout=timeout * 1000)


def run_all(page, timeout: float = 180):
    page.locator("#jp-MainMenu .lm-MenuBar-item", has_text=re.compile(r"^(Run|実行)$")).click()
    page.locator(".lm-Menu:visible .lm-Menu-item", has_text=re.compile(r"^(Run All Cells|すべてのセルを実行)")).first.click()
    page.wait_for_timeout(500)
    wait_idle(page, timeout)


def save(page):
    command(page, "docmanager:save")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000)


def stop_kernels(lab):
    """Kernels of notebooks already checked are shut down, so they do not pile up on two cores."""
    base, opener = lab["url"], lab["opener"]
    sessions = json.loads(opener.open(f"{base}/api/sessions?token={TOKEN}").read())
    for session in sessions:
        opener.open(urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE"))


def close_all(page, lab):
    command(page, "application:close-all", wait=False)
    page.wait_for_timeout(300)
    for _ in range(3):  # "save changes?" dialogs: discard, the test saved what it needs
        dialog = page.locator(".jp-Dialog")
        if dialog.count() == 0:
            break
        dialog.locator("button", has_text=re.compile("Discard|破棄|保存しない")).first.click()
        page.wait_for_timeout(200)
    stop_kernels(lab)


def shot(page, name: str):
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"))


def errors_in(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [o.get("ename", "") + ": " + o.get("evalue", "")
            for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]


def cell_with(page, text: str):
    return page.locator(f"{CURRENT} .jp-CodeCell", has=page.locator(".cm-content", has_text=text)).first


def replace_cell_source(page, cell, code: str):
    cell.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(code)
    page.keyboard.press("Escape")


def run_cell(page, cell):
    cell.locator(".jp-InputPrompt").first.click()
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(300)
    wait_idle(page)


# --------------------------------------------------------------------------- tests


def test_notebook_00_opens_first_and_runs_without_errors(browser_page, lab):
    page = browser_page
    assert current_title(page) == "notebooks/00_introduction.ipynb"  # LabApp.default_url, not the Launcher
    # the address printed for the learner (and opened in their browser) is notebook 00's too
    assert f"{lab['url']}/lab/tree/notebooks/00_introduction.ipynb?token=" in lab["log"].read_text()
    wait_idle(page)
    shot(page, "00_opened")
    run_all(page)
    save(page)
    stderr = page.locator(f'{CURRENT} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert stderr.count() == 0, stderr.all_text_contents()
    assert errors_in(lab["work"] / "notebooks" / "00_introduction.ipynb") == []
    prompts = page.locator(f"{CURRENT} .jp-CodeCell .jp-InputPrompt").all_text_contents()
    assert prompts and all(re.search(r"\[\d+\]", p) for p in prompts), prompts  # every cell ran
    shot(page, "00_after_run_all")
    close_all(page, lab)


def _exercise_links(work: Path) -> dict[str, list[str]]:
    links = {}
    for path in sorted((work / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        text = "".join("".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
                       if c["cell_type"] == "markdown")
        found = re.findall(r"\]\((\.\./exercises[^)\s]*)\)", text)
        if found:
            links[path.relative_to(work).as_posix()] = found
    return links


def test_every_link_to_the_exercises_opens_them(browser_page, lab):
    page = browser_page
    links = _exercise_links(lab["work"])
    assert links, "no notebook links to the exercises"
    failures = []
    for notebook, hrefs in links.items():
        open_notebook(page, notebook, kernel=False)  # reading links needs no kernel
        for i, href in enumerate(hrefs):
            open_notebook(page, notebook, kernel=False)  # back to the notebook after the previous link
            # JupyterLab rewrites a relative href when it renders the link (/files/…): match on what stays
            anchor = page.locator(f'{CURRENT} .jp-RenderedMarkdown a[href*="exercises"]').nth(i)
            anchor.scroll_into_view_if_needed()
            anchor.click()
            page.wait_for_timeout(1500)
            dialog = page.locator(".jp-Dialog")
            if dialog.count():
                failures.append(f"{notebook} → {href}: {dialog.first.text_content()[:120]}")
                shot(page, "link_error_" + Path(notebook).stem)
                dialog.locator(".jp-Dialog-button").first.click()
                continue
            opened = current_title(page)
            crumbs = page.locator(".jp-BreadCrumbs").first.text_content() or ""
            target = href.removeprefix("../")
            if not (opened.startswith("exercises/") or ("exercises" in crumbs and target.rstrip("/") == "exercises")):
                failures.append(f"{notebook} → {href}: opened {opened!r}, file browser at {crumbs!r}")
        close_all(page, lab)
    assert not failures, "\n".join(failures)


def test_explorer_in_notebook_01_reacts_and_survives_reopening(browser_page, lab):
    page = browser_page
    path = "notebooks/01_population_aging.ipynb"
    source = (lab["work"] / path).read_text(encoding="utf-8")
    assert "explore(" in source, "notebook 01 has no explorer section (cl.explore) yet"
    open_notebook(page, path)
    run_all(page)
    selects = page.locator(f"{CURRENT} .widget-dropdown select")
    assert selects.count() == 3, "the explorer did not render"
    assert page.locator(f"{CURRENT} :text('Error displaying widget')").count() == 0
    figures = page.locator(f"{CURRENT} .widget-html-content", has_text="国勢調査").first
    pyramid = page.locator(f"{CURRENT} .widget-output img").first
    iframe = page.locator(f"{CURRENT} .widget-output iframe").first
    figures.scroll_into_view_if_needed()
    before = (figures.text_content(), pyramid.get_attribute("src"), iframe.get_attribute("srcdoc"))
    box = iframe.bounding_box()
    assert box["width"] >= 800 and box["height"] >= 400, box  # readable on a 1366×768 laptop

    def paths_and_legend():
        frame = iframe.element_handle().content_frame()
        frame.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0",
                                timeout=30_000)
        return frame.evaluate("""() => {
            const legend = document.querySelector('.chiiki-legend').getBoundingClientRect();
            const map = document.querySelector('.leaflet-container').getBoundingClientRect();
            return [document.querySelectorAll('.leaflet-overlay-pane path').length,
                    legend.width * legend.height / (map.width * map.height)];
        }""")

    paths, legend_share = paths_and_legend()
    assert paths > 10 and legend_share < 0.15, (paths, legend_share)
    iframe.scroll_into_view_if_needed()
    shot(page, "01_explorer_initial")

    def now():
        return figures.text_content(), pyramid.get_attribute("src"), iframe.get_attribute("srcdoc")

    def wait_until_all_change(old, seconds=90):
        deadline = time.time() + seconds
        while time.time() < deadline:
            current = now()
            if all(a != b for a, b in zip(old, current)):
                return current
            page.wait_for_timeout(500)
        changed = dict(zip(("figures", "pyramid", "map"), (a != b for a, b in zip(old, now()))))
        raise AssertionError(f"the explorer did not redraw everything: {changed}")

    selects.nth(0).select_option(label="東京都")
    after_pref = wait_until_all_change(before)
    wait_idle(page)
    assert "東京都" in after_pref[0]
    paths, _ = paths_and_legend()
    assert paths > 10
    view = iframe.element_handle().content_frame().evaluate(
        "() => Object.values(window).find(v => v instanceof L.Map).getBounds().toBBoxString()")
    west, south, east, north = map(float, view.split(","))
    assert south > 35.2 and west < 139.0 and east > 139.8, view  # Tokyo's mainland; 伊豆大島 is at 34.7°N
    shot(page, "01_explorer_tokyo")

    selects.nth(2).select_option(label="人口密度")
    page.wait_for_function("([sel, t]) => [...document.querySelectorAll(sel + ' .widget-html-content b')]"
                           ".some(e => e.textContent.includes(t))", arg=[CURRENT, "人口密度"], timeout=90_000)
    page.wait_for_function("([sel, old]) => document.querySelector(sel + ' .widget-output iframe')?.srcdoc !== old",
                           arg=[CURRENT, after_pref[2]], timeout=90_000)  # the map changes with the indicator
    wait_idle(page)
    paths, _ = paths_and_legend()
    assert paths > 10
    shot(page, "01_explorer_density")

    save(page)
    close_all(page, lab)  # kernel shut down: the reopened notebook has no live widget models
    open_notebook(page, path)
    page.wait_for_timeout(3000)
    output = page.locator(f"{CURRENT} .jp-Cell-outputArea", has=page.locator(".widget-dropdown, img")).first
    text = page.locator(CURRENT).text_content()
    assert "Error displaying widget" not in text and "model not found" not in text
    assert page.locator(f"{CURRENT} .jp-OutputArea-output img").count() > 0
    output.scroll_into_view_if_needed()
    shot(page, "01_explorer_reopened")
    close_all(page, lab)


def test_choropleth_draws_polygons_inside_the_output_iframe(browser_page, lab):
    page = browser_page
    open_notebook(page, "notebooks/02_maps.ipynb")
    run_all(page)
    iframes = page.locator(f"{CURRENT} .jp-Cell-outputArea iframe")
    assert iframes.count() > 0, "no map output"
    counts = []
    for i in range(iframes.count()):
        frame = iframes.nth(i)
        frame.scroll_into_view_if_needed()
        content = frame.element_handle().content_frame()
        content.wait_for_function("() => document.querySelectorAll('.leaflet-overlay-pane path').length > 0",
                                  timeout=30_000)
        counts.append(content.evaluate("() => document.querySelectorAll('.leaflet-overlay-pane path').length"))
    assert min(counts) > 40, counts
    shot(page, "02_maps")
    close_all(page, lab)


def test_exercise_feedback_wrong_then_right(browser_page, lab):
    page = browser_page
    open_notebook(page, "exercises/ch01_population.ipynb")
    setup = cell_with(page, "LEARNER_ID")
    run_cell(page, setup)
    answer = cell_with(page, "choice_1_5 =")
    check = cell_with(page, 'check("1-5"')
    replace_cell_source(page, answer, 'choice_1_5 = "a"')
    run_cell(page, answer)
    run_cell(page, check)
    assert "✗" in check.locator(".jp-Cell-outputArea").text_content()
    shot(page, "ch01_wrong")
    replace_cell_source(page, answer, 'choice_1_5 = "b"')
    run_cell(page, answer)
    run_cell(page, check)
    feedback = check.locator(".jp-Cell-outputArea").text_content()
    assert "✓" in feedback and "✗" not in feedback
    shot(page, "ch01_right")
    close_all(page, lab)


def test_nothing_left_the_machine(browser_page):
    """JupyterLab and every notebook worked offline: the browser asked for nothing beyond the loopback."""
    assert browser_page.blocked == [], browser_page.blocked[:5]
