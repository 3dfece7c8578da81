"""Attachments (issue 19) in a real browser and over HTTP against `radhus serve`, with the
real clamd: a citizen uploads a PDF, an EICAR file is refused with a clear message, the
caseworker downloads the PDF; and a 50 MB upload keeps the server's memory flat."""
import http.client
import http.cookiejar
import os
import re
import tempfile
import threading
import time
import urllib.parse
import urllib.request

from selenium.webdriver.common.by import By

from conftest import OUTPUT, SERVER_PIDS
from pages import check_page, navigates, retrying
from test_journeys import click_radio, fill, follow, staff_login, submit

CITIZEN = "12838800058"   # Ida Testesen, synthetic (the measured upload)
SIRI = "28869200036"      # Siri Demodal, synthetic (the browser journey: a draft of her own)
FORM = "/k/5503/parkeringstillatelse/soknad"
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n%%EOF\n"


def write_temp(name, data):
    path = os.path.join(tempfile.mkdtemp(prefix="radhus-upload-"), name)
    with open(path, "wb") as f:
        f.write(data)
    return path


def fill_parking(b):
    """Pages 1 and 2 of the four; the browser is then on the attachment's page."""
    fill(b, "f-gjelder_fnr", SIRI)
    fill(b, "f-navn", "Ida Testesen")
    fill(b, "f-adresse-gate", "Storgata 12")
    fill(b, "f-adresse-postnummer", "9405")
    fill(b, "f-adresse-poststed", "Harstad")
    submit(b, "main form button.button:not([name])")
    assert "Steg 2 av 4" in b.page_source
    check_page(b, "Skjema steg 2")
    click_radio(b, "f-rolle-0")
    fill(b, "f-begrunnelse", "Jeg kan gå høyst 50 meter med rullator.")
    submit(b, "main form button.button:not([name])")
    assert "Steg 3 av 4" in b.page_source


def test_citizen_uploads_a_pdf_eicar_is_refused_caseworker_downloads(server, browser, second_browser):
    b = browser
    b.get(server + "/logg-inn?neste=" + urllib.parse.quote(FORM))
    fill(b, "f-fodselsnummer", SIRI)
    submit(b)
    assert b.current_url.endswith(FORM), b.current_url
    check_page(b, "Skjema steg 1")
    fill_parking(b)
    check_page(b, "Skjema med vedlegg")
    # EICAR, named as a PDF: refused as a virus, the description typed kept.
    b.find_element(By.ID, "f-legeerklaering").send_keys(write_temp("erklaering.pdf", EICAR))
    fill(b, "f-legeerklaering-beskrivelse", "Legeerklæring fra fastlegen")
    submit(b, "button[name=handling][value=last-opp]")
    assert "inneholder virus" in b.page_source
    assert b.find_element(By.ID, "f-legeerklaering-beskrivelse").get_attribute("value") == "Legeerklæring fra fastlegen"
    check_page(b, "Skjema med avvist vedlegg")
    # The real PDF, with a description.
    b.find_element(By.ID, "f-legeerklaering").send_keys(write_temp("legeerklaering.pdf", PDF))
    submit(b, "button[name=handling][value=last-opp]")
    assert "legeerklaering.pdf" in b.page_source and "Legeerklæring fra fastlegen" in b.page_source
    check_page(b, "Skjema med opplastet vedlegg")
    submit(b, "main form button.button:not([name])")
    assert "Steg 4 av 4" in b.page_source
    submit(b, "main form button.button:not([name])")
    assert b.current_url.endswith("/sjekk"), b.current_url
    assert "legeerklaering.pdf" in b.page_source
    check_page(b, "Sjekk svarene med vedlegg")
    submit(b)
    assert b.current_url.endswith("/kvittering")
    saksnummer = b.find_element(By.CSS_SELECTOR, ".case-number").text

    s = second_browser
    staff_login(s, server, "harstad.saksbehandler")
    follow(s, By.LINK_TEXT, saksnummer)
    check_page(s, "Saksside med vedlegg")
    link = s.find_element(By.PARTIAL_LINK_TEXT, "legeerklaering.pdf").get_attribute("href")
    # The download, with the caseworker's cookies.
    cookies = "; ".join(f"{c['name']}={c['value']}" for c in s.get_cookies())
    with urllib.request.urlopen(urllib.request.Request(link, headers={"Cookie": cookies})) as r:
        assert r.status == 200
        assert r.headers["Content-Type"] == "application/pdf"
        assert r.read() == PDF


class Session:
    """A logged-in citizen over plain HTTP (the test login), for the measured upload."""

    def __init__(self, server):
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self, path):
        page = self.opener.open(self.server + path).read().decode()
        return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

    def login(self, fnr):
        token = self.csrf("/logg-inn")
        self.opener.open(self.server + "/logg-inn",
                         urllib.parse.urlencode({"fodselsnummer": fnr, "_csrf": token}).encode())

    def cookie_header(self):
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_a_50_mb_upload_keeps_the_servers_memory_flat(server):
    pid = SERVER_PIDS[server]
    session = Session(server)
    session.login(CITIZEN)
    token = session.csrf(FORM)
    size = 50_000_000
    boundary = "----RadhusMemory"
    fields = {"_csrf": token, "steg": "legeerklaering", "handling": "last-opp",
              "legeerklaering.beskrivelse": "Stor skanning"}
    head = b"".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                    for k, v in fields.items())
    head += (f'--{boundary}\r\nContent-Disposition: form-data; name="legeerklaering"; filename="stor.pdf"\r\n'
             f"Content-Type: application/pdf\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    chunk = 1 << 20

    def body():
        yield head
        yield b"%PDF-1.4\n"
        sent = 9
        while sent < size:
            n = min(chunk, size - sent)
            yield os.urandom(n) if sent < 4 * chunk else b"\0" * n
            sent += n
        yield tail

    before = rss_kib(pid)
    peak = [before]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(pid))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    host, port = server.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=300)
    conn.request("POST", FORM, body=body(), headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": session.cookie_header(),
        "Content-Length": str(len(head) + size + len(tail))})
    response = conn.getresponse()
    response.read()
    took = time.monotonic() - started
    done.set()
    sampler.join()
    growth_mib = (peak[0] - before) / 1024
    OUTPUT.mkdir(exist_ok=True)
    (OUTPUT / "upload-memory.txt").write_text(
        f"50 MB upload: status {response.status} in {took:.1f} s; server RSS {before / 1024:.1f} MiB before, "
        f"peak {peak[0] / 1024:.1f} MiB during (+{growth_mib:.1f} MiB)\n")
    assert response.status == 303, response.status
    page = session.opener.open(server + FORM).read().decode()
    assert "stor.pdf" in page and "47,7 MB" in page
    # Streamed to disk a chunk at a time: the body is never held whole (50 MB would show).
    assert growth_mib < 20, f"server memory grew by {growth_mib:.1f} MiB during a 50 MB upload"


NN_CITIZEN = "15898540003"   # synthetic (month + 80), writes nynorsk


def test_the_parking_permit_in_nynorsk(server, browser):
    """The same service end to end in nynorsk: the portal's words, the service's texts and the
    steps, an upload, the check page and the receipt; axe on each page."""
    b = browser
    b.get(server + "/logg-inn?neste=" + urllib.parse.quote(FORM))
    fill(b, "f-fodselsnummer", NN_CITIZEN)
    submit(b)
    follow(b, By.CSS_SELECTOR, "a[hreflang=nn]")
    assert 'lang="nn"' in b.page_source and "Kven søknaden gjeld" in b.page_source, b.current_url
    check_page(b, "Nynorsk skjema steg 1")
    fill(b, "f-gjelder_fnr", NN_CITIZEN)
    fill(b, "f-navn", "Ola Nynorsk")
    fill(b, "f-adresse-gate", "Sjøgata 2")
    fill(b, "f-adresse-postnummer", "6900")
    fill(b, "f-adresse-poststed", "Florø")
    submit(b, "main form button.button:not([name])")
    assert "Steg 2 av 4" in b.page_source and "Behovet for parkering" in b.page_source
    # A passenger in a wheelchair: the repeating group of drivers, two of them.
    click_radio(b, "f-rolle-1")
    fill(b, "f-begrunnelse", "Eg kan gå om lag 50 meter.")
    retrying(lambda: b.find_element(By.CSS_SELECTOR, "label[for='f-hjelpemidler-1']").click())
    fill(b, "f-sjaforer-0-navn", "Kari Nordmann")
    submit(b, "button[name=handling][value='legg-til.sjaforer']")
    assert "Sjåfør 2" in b.page_source
    assert b.find_element(By.ID, "f-sjaforer-0-navn").get_attribute("value") == "Kari Nordmann"
    fill(b, "f-sjaforer-1-navn", "Per Nordmann")
    check_page(b, "Nynorsk skjema med to sjåførar")
    submit(b, "main form button.button:not([name])")
    assert "Legeerklæring" in b.page_source and "Last opp fila" in b.page_source
    b.find_element(By.ID, "f-legeerklaering").send_keys(write_temp("erklaering.pdf", PDF))
    submit(b, "button[name=handling][value=last-opp]")
    assert "erklaering.pdf" in b.page_source and "Lasta opp" in b.page_source
    check_page(b, "Nynorsk skjema med vedlegg")
    submit(b, "main form button.button:not([name])")
    submit(b, "main form button.button:not([name])")
    assert b.current_url.endswith("/sjekk"), b.current_url
    assert "Sjekk svara dine før du sender" in b.page_source and "Rullestol" in b.page_source
    assert "Kari Nordmann; Per Nordmann" in b.page_source
    check_page(b, "Nynorsk sjekk svara")
    submit(b)
    assert b.current_url.endswith("/kvittering")
    assert "Søknaden er send" in b.page_source
    check_page(b, "Nynorsk kvittering")
