"""Issue 23 in a real browser: three families rank kindergarten wishes, the leader sets up the
main admission and runs the matching, the offers arrive; one family sees why its child did not
get its first wish and declines, one accepts, and the next round gives the declined place to the
third family's child. axe on every new page."""
import datetime

from selenium.webdriver.common.by import By

from pages import check_page
from test_journeys import click_radio, fill, follow, staff_login, submit

def synthetic(day, month, year):
    """A synthetic (Tenor-style) fødselsnummer: month + 80, the first individual number of the
    century's range that gives valid check digits (as Radhus's demo people are made)."""
    w1, w2 = [3, 7, 6, 1, 8, 9, 4, 5, 2], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    for i in range(500, 1000) if year >= 2000 else range(0, 500):
        d = [int(c) for c in f"{day:02d}{month + 80:02d}{year % 100:02d}{i:03d}"]
        k1 = (11 - sum(a * b for a, b in zip(d, w1)) % 11) % 11
        k2 = (11 - sum(a * b for a, b in zip(d + [k1], w2)) % 11) % 11
        if k1 != 10 and k2 != 10:
            return "".join(map(str, d + [k1, k2]))


IDA, OLA, SIRI = synthetic(12, 3, 1988), synthetic(5, 11, 1979), synthetic(28, 6, 1992)
YEAR = datetime.date.today().year + 1
START = f"15.08.{YEAR}"


def sign_in(b, server, fnr):
    b.delete_all_cookies()
    b.get(server + "/logg-inn")
    fill(b, "f-fodselsnummer", fnr)
    submit(b)


def apply(b, server, fnr, child, name, wishes, sibling=None):
    """A parent applies; wishes are option positions in Harstad's list (0 Kanebogen, 1 Medkila)."""
    sign_in(b, server, fnr)
    b.get(server + "/k/5503/barnehageplass/soknad")
    fill(b, "f-barnets_fnr", child)
    fill(b, "f-barnets_navn", name)
    fill(b, "f-oppstart", START)
    for i, w in enumerate(wishes):
        click_radio(b, f"f-{'barnehage' if i == 0 else f'barnehage_{i + 1}'}-{w}")
    click_radio(b, "f-omfang-0")
    click_radio(b, "f-nedsatt_funksjonsevne-1")
    click_radio(b, "f-barnevern-1")
    if sibling is None:
        click_radio(b, "f-sosken-1")
    else:
        click_radio(b, "f-sosken-0")
        fill(b, "f-sosken_navn", "Storebror")
        click_radio(b, f"f-sosken_barnehage-{sibling}")
    # The form takes files (the documentation of § 18 facts): its first button is the hidden
    # default for Enter, so the visible one is named
    submit(b, "main form button.button:not([name])")
    submit(b)
    assert b.current_url.endswith("/kvittering"), b.current_url
    return b.find_element(By.CSS_SELECTOR, ".case-number").text


def run_round(s, server, title, deadline):
    s.get(server + "/ansatt/opptak")
    fill(s, "tittel", title)
    fill(s, "frist", deadline)
    fill(s, "oppstart", START)
    fill(s, "plasser", "kanebogen 2 0\nmedkila 2 0")
    submit(s, "form[action='/ansatt/opptak'] button[type=submit]")
    assert "Runden er opprettet." in s.page_source, s.find_element(By.TAG_NAME, "main").text[:600]
    follow(s, By.PARTIAL_LINK_TEXT, title)
    submit(s, "form[action$='/kjor'] button[type=submit]")
    assert "Fordelingen er kjørt" in s.page_source


def open_case(b, server, saksnummer):
    b.get(server + "/mine-saker")
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)


def test_three_families_an_admission_round_offers_answers_and_the_next_round(clocked_server, browser,
                                                                          second_browser):
    server, _ = clocked_server
    b, s = browser, second_browser
    today = datetime.date.today().strftime("%d.%m.%Y")

    # Three families rank their wishes for children who will be two. Birk has a sibling at
    # Kanebogen, Astrid one at Medkila: each is in priority group 2 there, the others in 3.
    astrid = apply(b, server, IDA, synthetic(10, 3, YEAR - 2), "Astrid Testesen", [0, 1], sibling=1)
    check_page(b, "Kvittering barnehagesøknad")
    birk = apply(b, server, OLA, synthetic(15, 1, YEAR - 2), "Birk Prøvestad", [0, 1], sibling=0)
    dina = apply(b, server, SIRI, synthetic(1, 6, YEAR - 2), "Dina Demodal", [1])

    # The leader sets up the main admission: a wrong line is refused at its field, then made
    staff_login(s, server, "harstad.leder")
    follow(s, By.LINK_TEXT, "Opptak")
    check_page(s, "Opptak")
    fill(s, "tittel", "Hovedopptak")
    fill(s, "frist", today)
    fill(s, "oppstart", START)
    fill(s, "plasser", "kanebogen 3 0")
    submit(s, "form[action='/ansatt/opptak'] button[type=submit]")
    assert "Linje 1" in s.page_source
    assert s.find_element(By.ID, "plasser").get_attribute("value") == "kanebogen 3 0"
    check_page(s, "Opptak med feil")
    run_round(s, server, "Hovedopptak", today)
    check_page(s, "Opptaksrunde kjørt")
    # Dina has a right to a place and got none: the kommune is told
    main = s.find_element(By.TAG_NAME, "main").text
    assert "Barn med rett til plass uten tilbud" in main and dina in main, main

    # Offers arrive: Birk at Kanebogen (the sibling), Astrid at Medkila, Dina none
    sign_in(b, server, OLA)
    open_case(b, server, birk)
    assert "Tilbud om plass i Kanebogen barnehage" in b.page_source
    click_radio(b, "svar-ja")
    submit(b, "form[action$='/tilbud'] button[type=submit]")
    assert "Svaret er registrert." in b.page_source and "Dere har tatt imot plassen" in b.page_source

    # Ida sees why Astrid did not get Kanebogen, and declines Medkila
    sign_in(b, server, IDA)
    b.get(server + "/innboks")
    assert "Tilbud om barnehageplass for Astrid Testesen" in b.page_source
    open_case(b, server, astrid)
    assert "Tilbud om plass i Medkila barnehage" in b.page_source
    b.find_element(By.XPATH, "//summary[normalize-space()='Hvorfor ikke et høyere ønske?']").click()
    assert "Kanebogen barnehage: barnet hadde prioritetsgruppe 3" in b.page_source
    assert "Plassene gikk ut ved gruppe 2" in b.page_source and "Birk" not in b.page_source
    check_page(b, "Min sak med tilbud og begrunnelse")
    click_radio(b, "svar-nei")
    submit(b, "form[action$='/tilbud'] button[type=submit]")
    assert "Dere takket nei til plassen." in b.page_source

    sign_in(b, server, SIRI)
    # the «no place» is a decision with its own letter, which names the right to appeal
    b.get(server + "/innboks")
    follow(b, By.PARTIAL_LINK_TEXT, "ingen plass i denne runden")
    assert "Du kan klage" in b.page_source
    open_case(b, server, dina)
    assert "Ingen plass i denne runden" in b.page_source
    assert f"/mine-saker/" in b.page_source and "/klage" in b.page_source, "the appeal form is on the case"

    # The next round gives Dina the place Astrid declined
    staff_login(s, server, "harstad.leder")
    run_round(s, server, "Runde 2", today)
    sign_in(b, server, SIRI)
    open_case(b, server, dina)
    assert "Tilbud om plass i Medkila barnehage" in b.page_source

    # The caseworker sees Astrid's rounds on her case: groups, lottery, where places ran out
    staff_login(s, server, "harstad.saksbehandler")
    # (the round's result decided her case: it is among all cases, not the open ones)
    s.get(server + "/ansatt/saker?status=alle")
    follow(s, By.LINK_TEXT, astrid)
    assert "Ønsker (prioritetsgruppe): kanebogen (3), medkila (2)" in s.page_source
    check_page(s, "Saksside med barnehageopptak")
