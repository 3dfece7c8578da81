"""Issue 22's video room in real browsers: the applicant books a video meeting, the clock moves
to its time, the caseworker goes in and admits the applicant from the lobby, and two headless
Chromium instances with fake cameras and microphones send each other audio and video —
`getStats()` shows the bytes growing on both sides, once directly and once only through the
coturn server the suite started (iceTransportPolicy "relay"). A third browser without a valid
link is refused by the signalling server. Keyboard only for join, mute and leave; axe on the
room's pages; a guest invited by e-mail opens the room from their link; the minutes go on record."""
import email
import os
import re
import time
from email import policy

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.common.action_chains import ActionChains

from pages import check_page
from test_casework import citizen_applies
from test_journeys import CITIZEN, click_radio, fill, follow, staff_login, submit


def wait(condition, what, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def stats(driver):
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.radhusRoom.stats().then(done).catch(e => done([{error: String(e)}]));")


def flowing(driver):
    """The one peer's stats once audio and video bytes both arrive, else None."""
    s = stats(driver)
    if len(s) == 1 and s[0].get("audio", 0) > 0 and s[0].get("video", 0) > 0:
        return s[0]
    return None


def tab_to(driver, element_id, presses=80):
    """Moves the keyboard focus with Tab until it is on `element_id` (a person's way there)."""
    for _ in range(presses):
        if driver.execute_script("return document.activeElement && document.activeElement.id") == element_id:
            return
        ActionChains(driver).send_keys(Keys.TAB).perform()
    raise AssertionError(f"Tab never reached #{element_id}")


def status(driver):
    return driver.find_element(By.ID, "room-status").text


def sign_in_citizen(b, server):
    b.get(server + "/logg-inn")
    fill(b, "f-fodselsnummer", CITIZEN)
    submit(b)


def meet(s, b, relay):
    """The caseworker goes in by keyboard, the applicant waits and is admitted; both sides'
    inbound audio and video grow; returns the two sides' stats."""
    for d in (s, b):
        d.refresh()
        wait(lambda: d.find_element(By.ID, "join").is_displayed(), "the lobby")
        if relay:
            d.find_element(By.ID, "relay").click()
    tab_to(s, "join")
    ActionChains(s).send_keys(Keys.ENTER).perform()
    wait(lambda: s.find_element(By.ID, "room-stage").is_displayed(), "the caseworker in the room")
    b.find_element(By.ID, "join").click()
    wait(lambda: "venter på at saksbehandleren slipper deg inn" in status(b), "the applicant in the lobby")
    admit = wait(lambda: next(iter(s.find_elements(By.CSS_SELECTOR, "#room-waiting-list button")), None),
                 "the applicant in the caseworker's lobby list")
    assert admit.text == "Slipp inn Søkeren"
    s.execute_script("arguments[0].focus()", admit)
    ActionChains(s).send_keys(Keys.ENTER).perform()
    wait(lambda: b.find_element(By.ID, "room-stage").is_displayed(), "the applicant admitted")
    first = [wait(lambda d=d: flowing(d), "audio and video arriving", timeout=45) for d in (s, b)]
    time.sleep(2)
    second = [flowing(d) for d in (s, b)]
    for before, after in zip(first, second):
        assert after["audio"] > before["audio"] and after["video"] > before["video"], (before, after)
    return second


def test_two_browsers_meet_directly_and_through_turn_and_a_stranger_is_refused(room_server, mailbox, media_browsers,
                                                                              browser):
    server, clock = room_server
    s, b = media_browsers

    # The caseworker's hours every day; the applicant books the first time, by video
    staff_login(s, server, "harstad.saksbehandler")
    s.get(server + "/ansatt/motetider")
    for day in range(1, 8):
        fill(s, f"fra-{day}", "08:00")
        fill(s, f"til-{day}", "16:00")
    submit(s)
    saksnummer = citizen_applies(b, server)
    b.get(server + "/mine-saker")
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)
    follow(b, By.LINK_TEXT, "Bestill et møte")
    first = b.find_element(By.CSS_SELECTOR, "input[name=tid]")
    start = int(first.get_attribute("value"))
    click_radio(b, first.get_attribute("id"))
    click_radio(b, "mate-video")
    submit(b)
    assert "Møtet er avtalt." in b.page_source

    # Before its time the room is not open
    follow(b, By.LINK_TEXT, "Gå til møterommet")
    assert "Møterommet åpner 15 minutter før møtet" in b.page_source
    assert not b.find_elements(By.ID, "join")
    room = b.current_url
    meeting = room.rsplit("/", 1)[1]

    # Two minutes before the meeting (sessions ended meanwhile: both sign in again)
    with open(clock, "w") as f:
        f.write(str(start - int(time.time()) - 120))
    time.sleep(0.5)
    sign_in_citizen(b, server)
    b.get(room)
    assert b.find_element(By.ID, "join")
    check_page(b, "Møterom før man går inn")
    staff_login(s, server, "harstad.saksbehandler")
    s.get(server + "/ansatt/saker")
    follow(s, By.LINK_TEXT, saksnummer)
    follow(s, By.LINK_TEXT, "Gå til møterommet")
    assert s.current_url == room

    # The page alone may use camera and microphone
    headers = s.execute_script(
        "const r = new XMLHttpRequest(); r.open('HEAD', location.href, false); r.send();"
        "return [r.getResponseHeader('Permissions-Policy'), r.getResponseHeader('Content-Security-Policy')];")
    assert "camera=(self)" in headers[0] and "connect-src 'self'" in headers[1]

    # Directly: host or server-reflexive candidates, not the relay
    direct = meet(s, b, relay=False)
    assert all(side["local"] != "relay" for side in direct), direct
    check_page(s, "Møterom i møtet")

    # Mute by keyboard (the focus is on «Demp mikrofonen» after joining), chat, leave by keyboard
    assert b.execute_script("return document.activeElement.id") == "mute"
    ActionChains(b).send_keys(Keys.SPACE).perform()
    assert b.find_element(By.ID, "mute").get_attribute("aria-pressed") == "true"
    assert "Mikrofonen er dempet." in status(b)
    fill(b, "room-chat-text", "Hører dere meg? Jeg skriver her.")
    ActionChains(b).send_keys(Keys.ENTER).perform()
    wait(lambda: "Hører dere meg? Jeg skriver her." in s.find_element(By.ID, "room-chat-log").text, "the chat line")
    for d in (b, s):
        tab_to(d, "leave")
        ActionChains(d).send_keys(Keys.ENTER).perform()
        wait(lambda d=d: d.find_element(By.ID, "room-left").is_displayed(), "left the room")

    # Through coturn only: both sides' selected pair uses relay candidates
    relayed = meet(s, b, relay=True)
    assert all(side["local"] == "relay" for side in relayed), relayed
    for d in (b, s):
        d.find_element(By.ID, "leave").click()

    # A third browser without a valid link: the page is not found, the socket is refused
    third = browser
    third.get(server + "/gjest/" + "x" * 43)
    assert "Fant ikke møtet" in third.page_source
    # The page's own CSP forbids sockets (connect-src 'none'); set aside here so the attempt
    # reaches the signalling server, whose refusal is what is tested.
    third.execute_cdp_cmd("Page.setBypassCSP", {"enabled": True})
    third.refresh()
    for path in [f"/moterom/{meeting}/ws", "/gjest/" + "x" * 43 + "/ws"]:
        outcome = third.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "const ws = new WebSocket('ws://' + location.host + arguments[0]);"
            "let opened = false; ws.onopen = () => { opened = true; };"
            "ws.onclose = (e) => done({opened, code: e.code});"
            "setTimeout(() => done({opened, code: 'timeout'}), 10000);", path)
        assert outcome["opened"] is False and outcome["code"] == 1006, (path, outcome)

    # The caseworker invites a guest: the e-mail's personal link opens the room's lobby
    s.get(server + "/ansatt/saker")
    follow(s, By.LINK_TEXT, saksnummer)
    s.find_element(By.XPATH, "//summary[normalize-space()='Inviter en gjest']").click()
    guest_name = s.find_element(By.CSS_SELECTOR, "input[name='gjest-navn']")
    guest_name.send_keys("Arkitekt Aas")
    s.find_element(By.CSS_SELECTOR, "input[name='gjest-epost']").send_keys("ikke-en-adresse")
    submit(s, "form[action$='/gjest'] button[type=submit]")
    assert "Skriv en e-postadresse" in s.page_source
    assert s.find_element(By.CSS_SELECTOR, "input[name='gjest-navn']").get_attribute("value") == "Arkitekt Aas"
    check_page(s, "Saksside med feil i gjesteinvitasjon")
    field = s.find_element(By.CSS_SELECTOR, "input[name='gjest-epost']")
    field.clear()
    field.send_keys("arkitekt@eksempel.no")
    submit(s, "form[action$='/gjest'] button[type=submit]")
    assert "Gjesten er invitert på e-post." in s.page_source
    link = wait(lambda: guest_link(mailbox), "the guest's e-mail")
    assert link.startswith(server + "/gjest/")
    third.get(link)
    assert third.find_element(By.ID, "join") and "Videomøte med Harstad kommune" in third.page_source
    check_page(third, "Møterom for gjest")

    # After the meeting: held (its duration measured in the room), the minutes journaled
    s.refresh()
    assert "Møtet ble holdt" in s.page_source and "Møtet begynte" in s.page_source
    s.find_element(By.XPATH, "//summary[normalize-space()='Skriv referat']").click()
    minutes = s.find_element(By.CSS_SELECTOR, "textarea[name='referat']")
    minutes.send_keys("Gikk gjennom skoleveien. Søkeren sender bekreftelse fra skolen.")
    assert "Søkeren" in s.find_element(By.CSS_SELECTOR, "textarea[name='deltakere']").get_attribute("value")
    submit(s, "form[action$='/referat'] button[type=submit]")
    assert "Referatet er lagret" in s.page_source
    assert "Møtereferat" in s.page_source
    check_page(s, "Saksside med møtereferat")


def guest_link(mailbox):
    for name in sorted(os.listdir(mailbox["dir"])):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(mailbox["dir"], name), "rb") as f:
            message = email.message_from_binary_file(f, policy=policy.default)
        if message["To"] != "arkitekt@eksempel.no":
            continue
        body = message.get_body(preferencelist=("plain",)).get_content()
        found = re.search(r"(http://\S+/gjest/\S+)", body)
        if found:
            return found.group(1)
    return None
