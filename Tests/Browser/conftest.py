"""Fixtures for the browser suite: a real `radhus serve` on a fresh SQLite database, and
headless Chromium (Debian's chromium + chromium-driver) driven by selenium."""
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pytest_sessionstart(session):
    # Reports and screenshots of this run only.
    for old in OUTPUT.glob("axe-*.json"):
        old.unlink()


@pytest.fixture(scope="session")
def mailbox():
    """A real SMTP server on loopback (aiosmtpd) that keeps every message as a file."""
    directory = tempfile.mkdtemp(prefix="radhus-mail-")
    proc = subprocess.Popen([sys.executable, str(ROOT / "Tests" / "Support" / "smtp_sink.py"), "--dir", directory],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.startswith("ready "):
        pytest.exit("smtp_sink.py did not start: " + line, returncode=2)
    yield {"port": int(line.split()[1]), "dir": directory}
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def clamd():
    """ClamAV's real daemon, offline, with the EICAR test signature (scripts/test-clamd)."""
    directory = tempfile.mkdtemp(prefix="radhus-clamd-")
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "test-clamd"), directory],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    socket_path = os.path.join(directory, "clamd.sock")
    for _ in range(300):
        if os.path.exists(socket_path) or proc.poll() is not None:
            break
        time.sleep(0.1)
    if not os.path.exists(socket_path):
        proc.kill()
        pytest.exit("clamd did not start (is clamav-daemon installed?)", returncode=2)
    yield socket_path
    proc.terminate()
    proc.wait(timeout=10)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def server(mailbox, clamd):
    binary = os.environ.get("RADHUS_BIN", str(ROOT / ".build" / "debug" / "radhus"))
    if not os.path.exists(binary):
        pytest.exit(f"{binary} is missing: run `swift build` first", returncode=2)
    workdir = tempfile.mkdtemp(prefix="radhus-browser-")
    port = free_port()
    env = dict(os.environ, RADHUS_SQLITE_PATH=os.path.join(workdir, "radhus.sqlite"),
               RADHUS_SERVICES_DIR=str(ROOT / "ServiceDefinitions"), RADHUS_MODE="demo",
               RADHUS_SMTP_URL=f"smtp://127.0.0.1:{mailbox['port']}", RADHUS_DISPATCH_POLL_SECONDS="0.2",
               RADHUS_CLAMD=clamd, RADHUS_FILES_DIR=os.path.join(workdir, "files"))
    env.pop("DATABASE_URL", None)
    proc, log = start_radhus(binary, workdir, port, env)
    SERVER_PIDS[f"http://127.0.0.1:{port}"] = proc.pid
    yield f"http://127.0.0.1:{port}"
    stop(proc, log)
    shutil.rmtree(workdir, ignore_errors=True)


def own_server(mailbox, clamd, prefix, extra=lambda base: {}):
    """A server of its own whose clock the test moves (RADHUS_CLOCK_FILE holds seconds ahead);
    `extra`: more of its environment, given its address. Yields the address and the clock file."""
    binary = os.environ.get("RADHUS_BIN", str(ROOT / ".build" / "debug" / "radhus"))
    workdir = tempfile.mkdtemp(prefix=prefix)
    clock = os.path.join(workdir, "clock")
    with open(clock, "w") as f:
        f.write("0")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, RADHUS_SQLITE_PATH=os.path.join(workdir, "radhus.sqlite"),
               RADHUS_SERVICES_DIR=str(ROOT / "ServiceDefinitions"), RADHUS_MODE="demo",
               RADHUS_SMTP_URL=f"smtp://127.0.0.1:{mailbox['port']}", RADHUS_DISPATCH_POLL_SECONDS="0.2",
               RADHUS_CLAMD=clamd, RADHUS_FILES_DIR=os.path.join(workdir, "files"), RADHUS_CLOCK_FILE=clock,
               **extra(base))
    env.pop("DATABASE_URL", None)
    proc, log = start_radhus(binary, workdir, port, env)
    yield base, clock
    stop(proc, log)
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def clocked_server(mailbox, clamd):
    """A server of its own with a movable clock, so a month can pass without touching the
    shared server's sessions and letters."""
    yield from own_server(mailbox, clamd, "radhus-clocked-")


# Each server's process id, for tests that measure it (memory during a large upload).
SERVER_PIDS = {}


# The test identity provider's certificate, trusted by the browser (by its public key's hash,
# for that certificate only) once the `production` fixture has started the provider.
TRUSTED_SPKI = []


def spki_hash(cert):
    """base64(SHA-256(SubjectPublicKeyInfo)) of a PEM certificate, as Chromium wants it."""
    key = subprocess.run(["openssl", "x509", "-in", cert, "-pubkey", "-noout"], capture_output=True, check=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=key, capture_output=True,
                         check=True).stdout
    import base64, hashlib
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


def start_radhus(binary, workdir, port, env):
    """`radhus serve` on `port`, waited for; returns the process and its log file."""
    log = open(os.path.join(workdir, "serve.log"), "w")
    proc = subprocess.Popen([binary, "serve", "--port", str(port)], cwd=workdir, env=env,
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            return proc, log
        except Exception:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    log.close()
    pytest.exit("radhus serve did not come up:\n" + open(os.path.join(workdir, "serve.log")).read(), returncode=2)


def stop(proc, log):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="session")
def production(mailbox):
    """Radhus in production mode (for synthetic people, as a staging installation against
    ID-porten's test environment is) with the citizen login through a real OpenID Connect
    provider process (Tests/Support/oidc_provider.py, pyop), which also serves as the staff's
    Entra-shaped provider. The kommuner come from `radhus demo` run before the start, until
    onboarding exists (issue 18)."""
    binary = os.environ.get("RADHUS_BIN", str(ROOT / ".build" / "debug" / "radhus"))
    workdir = tempfile.mkdtemp(prefix="radhus-production-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secret = "browser-suite-secret"
    op = subprocess.Popen(
        [sys.executable, str(ROOT / "Tests" / "Support" / "oidc_provider.py"), "--port", "0", "--tls-dir", workdir,
         "--client", f"radhus:{secret}:{base}/logg-inn/idporten/tilbake|{base}/",
         "--client", f"radhus-staff:{secret}:{base}/ansatt/logg-inn/sso",
         "--frontchannel", f"radhus={base}/logg-ut/idporten"],
        stdout=subprocess.PIPE, text=True)
    line = op.stdout.readline()
    if not line.startswith("ready "):
        pytest.exit("oidc_provider.py did not start: " + line, returncode=2)
    _, op_port, ca = line.split()
    issuer = f"https://127.0.0.1:{op_port}"
    TRUSTED_SPKI.append(spki_hash(ca))
    env = dict(os.environ, RADHUS_SQLITE_PATH=os.path.join(workdir, "radhus.sqlite"),
               RADHUS_SERVICES_DIR=str(ROOT / "ServiceDefinitions"), RADHUS_MODE="demo",
               RADHUS_SMTP_URL=f"smtp://127.0.0.1:{mailbox['port']}", RADHUS_DISPATCH_POLL_SECONDS="0.2")
    env.pop("DATABASE_URL", None)
    subprocess.run([binary, "demo"], cwd=workdir, env=env, check=True, capture_output=True)
    subprocess.run([binary, "operator", "create", "--username", "drift"], cwd=workdir, check=True, capture_output=True,
                   env=dict(env, RADHUS_MODE="production", RADHUS_OPERATOR_PASSWORD="browser-suite-operator"))
    env.update(RADHUS_MODE="production", RADHUS_IDENTITIES="synthetic", RADHUS_PUBLIC_URL=base,
               RADHUS_OIDC_ISSUER=issuer, RADHUS_OIDC_CLIENT_ID="radhus", RADHUS_OIDC_CLIENT_SECRET=secret,
               RADHUS_TRUST_CA_FILE=ca)
    proc, log = start_radhus(binary, workdir, port, env)
    yield {"base": base, "issuer": issuer, "secret": secret, "operator": ("drift", "browser-suite-operator")}
    stop(proc, log)
    op.terminate()
    op.wait(timeout=10)
    shutil.rmtree(workdir, ignore_errors=True)


def make_driver(media=False):
    """Headless Chromium; `media`: a fake camera and microphone, granted without asking, and
    loopback addresses allowed for WebRTC (the video room's tests on one machine)."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,800", "--lang=nb-NO", "--force-prefers-reduced-motion"]:
        options.add_argument(arg)
    if media:
        for arg in ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--allow-loopback-in-peer-connection", "--autoplay-policy=no-user-gesture-required"]:
            options.add_argument(arg)
    if TRUSTED_SPKI:
        options.add_argument("--ignore-certificate-errors-spki-list=" + ",".join(TRUSTED_SPKI))
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def second_browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def media_browsers():
    """Two browsers with a fake camera and microphone (the video room's two sides)."""
    drivers = [make_driver(media=True), make_driver(media=True)]
    yield drivers
    for d in drivers:
        d.quit()


@pytest.fixture(scope="session")
def turn():
    """coturn on loopback with a shared secret (scripts/test-turn), as a kommune runs it."""
    directory = tempfile.mkdtemp(prefix="radhus-turn-")
    port = free_port()
    secret = "browser-suite-turn-secret"
    log = open(os.path.join(directory, "turn.log"), "w")
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "test-turn"), str(port), secret, directory],
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        if proc.poll() is not None:
            pytest.exit("turnserver did not start (is coturn installed?):\n" + open(log.name).read(), returncode=2)
        time.sleep(0.1)
    yield {"url": f"turn:127.0.0.1:{port}", "secret": secret, "log": log.name}
    proc.terminate()
    proc.wait(timeout=10)
    log.close()
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def room_server(mailbox, clamd, turn):
    """A server of its own with a movable clock (the room opens around the booked time), the
    TURN server's address and secret, and its public address (for the guests' links)."""
    yield from own_server(mailbox, clamd, "radhus-room-", lambda base: dict(
        RADHUS_TURN_URLS=f"{turn['url']}?transport=udp,{turn['url']}?transport=tcp",
        RADHUS_TURN_SECRET=turn["secret"], RADHUS_PUBLIC_URL=base))


def pytest_terminal_summary(terminalreporter):
    from pages import VISITED, USED_TAGS
    terminalreporter.write_line(f"axe-checked pages: {len(VISITED)} (tags: {', '.join(sorted(USED_TAGS))}); screenshots in test-output/")
