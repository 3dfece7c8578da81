"""Checks every page the suites visit: axe-core finds 0 WCAG 2.0/2.1 A and AA violations,
and screenshots at phone and desktop size go to test-output/ for a person to look at."""
import json
import time
import pathlib
import re

from axe_selenium_python import Axe
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from conftest import OUTPUT

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VISITED = []
USED_TAGS = set()


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def check_page(driver, name):
    """axe + screenshots for the page the driver shows now."""
    VISITED.append(name)
    # The axe-core copy shipped inside axe-selenium-python; its run() wrapper hangs with this
    # axe version, so axe.run is called directly.
    Axe(driver).inject()
    driver.set_script_timeout(60)
    # Older axe-core copies have no `wcag21a` tag (their 2.1 A rules carry `wcag2a`): run every
    # requested tag this copy knows.
    known = set(driver.execute_script("return axe.getRules().flatMap(r => r.tags)"))
    tags = [t for t in WCAG_TAGS if t in known]
    USED_TAGS.update(tags)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(r => done({violations: r.violations})).catch(e => done({error: String(e)}));", tags)
    assert "error" not in result, f"{name}: axe failed: {result.get('error')}"
    violations = result["violations"]
    OUTPUT.mkdir(exist_ok=True)
    if violations:
        (OUTPUT / f"axe-{slug(name)}.json").write_text(json.dumps(violations, indent=2, ensure_ascii=False))
    assert not violations, f"{name}: axe found {len(violations)} violation(s):\n" + "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in violations)
    size = driver.get_window_size()
    for width, height, label in [(375, 812, "mobile"), (1280, 800, "desktop")]:
        driver.set_window_size(width, height)
        total = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
        driver.set_window_size(width, min(max(height, total + 150), 6000))
        driver.save_screenshot(str(OUTPUT / f"{slug(name)}-{label}.png"))
        if label == "mobile":
            # Readable at phone width without horizontal scrolling (WCAG 1.4.10 reflow).
            overflow = driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name}: scrolls sideways by {overflow}px at 375px"
    driver.set_window_size(size["width"], size["height"])
    # Let the page settle after the resizes before anyone touches it again.
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    time.sleep(0.1)


def retrying(action, attempts=4):
    """Runs an element action, again if chromedriver reports the freshly found node as "not in
    the document" (a known flake right after the window was resized for screenshots; the
    action did not happen then, so repeating it is safe)."""
    from selenium.common.exceptions import WebDriverException, StaleElementReferenceException
    for attempt in range(attempts):
        try:
            return action()
        except (WebDriverException, StaleElementReferenceException) as e:
            flaky = "does not belong to the document" in str(e) or isinstance(e, StaleElementReferenceException)
            if not flaky or attempt == attempts - 1:
                raise
            time.sleep(0.25)


def navigates(driver, action):
    """Runs an action that loads a new page (a click, Enter, a form submit) and waits until
    the old page is gone and the new one has loaded. Chromedriver sometimes reports a freshly
    found element as "not in the document" just after the window was resized for screenshots;
    the click did not happen then, so it is tried again."""
    from selenium.common.exceptions import WebDriverException, StaleElementReferenceException
    old = driver.find_element(By.TAG_NAME, "html")
    retrying(action)

    def gone(_):
        # This chromedriver reports an element of the previous document as "does not belong to
        # the document" rather than stale; both mean the old page is gone.
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise

    WebDriverWait(driver, 15).until(gone)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")
