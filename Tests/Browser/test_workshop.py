"""The service workshop (issue 19) in a real browser against `radhus serve`: Kristiansand's
leader copies Harstad's parking permit under an id of its own, uploads a DMN file and removes
it, gets a mistake named by the check, previews the form in nynorsk step by step as a citizen
sees it and the letters it would send, and publishes and adopts the service. axe on each page."""
import os

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from pages import check_page
from test_journeys import click_radio, fill, follow, staff_login, submit

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DMN = os.path.join(ROOT, "ServiceDefinitions", "skoleskyss", "skoleskyss.dmn")
SIRI = "28869200036"  # Siri Demodal, synthetic
NEXT = "main form button.button:not([name])"


def edit_yaml(b, old, new):
    """Changes service.yaml in its textarea, as a person typing would (the value, not keys)."""
    b.execute_script(
        "const t = document.getElementById('fil-service-yaml'); t.value = t.value.replace(arguments[0], arguments[1]);",
        old, new)


def test_a_kommune_makes_its_own_service_in_the_workshop(server, browser):
    b = browser
    staff_login(b, server, "kristiansand.leder")
    b.get(server + "/ansatt/tjenester")
    follow(b, By.LINK_TEXT, "Lag en ny tjeneste i tjenesteverkstedet")
    check_page(b, "Tjenesteverkstedet")

    # A copy of Harstad's parking permit under Kristiansand's own id; a bad id first, kept.
    Select(b.find_element(By.ID, "kilde")).select_by_value("parkeringstillatelse")
    fill(b, "kopi-id", "Parkering!")
    submit(b, "form[aria-labelledby=kopi-heading] button[type=submit]")
    check_page(b, "Tjenesteverkstedet med feil")
    assert b.find_element(By.ID, "kopi-id").get_attribute("value") == "Parkering!"
    fill(b, "kopi-id", "parkering-kristiansand")
    submit(b, "form[aria-labelledby=kopi-heading] button[type=submit]")
    assert "/ansatt/tjenesteverksted/" in b.current_url, b.current_url
    editor = b.current_url
    check_page(b, "Tjenesteverkstedet: redigering")
    assert "består katalogens kontroller" in b.page_source
    assert "id: parkering-kristiansand" in b.find_element(By.ID, "fil-service-yaml").get_attribute("value")

    # A DMN file from a modeller, uploaded through the file input; then removed again.
    b.find_element(By.ID, "regelfil").send_keys(DMN)
    submit(b, "form[aria-labelledby=regelfil-heading] button[type=submit]")
    assert "Regelfila er lastet opp" in b.page_source
    assert b.find_elements(By.ID, "fil-skoleskyss-dmn")
    submit(b, "button[value='fjern:skoleskyss.dmn']")
    assert not b.find_elements(By.ID, "fil-skoleskyss-dmn")

    # A mistake is saved and named by the check, with where it is and what is allowed.
    edit_yaml(b, "maxFiles: 3", "maxFiles: 30")
    submit(b, "button[name=handling][value=lagre]")
    assert "maxFiles" in b.find_element(By.ID, "kontroll").text
    check_page(b, "Tjenesteverkstedet: kontroll med feil")
    edit_yaml(b, "maxFiles: 30", "maxFiles: 3")
    submit(b, "button[name=handling][value=forhandsvis]")
    assert "/forhandsvis" in b.current_url
    check_page(b, "Forhåndsvisning steg 1")

    # The preview in nynorsk, page by page, as a citizen sees it.
    b.get(editor)
    follow(b, By.LINK_TEXT, "på Nynorsk")
    assert b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nn"
    assert "Førehandsvising frå tenesteverkstaden" in b.page_source
    fill(b, "f-gjelder_fnr", SIRI)
    fill(b, "f-navn", "Siri Demodal")
    fill(b, "f-adresse-gate", "Markens gate 3")
    fill(b, "f-adresse-postnummer", "4611")
    fill(b, "f-adresse-poststed", "Kristiansand")
    submit(b, NEXT)
    assert "Steg 2 av 4" in b.page_source
    submit(b, NEXT)
    check_page(b, "Forhåndsvisning med feil på nynorsk")
    click_radio(b, "f-rolle-0")
    fill(b, "f-begrunnelse", "Eg kan gå høgst 50 meter med rullator.")
    submit(b, NEXT)
    assert "Steg 3 av 4" in b.page_source
    check_page(b, "Forhåndsvisning av vedleggssteget")
    submit(b, NEXT)
    submit(b, NEXT)
    assert "/eksempelbrev" in b.current_url, b.current_url
    check_page(b, "Eksempelbrev på nynorsk")
    assert "Løyvet gjeld frå" in b.page_source and "Du får kortet som sjåfør" in b.page_source
    assert "Siri Demodal" in b.page_source

    # Publish and adopt: the service is Kristiansand's, in its list.
    b.get(editor)
    assert b.find_element(By.ID, "ta-i-bruk").is_selected()
    submit(b, "button[name=handling][value=publiser]")
    assert b.current_url.endswith("/ansatt/tjenester/parkering-kristiansand?melding=tatt-i-bruk"), b.current_url
    check_page(b, "Tjenesten laget i verkstedet")
    b.get(server + "/k/4204")
    assert "Søknad om parkeringstillatelse for forflytningshemmede" in b.page_source

    # The workspace in nynorsk (the footer's language link), then back to bokmål.
    b.get(server + "/ansatt/tjenester")
    follow(b, By.CSS_SELECTOR, "footer a[hreflang=nn]")
    assert b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nn"
    assert "Lag ei ny teneste i tenesteverkstaden" in b.page_source
    check_page(b, "Tenester på nynorsk")
    follow(b, By.CSS_SELECTOR, "footer a[hreflang=nb]")
    assert b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
