"""Issue 20 in a real browser: the dialogue on a case, with axe on every new page."""
import os
import tempfile
import time

from selenium.webdriver.common.by import By

from pages import check_page, retrying
from test_journeys import CHILD, CITIZEN, click_radio, fill, fill_skoleskyss, follow, staff_login, submit


def citizen_applies(b, server, health_need=True, km="5,5"):
    """Ola signs in with the test login and sends a skoleskyss application; returns its saksnummer.
    Without a health need the rules decide it at once: granted at 5,5 km, refused at 2,5."""
    b.get(server + "/k/5503/skoleskyss/soknad")
    fill(b, "f-fodselsnummer", CITIZEN)
    submit(b)
    fill(b, "f-elevens_navn", "Noah Prøvestad")
    fill_skoleskyss(b, CHILD, "Storgata 1", "9405", school=0, grade="3", km=km, health_need=health_need)
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
    # …with the school's form for the statement as a file (the letter carries it)
    form_file = os.path.join(tempfile.mkdtemp(prefix="radhus-req-"), "skjema-skolevei.pdf")
    with open(form_file, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n")
    s.find_element(By.ID, "f-foresporsel-vedlegg").send_keys(form_file)
    submit(s, "form[action$='/dialog/foresporsel'] button[type=submit]")
    assert "Forespørselen er sendt" in s.page_source
    assert "skjema-skolevei.pdf" in s.page_source
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
    assert b.find_element(By.LINK_TEXT, "skjema-skolevei.pdf")
    # the request's letter in the inbox lists the file under it
    case_page = b.current_url
    b.get(server + "/innboks")
    follow(b, By.PARTIAL_LINK_TEXT, "Vi trenger flere opplysninger")
    assert "## Vedlegg" not in b.page_source and "skjema-skolevei.pdf (1 kB)" in b.page_source
    check_page(b, "Brev med vedlegg")
    b.get(case_page)
    submit(b, "section.panel-warning form button[type=submit]")
    check_page(b, "Min sak med feil i svar")
    assert "Skriv en melding." in b.page_source
    fill(b, "f-melding-tekst", "Rektor bekrefter at det ikke er fortau langs Storgata.")
    # …with the school's statement as a file
    statement = os.path.join(tempfile.mkdtemp(prefix="radhus-msg-"), "bekreftelse-skolen.pdf")
    with open(statement, "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n")
    b.find_element(By.ID, "f-melding-vedlegg").send_keys(statement)
    submit(b, "section.panel-warning form button[type=submit]")
    assert "Meldingen er sendt" in b.page_source
    assert "bekreftelse-skolen.pdf" in b.page_source
    assert "Venter på deg" not in b.page_source
    check_page(b, "Min sak etter svar")

    # The case is back in the caseworker's queue, marked, with the answer on it
    s.get(server + "/ansatt/saker?tildelt=meg")
    assert saksnummer in s.page_source and "Svar mottatt" in s.page_source
    check_page(s, "Mine saker med svar mottatt")
    follow(s, By.LINK_TEXT, saksnummer)
    assert "Rektor bekrefter at det ikke er fortau" in s.page_source
    assert "Under behandling" in s.page_source
    assert s.find_element(By.LINK_TEXT, "bekreftelse-skolen.pdf").get_attribute("href").endswith(
        "/vedlegg/" + s.find_element(By.LINK_TEXT, "bekreftelse-skolen.pdf").get_attribute("href").split("/")[-1])

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


def test_a_citizen_appeals_the_kommune_upholds_the_package_goes_and_the_outcome_closes_the_case(
        server, mailbox, browser, second_browser):
    b, s = browser, second_browser
    saksnummer = citizen_applies(b, server, health_need=False, km="2,5")

    # The refused applicant appeals in «Mine saker»; an empty appeal comes back with its problem
    b.get(server + "/mine-saker")
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)
    assert "Klage på vedtaket" in b.page_source and "Fristen er " in b.page_source
    check_page(b, "Min sak med klageskjema")
    submit(b, "form[action$='/klage'] button[type=submit]")
    assert "Skriv hva du klager på, og hvorfor." in b.page_source
    check_page(b, "Min sak med feil i klagen")
    fill(b, "f-klage-tekst", "Skoleveien går langs en vei uten fortau, og det er mørkt om vinteren.")
    submit(b, "form[action$='/klage'] button[type=submit]")
    assert "Klagen er sendt" in b.page_source
    appeal = b.find_element(By.TAG_NAME, "h1").text.split(" – ")[-1]
    assert appeal != saksnummer and "Klage på vedtaket i sak " + saksnummer in b.page_source
    check_page(b, "Klagesak for søker")

    # The caseworker finds the appeal in the queue, upholds the decision and sends it on
    staff_login(s, server, "harstad.saksbehandler")
    assert f">{appeal}<" in s.page_source and f">{saksnummer}<" not in s.page_source
    check_page(s, "Saksliste med klage")
    follow(s, By.LINK_TEXT, appeal)
    assert "Omgjør vedtaket" in s.page_source and "mørkt om vinteren" in s.page_source
    check_page(s, "Klagesak")
    fill(s, "f-oversend-tekst", "Avstanden er 2,5 km. Kommunen har vurdert veien som trygg for elever på 3. trinn.")
    submit(s, "form[action$='/klage/oversend'] button[type=submit]")
    assert "Klagen er sendt til klageinstansen" in s.page_source
    assert "Sendt til klageinstans" in s.page_source
    check_page(s, "Klagesak sendt til klageinstansen")

    # The package reaches the statsforvalter's mailbox: the PDF, the journal posts, the documents
    package = None
    for _ in range(100):
        for name in sorted(os.listdir(mailbox["dir"])):
            if name.endswith(".eml"):
                text = open(os.path.join(mailbox["dir"], name), encoding="utf-8", errors="replace").read()
                if "To: klage@statsforvalteren.example" in text and f"klagesak-{appeal.replace('/', '-')}.pdf" in text:
                    package = text
        if package:
            break
        time.sleep(0.2)
    assert package, "no appeal package in the mailbox"
    assert "noark5-journalposter.xml" in package and "application/pdf" in package

    # The statsforvalter upholds; the caseworker registers it, and both cases close
    s.refresh()
    assert "Klageinstans (e-post med saksdokumentene)" in s.page_source
    click_radio(s, "f-klageutfall-0")
    fill(s, "f-utfall-tekst", "Statsforvalteren stadfestet vedtaket i brev av i dag.")
    submit(s, "form[action$='/klage/utfall'] button[type=submit]")
    assert "Avgjørelsen er registrert." in s.page_source and "Stadfestet" in s.page_source
    check_page(s, "Klagesak avgjort")
    b.get(server + "/innboks")
    follow(b, By.PARTIAL_LINK_TEXT, "Klagen din er avgjort")
    assert "stadfestet vedtaket i sak " + saksnummer in b.page_source
    b.get(server + "/mine-saker")
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)
    assert "Vedtak fattet" in b.page_source and "Klageinstansen stadfestet vedtaket" in b.page_source
    assert "Send klagen" not in b.page_source


def test_the_two_person_check_a_proposal_and_its_approval(clocked_server, browser, second_browser):
    # A server of its own: the check changes how every skoleskyss decision in Harstad is made.
    server, _ = clocked_server
    b, s = browser, second_browser
    staff_login(s, server, "harstad.leder")
    s.get(server + "/ansatt/tjenester/skoleskyss")
    click_radio_or_box = s.find_element(By.CSS_SELECTOR, "label[for='totrinn']")
    click_radio_or_box.click()
    submit(s, "form[action='/ansatt/tjenester/skoleskyss/lokalt'] button[type=submit]")
    assert "Endringene er lagret" in s.page_source
    check_page(s, "Tjeneste med to-trinns kontroll")

    saksnummer = citizen_applies(b, server)
    staff_login(b, server, "harstad.saksbehandler")
    follow(b, By.LINK_TEXT, saksnummer)
    click_radio(b, "f-utfall-0")
    fill(b, "f-begrunnelse", "Helsebehovet er dokumentert, og eleven har rett til skyss.")
    submit(b, ".decision-form button[type=submit]")
    assert "venter på at en annen saksbehandler godkjenner" in b.page_source
    assert "Til godkjenning" in b.page_source and "Godkjenn og send vedtaket" not in b.page_source
    check_page(b, "Saksside med forslag til vedtak")

    s.get(server + "/ansatt/saker?status=til_godkjenning")
    follow(s, By.LINK_TEXT, saksnummer)
    assert "Helsebehovet er dokumentert" in s.page_source
    check_page(s, "Forslag til godkjenning")
    submit(s, "form[action$='/forslag/godkjenn'] button[type=submit]")
    assert "Vedtaket er fattet" in s.page_source and "godkjent av Leif Larsen" in s.page_source
