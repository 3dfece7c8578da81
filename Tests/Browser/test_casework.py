"""Issue 20 in a real browser: the dialogue on a case, with axe on every new page."""
import time

from selenium.webdriver.common.by import By

from pages import check_page, retrying
from test_journeys import CHILD, CITIZEN, click_radio, fill, fill_skoleskyss, follow, staff_login, submit


def citizen_applies(b, server, health_need=True):
    """Ola signs in with the test login and sends a skoleskyss application; returns its saksnummer.
    Without a health need and at 5,5 km the rules decide it at once."""
    b.get(server + "/k/5503/skoleskyss/soknad")
    fill(b, "f-fodselsnummer", CITIZEN)
    submit(b)
    fill(b, "f-elevens_navn", "Noah Prøvestad")
    fill_skoleskyss(b, CHILD, "Storgata 1", "9405", school=0, grade="3", km="5,5", health_need=health_need)
    submit(b)
    submit(b)
    assert b.current_url.endswith("/kvittering"), b.current_url
    return b.find_element(By.CSS_SELECTOR, ".case-number").text


def open_details(driver, summary):
    """Opens a <details> by its summary (no page load)."""
    retrying(lambda: driver.find_element(By.XPATH, f"//summary[normalize-space()='{summary}']").click())


def test_caseworker_requests_a_document_and_the_citizen_answers(server, browser, second_browser):
    b, s = browser, second_browser
    saksnummer = citizen_applies(b, server)

    # The caseworker takes the case and asks for a statement from the school
    staff_login(s, server, "harstad.saksbehandler")
    follow(s, By.LINK_TEXT, saksnummer)
    check_page(s, "Saksside med dialog")
    submit(s, "form[action$='/tildel'] button[type=submit]")
    assert "Saken er tildelt." in s.page_source
    open_details(s, "Be om flere opplysninger")
    fill(s, "f-foresporsel-tekst", "Send oss en bekreftelse fra skolen på at skoleveien mangler fortau.")
    fill(s, "f-foresporsel-frist", "i morgen")
    submit(s, "form[action$='/dialog/foresporsel'] button[type=submit]")
    check_page(s, "Saksside med feil i forespørsel")
    assert "Skriv svarfristen som dd.mm.åååå" in s.page_source
    assert "skoleveien mangler fortau" in s.find_element(By.ID, "f-foresporsel-tekst").get_attribute("value")
    s.execute_script(
        "const d = new Date(Date.now() + 7 * 86400000);"
        "document.getElementById('f-foresporsel-frist').value ="
        " String(d.getDate()).padStart(2, '0') + '.' + String(d.getMonth() + 1).padStart(2, '0') + '.' + d.getFullYear();")
    submit(s, "form[action$='/dialog/foresporsel'] button[type=submit]")
    assert "Forespørselen er sendt" in s.page_source
    assert "Venter på søker" in s.page_source
    check_page(s, "Saksside venter på søker")
    follow(s, By.LINK_TEXT, "Tilbake til sakslisten")
    check_page(s, "Saksliste med venter på søker")
    assert "Venter på søker" in s.page_source

    # The citizen sees «Venter på deg», reads the request and answers
    b.get(server + "/mine-saker")
    assert "Venter på deg" in b.page_source
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)
    check_page(b, "Min sak venter på deg")
    assert "Kommunen venter på svar fra deg" in b.page_source
    assert "skoleveien mangler fortau" in b.page_source
    submit(b, "section.panel-warning form button[type=submit]")
    check_page(b, "Min sak med feil i svar")
    assert "Skriv en melding." in b.page_source
    fill(b, "f-melding-tekst", "Rektor bekrefter at det ikke er fortau langs Storgata.")
    submit(b, "section.panel-warning form button[type=submit]")
    assert "Meldingen er sendt" in b.page_source
    assert "Venter på deg" not in b.page_source
    check_page(b, "Min sak etter svar")

    # The case is back in the caseworker's queue, marked, with the answer on it
    s.get(server + "/ansatt/saker?tildelt=meg")
    assert saksnummer in s.page_source and "Svar mottatt" in s.page_source
    check_page(s, "Mine saker med svar mottatt")
    follow(s, By.LINK_TEXT, saksnummer)
    assert "Rektor bekrefter at det ikke er fortau" in s.page_source
    assert "Under behandling" in s.page_source

    # The queue: find the case by the applicant's name, give it back to nobody with the row's
    # checkbox, and keep «Ikke tildelt» as a saved filter
    s.get(server + "/ansatt/saker")
    fill(s, "f-navn", "Prøvestad")
    submit(s, "form.filters:not([role=search]) button[type=submit]")
    assert f">{saksnummer}<" in s.page_source and "Navnesøk føres i tilgangsloggen" in s.page_source
    check_page(s, "Saksliste med navnesøk")
    s.get(server + "/ansatt/saker?tildelt=meg")
    s.find_element(By.CSS_SELECTOR, "input[name='sak[]']").click()
    from selenium.webdriver.support.ui import Select
    Select(s.find_element(By.ID, "f-tildel-valgte")).select_by_visible_text("Ikke tildelt")
    submit(s, "button[form='tildel-valgte']")
    assert f">{saksnummer}<" not in s.page_source
    s.get(server + "/ansatt/saker?tildelt=ingen")
    assert f">{saksnummer}<" in s.page_source
    open_details(s, "Lagre dette filteret")
    fill(s, "f-filternavn", "Ikke tildelt")
    submit(s, "form[action$='/filtre'] button[type=submit]")
    assert "Lagrede filtre" in s.page_source
    check_page(s, "Saksliste med lagret filter")
    follow(s, By.LINK_TEXT, saksnummer)

    # An internal note: the caseworker sees it, the citizen never does
    open_details(s, "Skriv internt notat")
    fill(s, "f-notat-tekst", "Ringte rektor, bekreftet muntlig også.")
    submit(s, "form[action$='/dialog/notat'] button[type=submit]")
    assert "Notatet er lagret." in s.page_source and "Ringte rektor" in s.page_source
    b.refresh()
    assert "Ringte rektor" not in b.page_source


def test_a_case_still_open_after_a_month_gets_its_preliminary_answer(clocked_server, browser, second_browser):
    server, clock = clocked_server
    b, s = browser, second_browser
    saksnummer = citizen_applies(b, server)
    staff_login(s, server, "harstad.saksbehandler")
    follow(s, By.LINK_TEXT, saksnummer)
    assert "sendes et foreløpig svar automatisk" in s.page_source

    # A month less four days later the case is still open: the server's clock moves on
    with open(clock, "w") as f:
        f.write(str(27 * 86400))
    time.sleep(0.5)  # the server reads the file again at most every 200 ms
    # (sessions ended while the month passed: the citizen signs in again)
    b.get(server + "/logg-inn")
    fill(b, "f-fodselsnummer", CITIZEN)
    submit(b)
    for _ in range(50):
        b.get(server + "/innboks")
        if "Foreløpig svar i sak " + saksnummer in b.page_source:
            break
        time.sleep(0.2)
    check_page(b, "Innboks med foreløpig svar")
    follow(b, By.PARTIAL_LINK_TEXT, "Foreløpig svar i sak")
    check_page(b, "Foreløpig svar")
    assert "forvaltningsloven § 11 a" in b.page_source and "Vi regner med å svare innen" in b.page_source
    b.get(server + "/mine-saker")
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)
    assert "Foreløpig svar sendt" in b.page_source

    # The caseworker sees it on the case, in the dialogue and the timeline
    staff_login(s, server, "harstad.saksbehandler")
    follow(s, By.LINK_TEXT, saksnummer)
    assert "Foreløpig svar sendt" in s.page_source
    assert "sendes et foreløpig svar automatisk" not in s.page_source
    check_page(s, "Saksside etter foreløpig svar")


def test_a_citizen_asks_for_review_of_an_automated_decision_and_a_caseworker_decides_anew(
        server, browser, second_browser):
    b, s = browser, second_browser
    saksnummer = citizen_applies(b, server, health_need=False)
    # The rules decided at once; the letter names the right and links to the form
    b.get(server + "/innboks")
    follow(b, By.PARTIAL_LINK_TEXT, "Vedtak om skoleskyss")
    assert "Det kan du gjøre under saken i «Mine saker»" in b.page_source
    follow(b, By.LINK_TEXT, "Be om at en saksbehandler vurderer vedtaket")
    check_page(b, "Min sak med automatisk vedtak")
    fill(b, "f-vurdering-tekst", "Skoleveien går langs en vei uten fortau.")
    submit(b, "form[action$='/vurdering'] button[type=submit]")
    assert "Saken er sendt til en saksbehandler" in b.page_source
    assert "Under behandling" in b.page_source
    check_page(b, "Min sak sendt til vurdering")

    # The caseworker finds it marked, with the rule trace and the earlier decision, and decides anew
    staff_login(s, server, "harstad.saksbehandler")
    assert "Ber om vurdering" in s.page_source
    follow(s, By.LINK_TEXT, saksnummer)
    check_page(s, "Saksside til vurdering")
    for part in ["Regelvurdering", "Tidligere vedtak", "uten fortau"]:
        assert part in s.page_source
    click_radio(s, "f-utfall-0")
    fill(s, "f-begrunnelse", "Vurdert på nytt av saksbehandler: avstanden er over 4 km, og veien mangler fortau.")
    submit(s, ".decision-form button[type=submit]")
    assert "Vedtaket er fattet" in s.page_source
    check_page(s, "Saksside etter nytt vedtak")

    # The citizen gets the new decision, which says it replaces the automated one
    b.get(server + "/innboks")
    links = b.find_elements(By.PARTIAL_LINK_TEXT, "Vedtak om skoleskyss")
    assert len(links) >= 2
    follow(b, By.PARTIAL_LINK_TEXT, "Vedtak om skoleskyss")
    assert "erstatter det automatiske vedtaket" in b.page_source
