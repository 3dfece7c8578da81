#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests and benchmarks (aiosmtpd from PyPI).

Recipients @avvist.test are refused (550). Every message is written to DIR as <pid>-NNNNNN.eml (atomically, by rename), so a test can
count what arrived, across restarts of the sink. Prints "ready PORT" once it listens; stops
on SIGTERM or SIGINT.

    python3 Tests/Support/smtp_sink.py --dir /tmp/mail [--port 2525]
        [--tls-cert cert.pem --tls-key key.pem]   STARTTLS offered and required before MAIL
        [--auth user:password]                    AUTH required (only after STARTTLS)
"""
import argparse
import itertools
import os
import signal
import socket
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # A domain that does not exist, for tests of permanent failures.
        if address.endswith("@avvist.test"):
            return "550 5.1.1 No such recipient"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        n = next(self.counter)
        tmp = os.path.join(self.directory, f".{os.getpid()}-{n}.tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, os.path.join(self.directory, f"{os.getpid()}-{n:06d}.eml"))
        return "250 Message accepted for delivery"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--auth", help="user:password that AUTH must give")
    args = ap.parse_args()
    options = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def check(server, session, envelope, mechanism, data):
            ok = data is not None and data.login.decode() == user and data.password.decode() == password
            return AuthResult(success=ok)
        options.update(authenticator=check, auth_required=True)
    os.makedirs(args.dir, exist_ok=True)
    port = args.port
    if port == 0:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM, signal.SIGINT])
    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(f"ready {port}", flush=True)
    signal.sigwait([signal.SIGTERM, signal.SIGINT])
    controller.stop()


if __name__ == "__main__":
    main()
