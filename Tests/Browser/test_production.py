"""Production mode (issue 18): citizens log in through ID-porten — here a real OpenID Connect
provider process speaking the same protocol — and staff through their kommune's single
sign-on, with groups deciding their role."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from pages import check_page
from test_journeys import click_radio, fill, fill_skoleskyss, follow, staff_login, submit

SIRI = "28869200036"     # Siri Demodal, synthetic
CHILD = "21811950057"    # her child, synthetic


def test_citizen_logs_in_through_the_provider_applies_reads_and_logs_out(production, browser):
    b, base = browser, production["base"]
    b.get(base + "/logg-inn?neste=/k/5503/skoleskyss/soknad")
    check_page(b, "Innlogging i produksjon")
    assert "f-fodselsnummer" not in b.page_source, "no test login in production"
    follow(b, By.LINK_TEXT, "Logg inn med ID-porten")
    # At the provider (PKCE and nonce are checked there and by Radhus)
    assert b.current_url.startswith(production["issuer"] + "/authorize?"), b.current_url
    assert "code_challenge_method=S256" in b.current_url and "nonce=" in b.current_url
    fill(b, "pid", SIRI)
    submit(b)
    assert b.current_url == base + "/k/5503/skoleskyss/soknad", b.current_url
    fill(b, "f-elevens_navn", "Nora Demodal")
    fill_skoleskyss(b, CHILD, "Fjellveien 9", "9411", school=1, grade="6", km="7", health_need=False)
    submit(b)
    WebDriverWait(b, 15).until(lambda d: d.current_url.endswith("/sjekk"))
    submit(b)
    WebDriverWait(b, 15).until(lambda d: d.current_url.endswith("/kvittering"))
    assert "Vedtak: Innvilget" in b.page_source
    follow(b, By.LINK_TEXT, "Les vedtaket i innboksen")
    follow(b, By.PARTIAL_LINK_TEXT, "Vedtak om skoleskyss")
    check_page(b, "Vedtaksbrev i produksjon")
    assert "Vedtaket er fattet automatisk" in b.page_source
    # Log out: Radhus's session ends, and the provider's (its end-session page sends us home)
    submit(b, "header form button[type=submit]")
    WebDriverWait(b, 15).until(lambda d: d.current_url.startswith(base + "/"))
    b.get(base + "/mine-saker")
    assert "/logg-inn" in b.current_url, "logged out of Radhus"
    follow(b, By.LINK_TEXT, "Logg inn med ID-porten")
    assert b.find_elements(By.ID, "pid"), "the provider asks again: its session ended too"


def test_staff_log_in_by_single_sign_on_with_their_groups(production, browser, second_browser):
    a, base = browser, production["base"]
    staff_login(a, base, "harstad.admin")
    a.get(base + "/ansatt/innlogging")
    check_page(a, "Innlogging for ansatte")
    fill(a, "utsteder", production["issuer"])
    fill(a, "klient", "radhus-staff")
    fill(a, "hemmelighet", production["secret"])
    fill(a, "grupper", "radhus-saksbehandlere = saksbehandler, Oppvekst og utdanning\nradhus-admin = admin")
    submit(a)
    assert "Endringen er lagret" in a.page_source
    check_page(a, "Innlogging for ansatte lagret")

    s = second_browser
    s.get(base + "/ansatt/logg-inn")
    check_page(s, "Ansatt innlogging med SSO")
    follow(s, By.LINK_TEXT, "Ansatt i Harstad kommune")
    assert s.current_url.startswith(production["issuer"] + "/authorize?")
    fill(s, "pid", "kari.nordmann@harstad.kommune.no")
    fill(s, "groups", "alle-ansatte,radhus-saksbehandlere")
    submit(s)
    assert s.current_url.endswith("/ansatt/saker"), s.current_url
    assert "Harstad" in s.page_source and "saksbehandler" in s.page_source.lower()
    check_page(s, "Saksliste etter SSO")


def invitation_link(mailbox, address):
    """The one-time link in the e-mail to `address` (real SMTP on loopback)."""
    import email, os, re, time
    for _ in range(50):
        for name in sorted(os.listdir(mailbox["dir"])):
            if not name.endswith(".eml"):
                continue
            message = email.message_from_string(open(os.path.join(mailbox["dir"], name), encoding="utf-8").read())
            if address in (message["To"] or ""):
                body = message.get_payload(decode=True).decode("utf-8")
                return re.search(r"https?://\S+/invitasjon/[A-Za-z0-9_-]+", body).group(0)
        time.sleep(0.2)
    raise AssertionError(f"no e-mail to {address}")


def sign_up(b, link, name, username):
    b.get(link)
    check_page(b, f"Lag brukeren din ({username})")
    fill(b, "navn", name)
    fill(b, "brukernavn", username)
    fill(b, "passord", "et langt passord")
    fill(b, "gjenta", "et langt passord")
    submit(b)


def test_operator_adds_a_kommune_and_its_staff_sign_up_from_the_e_mail(production, mailbox, browser, second_browser):
    """Onboarding without the demo seeder: the operator adds Tromsø with its admin's e-mail;
    the admin signs up from the link and invites a caseworker, who signs up from theirs."""
    o, base = browser, production["base"]
    username, password = production["operator"]
    o.get(base + "/drift/logg-inn")
    check_page(o, "Innlogging for drift")
    fill(o, "f-brukernavn", username)
    fill(o, "f-passord", password)
    submit(o)
    assert o.current_url.endswith("/drift"), o.current_url
    check_page(o, "Kommuner på plattformen")
    fill(o, "kommunenummer", "5401")   # Tromsø's number before 2024: not on today's list
    submit(o, "main form[action='/drift/kommuner'] button[type=submit]")
    check_page(o, "Kommuner på plattformen med feil")
    assert "offisielle lista" in o.page_source
    fill(o, "kommunenummer", "5501")
    fill(o, "enheter", "Oppvekst og utdanning\nHelse og omsorg")
    fill(o, "postmottak", "postmottak@tromso.kommune.no")
    fill(o, "admin", "ingrid.admin@tromso.kommune.no")
    submit(o, "main form[action='/drift/kommuner'] button[type=submit]")
    assert "administratoren har fått invitasjon på e-post" in o.page_source

    a = second_browser
    sign_up(a, invitation_link(mailbox, "ingrid.admin@tromso.kommune.no"), "Ingrid Admin", "ingrid")
    follow(a, By.LINK_TEXT, "Brukere")
    check_page(a, "Brukere")
    fill(a, "epost", "kari.saksbehandler@tromso.kommune.no")
    from selenium.webdriver.support.ui import Select
    Select(a.find_element(By.ID, "rolle")).select_by_value("saksbehandler")
    Select(a.find_element(By.ID, "enhet")).select_by_visible_text("Oppvekst og utdanning")
    submit(a, "main form[action='/ansatt/brukere/inviter'] button[type=submit]")
    assert "Invitasjonen er sendt på e-post" in a.page_source

    o.get(base + "/")  # the operator's browser now serves as the caseworker's
    sign_up(o, invitation_link(mailbox, "kari.saksbehandler@tromso.kommune.no"), "Kari Saksbehandler", "kari")
    assert o.current_url.endswith("/ansatt/saker"), o.current_url
    assert "Tromsø" in o.page_source
    check_page(o, "Saksliste for ny saksbehandler")
    a.get(base + "/ansatt/brukere/logg")
    check_page(a, "Logg over administrasjon")
    assert "invitation-accepted" in a.page_source
