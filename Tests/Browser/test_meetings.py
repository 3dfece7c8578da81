"""Issue 22 in a real browser: a caseworker publishes meeting hours, the applicant books a
meeting from the case and cancels it; axe on every page; the e-mail notices carry the meeting
as iCalendar, parsed with PyPI's icalendar (same UID, REQUEST then CANCEL)."""
import email
import os
import time
from email import policy

import icalendar
from selenium.webdriver.common.by import By

from pages import check_page
from test_casework import citizen_applies
from test_journeys import click_radio, fill, follow, staff_login, submit


def calendars(mailbox):
    """Every mote.ics in the mailbox, parsed, oldest first."""
    found = []
    for name in sorted(os.listdir(mailbox["dir"])):
        if not name.endswith(".eml"):
            continue
        with open(os.path.join(mailbox["dir"], name), "rb") as f:
            message = email.message_from_binary_file(f, policy=policy.default)
        for part in message.walk():
            if part.get_filename() == "mote.ics":
                found.append(icalendar.Calendar.from_ical(part.get_payload(decode=True)))
    return found


def wait_for(mailbox, count):
    for _ in range(100):
        found = calendars(mailbox)
        if len(found) >= count:
            return found
        time.sleep(0.2)
    raise AssertionError(f"expected {count} calendar invitations, found {len(calendars(mailbox))}")


def test_a_caseworker_publishes_hours_and_the_applicant_books_and_cancels(server, mailbox, browser, second_browser):
    b, s = browser, second_browser
    before = len(calendars(mailbox))

    # The caseworker's meeting hours: a wrong time is refused at its field, then every weekday
    staff_login(s, server, "harstad.saksbehandler")
    follow(s, By.LINK_TEXT, "Møtetider")
    check_page(s, "Møtetider")
    fill(s, "fra-1", "9")
    fill(s, "til-1", "15:00")
    submit(s)
    assert "Skriv tiden som tt:mm" in s.page_source
    assert s.find_element(By.ID, "fra-1").get_attribute("value") == "9"
    check_page(s, "Møtetider med feil")
    for day in range(1, 6):
        fill(s, f"fra-{day}", "09:00")
        fill(s, f"til-{day}", "15:00")
    submit(s)
    assert "Møtetidene er lagret." in s.page_source

    # The applicant books from the case: no choice refused, then the first time by video
    saksnummer = citizen_applies(b, server)
    b.get(server + "/mine-saker")
    follow(b, By.PARTIAL_LINK_TEXT, saksnummer)
    follow(b, By.LINK_TEXT, "Bestill et møte")
    check_page(b, "Bestill møte")
    submit(b)
    assert "Velg en tid." in b.page_source
    check_page(b, "Bestill møte med feil")
    first = b.find_element(By.CSS_SELECTOR, "input[name=tid]").get_attribute("id")
    click_radio(b, first)
    click_radio(b, "mate-video")
    submit(b)
    assert "Møtet er avtalt." in b.page_source
    check_page(b, "Min sak med møte")

    # The notice carries the meeting for the calendar
    invitation = wait_for(mailbox, before + 1)[-1]
    assert str(invitation["METHOD"]) == "REQUEST"
    event = invitation.walk("VEVENT")[0]
    uid = str(event["UID"])
    assert uid.endswith("@radhus.5503.kommune") and int(event["SEQUENCE"]) == 0
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) in ("Europe/Oslo", "CET", "CEST") or getattr(start.tzinfo, "zone", "") == "Europe/Oslo"
    assert 9 <= start.hour < 15

    # The caseworker sees it on the case
    s.get(server + "/ansatt/saker")
    follow(s, By.LINK_TEXT, saksnummer)
    assert "Avtalt" in s.page_source and "Møter" in s.page_source
    check_page(s, "Saksside med møte")

    # The applicant moves it to the next free time: the same meeting, one higher
    follow(b, By.LINK_TEXT, "Flytt møtet")
    check_page(b, "Flytt møte")
    times = b.find_elements(By.CSS_SELECTOR, "input[name=tid]")
    click_radio(b, times[1].get_attribute("id"))
    click_radio(b, "mate-telefon")
    submit(b)
    assert "Møtet er flyttet." in b.page_source
    moved = wait_for(mailbox, before + 2)[-1]
    moved_event = moved.walk("VEVENT")[0]
    assert str(moved["METHOD"]) == "REQUEST" and str(moved_event["UID"]) == uid
    assert int(moved_event["SEQUENCE"]) == 1 and moved_event.decoded("DTSTART") != start

    # The applicant cancels: the calendar gets the cancellation of the same meeting
    submit(b, "form[action$='/avlys'] button[type=submit]")
    assert "Møtet er avlyst." in b.page_source
    cancel = wait_for(mailbox, before + 3)[-1]
    assert str(cancel["METHOD"]) == "CANCEL"
    cancelled = cancel.walk("VEVENT")[0]
    assert str(cancelled["UID"]) == uid and int(cancelled["SEQUENCE"]) == 2
    assert cancelled.decoded("DTSTART") == moved_event.decoded("DTSTART")

    # A leader sees the kommune's rules under the hours, and saves a longer limit
    staff_login(s, server, "harstad.leder")
    s.get(server + "/ansatt/motetider")
    assert "Kommunens regler for møter" in s.page_source
    check_page(s, "Møtetider med kommunens regler")
    fill(s, "endringsgrense", "48")
    submit(s, "form[action$='/regler'] button[type=submit]")
    assert "Møtetidene er lagret." in s.page_source
    assert s.find_element(By.ID, "endringsgrense").get_attribute("value") == "48"
