#!/usr/bin/env python3
"""A real OpenID Connect provider on loopback for Radhus's tests and demo, built on pyop (the
Python OP library) and Flask: discovery, JWKS (RS256, a fresh key per start), the authorization
code flow with PKCE (S256) and nonce checked by pyop, client_secret_basic and client_secret_post,
end-session with post-logout redirect.

It issues ID-porten-shaped ID tokens: `pid` (the fødselsnummer), `acr` (idporten-loa-substantial
or idporten-loa-high), `amr`, `locale`; and Entra-shaped staff tokens: `groups`, `preferred_username`.
The login page asks which synthetic person signs in and at which level, as a test person would
choose in ID-porten's test environment.

    oidc_provider.py --port 0 --tls-dir /tmp/op \
        --client 'radhus:SECRET:http://127.0.0.1:8080/logg-inn/idporten/tilbake|http://127.0.0.1:8080/' \
        --client-key 'radhus-jwt=client-public.pem:http://…/tilbake'

prints `ready PORT CA-FILE` once it listens. pyop insists on an https issuer (as ID-porten is),
so it serves TLS with a self-signed certificate it makes with openssl in --tls-dir (CA-FILE),
which Radhus's HTTP client must be told to trust (RADHUS_TRUST_CA_FILE). A client given by
--client-key authenticates with private_key_jwt (RFC 7523, as ID-porten asks of new
integrations): the assertion is checked against that public key here, since pyop itself knows
only client secrets.

With --test-hooks, `POST /test/next-id-token` (JSON) spoils the next ID token the way an
attacker or a broken provider would (another iss, aud, exp, nonce or acr; alg none; HS256
keyed with the public key; an unknown signing key), and `GET /test/stats` counts JWKS reads:
the token tests drive Radhus through a real code flow into each failure. It keeps its own
single sign-on session (a signed cookie): a second login skips the form unless `prompt=login`
or a higher `acr_values` asks; end-session ends it.

Needs `pip install pyop flask` (pyop brings oic, pyjwkest, pycryptodomex). Checked by hand:
the code flow returns an ID token with pid, acr, amr, locale and the nonce; a wrong PKCE
verifier is 400 invalid_request; a wrong client secret is 401 invalid_client.
"""
import argparse, base64, hashlib, hmac, html, json, os, secrets, signal, socket, subprocess, sys, time, urllib.parse

from flask import Flask, Response, redirect, request, session
from jwkest.jwk import RSAKey
from Cryptodome.Hash import SHA256
from Cryptodome.PublicKey import RSA
from Cryptodome.Signature import pkcs1_15
from pyop.authz_state import AuthorizationState
from pyop.exceptions import (InvalidAuthenticationRequest, InvalidClientAuthentication, InvalidSubjectIdentifier,
                             OAuthError)
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def rs256(header, claims, rsa):
    signing_input = (b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())).encode()
    return signing_input.decode() + "." + b64(pkcs1_15.new(rsa).sign(SHA256.new(signing_input)))


class ClientKeys:
    """private_key_jwt (RFC 7523): the client signs an assertion with its own key; checked here
    against the public key registered for it, once per assertion id."""

    def __init__(self, issuer, keys):
        self.issuer, self.keys, self.seen = issuer, keys, set()

    def verify(self, form):
        if form.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
            raise InvalidClientAuthentication("client_assertion_type missing")
        parts = form.get("client_assertion", "").split(".")
        if len(parts) != 3:
            raise InvalidClientAuthentication("client_assertion is not a JWT")
        header, claims = json.loads(unb64(parts[0])), json.loads(unb64(parts[1]))
        client_id = claims.get("iss")
        if client_id not in self.keys or claims.get("sub") != client_id:
            raise InvalidClientAuthentication("unknown client in assertion")
        if header.get("alg") != "RS256":
            raise InvalidClientAuthentication("assertion must be RS256")
        try:
            pkcs1_15.new(self.keys[client_id]).verify(SHA256.new((parts[0] + "." + parts[1]).encode()), unb64(parts[2]))
        except (ValueError, TypeError):
            raise InvalidClientAuthentication("assertion signature does not verify")
        audience = claims.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.issuer not in audiences and self.issuer + "/token" not in audiences:
            raise InvalidClientAuthentication("assertion audience is not this provider")
        if not isinstance(claims.get("exp"), (int, float)) or claims["exp"] < time.time() \
                or claims["exp"] - time.time() > 120:
            raise InvalidClientAuthentication("assertion expired or lives too long")
        if not claims.get("jti") or claims["jti"] in self.seen:
            raise InvalidClientAuthentication("assertion id missing or used before")
        self.seen.add(claims["jti"])
        return client_id


class KeyedProvider(Provider):
    def __init__(self, client_keys, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.client_keys = client_keys

    def _verify_client_authentication(self, request_body, http_headers=None):
        form = dict(urllib.parse.parse_qsl(request_body))
        if "client_assertion" in form:
            form["client_id"] = self.client_keys.verify(form)
            return form
        return super()._verify_client_authentication(request_body, http_headers)


def make_app(issuer, clients, client_keys=None, test_hooks=False):
    rsa = RSA.generate(2048)
    key = RSAKey(key=rsa, alg="RS256", kid=secrets.token_hex(8))
    config = {
        "issuer": issuer,
        "authorization_endpoint": issuer + "/authorize",
        "token_endpoint": issuer + "/token",
        "jwks_uri": issuer + "/jwks",
        "end_session_endpoint": issuer + "/endsession",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
        "frontchannel_logout_supported": True,
        "frontchannel_logout_session_supported": True,
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile"],
        "claims_supported": ["sub", "pid", "acr", "amr", "locale", "groups", "preferred_username"],
    }
    users = {}
    # The claims of each person's last login, put in the ID token at the token endpoint (the
    # code flow issues it there, not at the authorization).
    claims = {}
    provider = KeyedProvider(ClientKeys(issuer, client_keys or {}), key, config, AuthorizationState(HashBasedSubjectIdentifierFactory(secrets.token_hex(16))),
                        clients, Userinfo(users), id_token_lifetime=300)
    app = Flask(__name__)
    # The provider's own single sign-on session (a signed cookie), as ID-porten keeps one: a
    # second login skips the form, and end-session ends it.
    app.secret_key = secrets.token_bytes(32)

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return Response(provider.provider_configuration.to_json(), content_type="application/json")

    stats = {"jwks": 0}
    spoil = {}

    @app.get("/jwks")
    def jwks():
        stats["jwks"] += 1
        return Response(json.dumps(provider.jwks), content_type="application/json")

    if test_hooks:
        @app.post("/test/next-id-token")
        def next_id_token():
            spoil.clear()
            spoil.update(request.get_json(force=True))
            return Response("{}", content_type="application/json")

        @app.get("/test/stats")
        def test_stats():
            return Response(json.dumps(stats), content_type="application/json")

    def spoiled(id_token):
        """The ID token as the last /test/next-id-token asked: claims changed, then signed
        again, or signed wrongly on purpose."""
        change = dict(spoil)
        spoil.clear()
        head, body, _ = id_token.split(".")
        header, claims = json.loads(unb64(head)), json.loads(unb64(body))
        claims.update(change.get("claims", {}))
        for name in change.get("remove", []):
            claims.pop(name, None)
        how = change.get("sign", "provider")
        if how == "none":
            return b64(json.dumps({"alg": "none", "typ": "JWT"}).encode()) + "." + b64(json.dumps(claims).encode()) + "."
        if how == "hs256-public-key":
            pem = rsa.publickey().export_key()
            header = {"alg": "HS256", "typ": "JWT", "kid": header.get("kid")}
            signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
            return signing_input + "." + b64(hmac.new(pem, signing_input.encode(), hashlib.sha256).digest())
        if how == "unknown-key":
            return rs256({"alg": "RS256", "typ": "JWT", "kid": "unknown-" + secrets.token_hex(4)}, claims,
                         RSA.generate(2048))
        return rs256(header, claims, rsa)

    def sign_in(auth_req, pid, acr, groups):
        users[pid] = {"pid": pid}
        # The provider's session id, as ID-porten puts it in `sid`: front-channel logout names it.
        sid = session.get("sid") or secrets.token_urlsafe(16)
        claims[pid] = {"pid": pid, "acr": acr, "amr": ["TestID"], "locale": "nb", "sid": sid}
        if groups:
            claims[pid].update(groups=groups, preferred_username=pid)
        session.update(pid=pid, acr=acr, groups=groups, sid=sid)
        response = provider.authorize(auth_req, pid)
        return redirect(response.request(auth_req["redirect_uri"], False), 303)

    @app.get("/authorize")
    def authorize():
        try:
            auth_req = provider.parse_authentication_request(urllib.parse.urlencode(request.args))
        except InvalidAuthenticationRequest as e:
            return Response(f"invalid authentication request: {html.escape(str(e))}", status=400)
        # Signed in already (and not asked to log in again, nor at a higher level): no form.
        wanted = request.args.get("acr_values", "")
        if session.get("pid") and request.args.get("prompt") != "login" and (
                wanted != "idporten-loa-high" or session.get("acr") == wanted):
            return sign_in(auth_req, session["pid"], session["acr"], session.get("groups", []))
        query = html.escape(urllib.parse.urlencode(request.args))
        return Response(f"""<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Test-ID-porten</title></head>
<body><main><h1>Logg inn (testleverandør)</h1>
<form method="post" action="/authorize?{query}">
<p><label for="pid">Fødselsnummer (syntetisk)</label> <input id="pid" name="pid" autocomplete="off"></p>
<p><label for="groups">Grupper (ansatte, kommaseparert)</label> <input id="groups" name="groups"></p>
<fieldset><legend>Sikkerhetsnivå</legend>
<input type="radio" id="sub" name="acr" value="idporten-loa-substantial" checked> <label for="sub">Betydelig</label>
<input type="radio" id="high" name="acr" value="idporten-loa-high"> <label for="high">Høyt</label></fieldset>
<button type="submit">Logg inn</button></form></main></body></html>""", content_type="text/html; charset=utf-8")

    @app.post("/authorize")
    def authorize_done():
        auth_req = provider.parse_authentication_request(urllib.parse.urlencode(request.args))
        pid = request.form.get("pid", "").strip()
        if not pid:
            return Response("pid missing", status=400)
        groups = [g.strip() for g in request.form.get("groups", "").split(",") if g.strip()]
        return sign_in(auth_req, pid, request.form.get("acr", "idporten-loa-substantial"), groups)

    @app.post("/token")
    def token():
        try:
            response = provider.handle_token_request(
                request.get_data(as_text=True), request.headers,
                extra_id_token_claims=lambda user_id, client_id: claims.get(user_id, {}))
            if spoil and "id_token" in response:
                response["id_token"] = spoiled(response["id_token"])
            return Response(response.to_json(), content_type="application/json", headers={"Cache-Control": "no-store"})
        except InvalidClientAuthentication as e:
            return Response(json.dumps({"error": "invalid_client", "error_description": str(e)}), status=401,
                            content_type="application/json")
        except OAuthError as e:
            return Response(json.dumps({"error": getattr(e, "oauth_error", "invalid_request"), "error_description": str(e)}),
                            status=400, content_type="application/json")

    @app.route("/endsession", methods=["GET", "POST"])
    def end_session():
        query = urllib.parse.urlencode(request.values)
        from oic.oic.message import EndSessionRequest
        end_request = EndSessionRequest().deserialize(query, "urlencoded")
        session.clear()
        try:
            provider.logout_user(end_session_request=end_request)
        except InvalidSubjectIdentifier:
            pass  # no id_token_hint, or tokens already gone: the session above is what ended
        target = provider.do_post_logout_redirect(end_request)
        return redirect(target, 303) if target else Response("Du er logget ut.", content_type="text/plain; charset=utf-8")

    @app.get("/logout")
    def logout_everywhere():
        """Logging out at the provider itself (or in another service): every client with a
        front-channel logout address is told in an iframe, with iss and the session's sid."""
        sid = session.get("sid", "")
        session.clear()
        frames = "".join(
            f'<iframe title="{html.escape(cid)}" src="{html.escape(info["frontchannel_logout_uri"])}?'
            f'{html.escape(urllib.parse.urlencode({"iss": issuer, "sid": sid}))}"></iframe>'
            for cid, info in clients.items() if info.get("frontchannel_logout_uri"))
        return Response(f"""<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Logget ut</title></head>
<body><main><h1>Du er logget ut</h1>{frames}</main></body></html>""", content_type="text/html; charset=utf-8")

    return app


def self_signed(directory):
    """A certificate for 127.0.0.1 (and localhost) made with openssl, kept in `directory`."""
    os.makedirs(directory, exist_ok=True)
    cert, key = os.path.join(directory, "op-cert.pem"), os.path.join(directory, "op-key.pem")
    if not os.path.exists(cert):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
    return cert, key


def main():
    # A test runner may start us with SIGTERM blocked (Swift's Process on Linux passes its
    # thread's mask on): unblocked, so being told to stop stops us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=9400, help="0: any free port (printed)")
    ap.add_argument("--tls-dir", required=True, help="where the self-signed certificate is made and kept")
    ap.add_argument("--client", action="append", default=[],
                    help="id:secret:redirect_uri[|post_logout_redirect_uri…]")
    ap.add_argument("--client-key", action="append", default=[],
                    help="id=public-key.pem:redirect_uri[|post_logout_redirect_uri…] (private_key_jwt)")
    ap.add_argument("--frontchannel", action="append", default=[], help="id=front-channel logout URI")
    ap.add_argument("--test-hooks", action="store_true", help="/test/next-id-token and /test/stats")
    args = ap.parse_args()
    port = args.port
    if port == 0:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    issuer = f"https://127.0.0.1:{port}"
    clients, client_keys = {}, {}

    def register(cid, rest, **extra):
        uris = rest.split("|")
        clients[cid] = {"redirect_uris": [uris[0]], "response_types": ["code"],
                        "post_logout_redirect_uris": uris[1:], **extra}

    for spec in args.client:
        cid, secret, rest = spec.split(":", 2)
        register(cid, rest, client_secret=secret, token_endpoint_auth_method="client_secret_post")
    for spec in args.client_key:
        head, rest = spec.split(":", 1)
        cid, pem = head.split("=", 1)
        with open(pem, "rb") as f:
            client_keys[cid] = RSA.import_key(f.read())
        register(cid, rest, token_endpoint_auth_method="private_key_jwt")
    for spec in args.frontchannel:
        cid, uri = spec.split("=", 1)
        clients[cid]["frontchannel_logout_uri"] = uri
    cert, key = self_signed(args.tls_dir)
    app = make_app(issuer, clients, client_keys, args.test_hooks)
    from werkzeug.serving import make_server
    server = make_server("127.0.0.1", port, app, threaded=True, ssl_context=(cert, key))
    print(f"ready {port} {cert}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
