"""The citizen path with the keyboard alone (Tab, Shift+Tab, Enter, Space), checking that
every focused element shows a visible focus indicator."""
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from pages import check_page, navigates

CITIZEN = "12838800058"   # Ida Testesen, synthetic
CHILD = "21811950057"     # Nora Demodal, synthetic

FOCUS_STYLE = """
const el = document.activeElement;
if (!el || el === document.body) return null;
const s = getComputedStyle(el);
return {id: el.id, name: el.getAttribute('name'), tag: el.tagName, text: (el.innerText || '').trim().slice(0, 60),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
        shadow: s.boxShadow !== 'none', background: s.backgroundColor};
"""


def keys(driver, *k):
    ActionChains(driver).send_keys(*k).perform()


def focused(driver):
    return driver.execute_script(FOCUS_STYLE)


def tab_to(driver, match, limit=80):
    """Presses Tab until the focused element matches; asserts each stop shows focus."""
    for _ in range(limit):
        keys(driver, Keys.TAB)
        f = focused(driver)
        if f is None:
            continue
        assert f["outline"] or f["shadow"], f"no visible focus indicator on {f}"
        if match(f):
            return f
    raise AssertionError("could not reach the element with Tab")


def by_id(i):
    return lambda f: f["id"] == i


def by_text(t):
    return lambda f: t in f["text"]


def test_citizen_path_with_keyboard_only(server, browser):
    b = browser
    b.get(server + "/k/5503/skoleskyss")
    # The skip link comes first and moves focus to main
    keys(b, Keys.TAB)
    assert "Hopp til hovedinnholdet" in focused(b)["text"]
    tab_to(b, by_text("Logg inn"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    tab_to(b, by_id("f-fodselsnummer"))
    keys(b, CITIZEN)
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert b.current_url.endswith("/k/5503/skoleskyss")
    tab_to(b, by_text("Start søknaden"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert b.current_url.endswith("/soknad")

    for field, value in [("f-elevens_fnr", CHILD), ("f-elevens_navn", "Nora Demodal"), ("f-adresse-gate", "Sjøgata 2"),
                         ("f-adresse-postnummer", "9405"), ("f-adresse-poststed", "Harstad")]:
        tab_to(b, by_id(field))
        keys(b, value)
    tab_to(b, by_id("f-skole-0"))
    keys(b, Keys.SPACE)
    tab_to(b, by_id("f-trinn"))
    keys(b, "1")
    tab_to(b, by_id("f-avstand_km"))
    keys(b, "2,5")
    tab_to(b, lambda f: f["name"] == "farlig_skolevei")
    keys(b, Keys.SPACE)   # "Ja" (the first radio)
    tab_to(b, by_id("f-farlig_beskrivelse"))
    keys(b, "Riksveien har ingen fortau.")
    tab_to(b, lambda f: f["name"] == "helsebehov")
    keys(b, Keys.ARROW_DOWN)   # moves to and selects "Nei"
    tab_to(b, by_text("Gå videre"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert b.current_url.endswith("/sjekk"), b.current_url
    assert "Riksveien har ingen fortau." in b.page_source
    tab_to(b, by_text("Send søknaden"))
    navigates(b, lambda: keys(b, Keys.SPACE))
    assert b.current_url.endswith("/kvittering"), b.current_url
    check_page(b, "Kvittering etter tastaturbruk")
    tab_to(b, by_text("Følg saken"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert "/mine-saker/" in b.current_url
    assert "Mottatt" in b.page_source


def test_focus_is_visible_on_links_buttons_and_inputs(server, browser):
    browser.get(server + "/logg-inn")
    seen = set()
    for _ in range(15):
        keys(browser, Keys.TAB)
        f = focused(browser)
        if f is None:
            continue
        assert f["outline"] or f["shadow"], f"no visible focus indicator on {f}"
        seen.add(f["tag"])
    assert {"A", "INPUT", "BUTTON"} <= seen, seen


def test_upload_with_keyboard_only(server, browser):
    """An attachment with the keyboard alone: Tab reaches the file input (its dialog is the
    browser's own; choosing the file is what `send_keys` to the focused input does), the
    description, «Last opp filen» and, after it, «Gå videre»."""
    import os
    import tempfile
    from test_uploads import PDF
    path = os.path.join(tempfile.mkdtemp(prefix="radhus-kbd-"), "legeerklaering.pdf")
    with open(path, "wb") as f:
        f.write(PDF)
    b = browser
    # Page 1 whatever an earlier test left in this person's draft.
    b.get(server + "/logg-inn?neste=/k/5503/parkeringstillatelse/soknad%3Fsteg%3Dperson")
    tab_to(b, by_id("f-fodselsnummer"))
    keys(b, CITIZEN)
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert "/parkeringstillatelse/soknad" in b.current_url, b.current_url
    assert "Steg 1 av 4" in b.page_source
    for field, value in [("f-gjelder_fnr", CITIZEN), ("f-navn", "Ida Testesen"), ("f-adresse-gate", "Storgata 12"),
                         ("f-adresse-postnummer", "9405"), ("f-adresse-poststed", "Harstad")]:
        tab_to(b, by_id(field))
        keys(b, value)
    tab_to(b, by_text("Gå videre"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert "Steg 2 av 4" in b.page_source
    tab_to(b, lambda f: f["name"] == "rolle")
    keys(b, Keys.SPACE)
    tab_to(b, by_id("f-begrunnelse"))
    keys(b, "Jeg kan gå høyst 50 meter.")
    tab_to(b, by_text("Gå videre"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert "Steg 3 av 4" in b.page_source
    tab_to(b, by_id("f-legeerklaering"))
    b.switch_to.active_element.send_keys(path)
    tab_to(b, by_id("f-legeerklaering-beskrivelse"))
    keys(b, "Legeerklæring")
    tab_to(b, by_text("Last opp filen"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert "legeerklaering.pdf" in b.page_source
    check_page(b, "Vedlegg lastet opp med tastaturet")
    tab_to(b, by_text("Gå videre"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert "Steg 4 av 4" in b.page_source
    tab_to(b, by_text("Gå videre"))
    navigates(b, lambda: keys(b, Keys.ENTER))
    assert b.current_url.endswith("/sjekk"), b.current_url
    assert "legeerklaering.pdf" in b.page_source
    check_page(b, "Sjekk svarene med vedlegg etter tastaturbruk")
