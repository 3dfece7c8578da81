"""Issue 24 in a real browser: Ola applies for a building permit with drawings; the checklist
finds the site plan and the plan of responsibilities missing and asks; he uploads them; his two
neighbours are notified, Ida comments through her link without an account; the deadline becomes
12 weeks; the caseworker decides with conditions, 2 weeks and a day after the deadline (the
server's clock moved on), and the letter takes 75 % off the fee. axe on every new page."""
import datetime
import re
import time

from selenium.webdriver.common.by import By

from pages import check_page
from test_admission import IDA, OLA, SIRI, sign_in
from test_journeys import click_radio, fill, follow, staff_login, submit
from test_uploads import PDF, write_temp

NEXT = "main form button.button:not([name])"


def upload(b, field, name):
    b.find_element(By.ID, f"f-{field}").send_keys(write_temp(name, PDF))
    submit(b, f"button[name=handling][value=last-opp]")
    assert name in b.page_source, b.find_element(By.TAG_NAME, "main").text[:600]


def test_a_building_permit_checklist_neighbours_deadline_and_the_reduced_fee(clocked_server, browser,
                                                                            second_browser):
    server, clock = clocked_server
    b, s = browser, second_browser

    # Ola applies with the drawings only
    sign_in(b, server, OLA)
    b.get(server + "/k/5503/byggesak-med-ansvar")
    check_page(b, "Byggesak tjenesteside")
    b.get(server + "/k/5503/byggesak-med-ansvar/soknad")
    fill(b, "f-gnr", "12")
    fill(b, "f-bnr", "34")
    fill(b, "f-eiendom_adresse", "Storgata 1, 9405 Harstad")
    check_page(b, "Byggesak steg 1")
    submit(b, NEXT)
    assert "Steg 2 av 4" in b.page_source
    click_radio(b, "f-soknadstype-0")
    fill(b, "f-ansvarlig_soker", "Bygg og Bolig AS")
    fill(b, "f-ansvarlig_orgnr", "123456785")
    click_radio(b, "f-tiltakstype-1")
    fill(b, "f-areal", "60")
    fill(b, "f-beskrivelse", "Tilbygg på 60 m² mot sør.")
    upload(b, "tegninger", "plantegning.pdf")
    check_page(b, "Byggesak med tegninger")
    submit(b, NEXT)
    assert "Steg 3 av 4" in b.page_source
    click_radio(b, "f-dispensasjon-1")
    submit(b, NEXT)
    assert "Steg 4 av 4" in b.page_source
    fill(b, "f-naboer-0-navn", "Ida Testesen")
    fill(b, "f-naboer-0-fnr", IDA)
    fill(b, "f-naboer-0-adresse", "Storgata 3, 9405 Harstad")
    submit(b, "button[name=handling][value='legg-til.naboer']")
    fill(b, "f-naboer-1-navn", "Siri Demodal")
    fill(b, "f-naboer-1-fnr", SIRI)
    fill(b, "f-naboer-1-adresse", "Fjellveien 7, 9407 Harstad")
    check_page(b, "Byggesak nabovarsel")
    submit(b, NEXT)
    assert b.current_url.endswith("/sjekk"), b.find_element(By.TAG_NAME, "main").text[:800]
    submit(b)
    assert b.current_url.endswith("/kvittering")
    assert "Vi sjekker at søknaden er komplett" in b.page_source
    saksnummer = b.find_element(By.CSS_SELECTOR, ".case-number").text

    # The checklist asks for the missing documents at once: Ola uploads both
    b.get(server + "/mine-saker")
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)
    main = b.find_element(By.TAG_NAME, "main").text
    assert "Søknaden er ikke komplett" in main and "Situasjonsplan" in main and "Gjennomføringsplan" in main, main
    check_page(b, "Byggesak venter på dokumenter")
    b.find_element(By.ID, "f-melding-vedlegg-situasjonsplan").send_keys(write_temp("situasjonsplan.pdf", PDF))
    b.find_element(By.ID, "f-melding-vedlegg-gjennomforingsplan").send_keys(
        write_temp("gjennomforingsplan.pdf", PDF))
    fill(b, "f-melding-tekst", "Her er dokumentene.")
    submit(b, "form[action$='/melding'] button[type=submit]")
    assert "Venter på deg" not in b.page_source

    # Ida's notice is in her inbox; she opens the link without being signed in, and comments
    sign_in(b, server, IDA)
    b.get(server + "/innboks")
    follow(b, By.PARTIAL_LINK_TEXT, "Nabovarsel")
    link = re.search(r"(/nabovarsel/[A-Za-z0-9_-]+)", b.page_source).group(1)
    b.delete_all_cookies()
    b.get(server + link)
    assert "Tilbygg på 60 m² mot sør." in b.page_source and "situasjonsplan.pdf" in b.page_source
    check_page(b, "Nabovarsel")
    submit(b)
    assert "Skriv merknaden din." in b.page_source
    fill(b, "merknad", "Tilbygget tar sola fra hagen min om ettermiddagen.")
    submit(b)
    assert "Merknaden din er mottatt" in b.page_source
    check_page(b, "Nabovarsel med merknad")

    # The caseworker: 12 weeks now, the notices' receipts, the comment; the deadline's last day
    staff_login(s, server, "harstad.saksbehandler")
    follow(s, By.LINK_TEXT, saksnummer)
    main = s.find_element(By.TAG_NAME, "main").text
    assert "12 uker, til og med" in main and "tar sola fra hagen" in main, main
    assert "Merknad mottatt" in main
    check_page(s, "Byggesak på saksbehandlers side")
    last = re.search(r"12 uker, til og med (\d\d\.\d\d\.\d{4})", main).group(1)
    last_day = datetime.datetime.strptime(last, "%d.%m.%Y").replace(hour=12)
    # Two weeks and a day after the last day: the server's clock moves on
    with open(clock, "w") as f:
        f.write(str(int((last_day + datetime.timedelta(days=15) - datetime.datetime.now()).total_seconds())))
    time.sleep(0.5)
    staff_login(s, server, "harstad.saksbehandler")
    s.get(server + "/ansatt/saker?status=alle")
    follow(s, By.LINK_TEXT, saksnummer)
    assert "75 % reduksjon" in s.find_element(By.TAG_NAME, "main").text
    click_radio(s, "f-utfall-0")
    fill(s, "f-begrunnelse", "Tiltaket er i samsvar med reguleringsplanen.")
    fill(s, "f-vilkar", "Taket skal ha samme farge som huset.")
    submit(s, "form[action$='/vedtak'] button[type=submit]")
    assert "Vedtaket er fattet" in s.page_source, s.find_element(By.TAG_NAME, "main").text[:800]

    # Ola's letter: the conditions, the fee and the 75 % taken off
    sign_in(b, server, OLA)
    b.get(server + "/innboks")
    follow(b, By.PARTIAL_LINK_TEXT, "Tillatelse til tiltak med ansvarsrett")
    text = b.find_element(By.TAG_NAME, "main").text.replace("\u00a0", " ")
    assert "Taket skal ha samme farge som huset." in text, text
    assert "redusert med 75 prosent" in text and "Du skal betale 3 625 kr." in text, text
    check_page(b, "Vedtaksbrev med redusert gebyr")
