"""Helpers the benchmark programs share: ports, builds, an API client's token, a skoleskyss body."""
import json
import pathlib
import socket
import subprocess
import time
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[1]
CITIZEN = "05917900045"   # Ola Prøvestad, synthetic; has an e-mail address in the demo contacts
CHILD = "03891750071"     # Noah Prøvestad, synthetic


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(config, skip=False):
    """Builds (unless `skip`) and returns the directory with the binaries. Release builds go to
    .build-release so they do not throw away the debug build."""
    scratch = [] if config == "debug" else ["--scratch-path", str(ROOT / ".build-release")]
    if not skip:
        subprocess.run(["swift", "build", "-c", config, *scratch], cwd=ROOT, check=True)
    out = subprocess.run(["swift", "build", "-c", config, *scratch, "--show-bin-path"], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    return pathlib.Path(out)


def api_token(radhus, env, base, kommune="5503"):
    """Creates an API client with `radhus api-client` (as an operator would) and returns the
    Authorization header value of a fresh access token (valid 15 minutes)."""
    out = subprocess.run([str(radhus), "api-client", "--kommune", kommune, "--name", "Benchmark"], env=env, check=True,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    cred = json.loads(out)
    form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": cred["client_id"],
                                   "client_secret": cred["client_secret"]}).encode()
    with urllib.request.urlopen(urllib.request.Request(base + "/api/v1/oauth/token", data=form), timeout=10) as r:
        return "Bearer " + json.loads(r.read())["access_token"]


def skoleskyss(automated):
    """A skoleskyss application. With a health need the rules leave it to a caseworker; without
    one (`automated`) the rules decide it at once, and a decision letter goes in the outbox."""
    return {"applicant": CITIZEN, "answers": {"elevens_fnr": CHILD, "elevens_navn": "Noah Prøvestad", "adresse.gate": "Storgata 1",
                        "adresse.postnummer": "9405", "adresse.poststed": "Harstad", "skole": "kanebogen-skole",
                        "trinn": "3", "avstand_km": "5,5", "farlig_skolevei": "nei", "helsebehov": "nei" if automated else "ja"}}


def wait_healthy(base, proc, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            return
        except Exception:
            if proc.poll() is not None:
                raise SystemExit(f"the server at {base} exited with {proc.returncode}")
            time.sleep(0.2)
    raise SystemExit(f"the server at {base} did not come up")


def post_json(base, path, body, authorization, key, timeout=30):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", "Authorization": authorization, "Idempotency-Key": key})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read() or b"{}")
