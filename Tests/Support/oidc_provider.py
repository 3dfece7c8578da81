#!/usr/bin/env python3
"""A real OpenID Connect provider on loopback for Radhus's tests and demo, built on pyop (the
Python OP library) and Flask: discovery, JWKS (RS256, a fresh key per start), the authorization
code flow with PKCE (S256) and nonce checked by pyop, client_secret_basic and client_secret_post,
end-session with post-logout redirect.

It issues ID-porten-shaped ID tokens: `pid` (the fødselsnummer), `acr` (idporten-loa-substantial
or idporten-loa-high), `amr`, `locale`; and Entra-shaped staff tokens: `groups`, `preferred_username`.
The login page asks which synthetic person signs in and at which level, as a test person would
choose in ID-porten's test environment.

    oidc_provider.py --port 9400 --cert cert.pem --key key.pem \
        --client 'radhus:SECRET:https://127.0.0.1:8080/logg-inn/tilbake|https://127.0.0.1:8080/'

pyop insists on an https issuer (as ID-porten is), so it serves TLS with a certificate the
test makes (openssl), which Radhus's HTTP client must be told to trust. It keeps its own
single sign-on session (a signed cookie): a second login skips the form unless `prompt=login`
or a higher `acr_values` asks; end-session ends it.

Needs `pip install pyop flask` (pyop brings oic, pyjwkest, pycryptodomex). Checked by hand:
the code flow returns an ID token with pid, acr, amr, locale and the nonce; a wrong PKCE
verifier is 400 invalid_request; a wrong client secret is 401 invalid_client.
Groundwork for issue 18: not yet started by a test or a script."""
import argparse, html, json, secrets, sys, urllib.parse

from flask import Flask, Response, redirect, request, session
from jwkest.jwk import RSAKey
from Cryptodome.PublicKey import RSA
from pyop.authz_state import AuthorizationState
from pyop.exceptions import (InvalidAuthenticationRequest, InvalidClientAuthentication, InvalidSubjectIdentifier,
                             OAuthError)
from pyop.provider import Provider
from pyop.subject_identifier import HashBasedSubjectIdentifierFactory
from pyop.userinfo import Userinfo


def make_app(issuer, clients):
    key = RSAKey(key=RSA.generate(2048), alg="RS256", kid=secrets.token_hex(8))
    config = {
        "issuer": issuer,
        "authorization_endpoint": issuer + "/authorize",
        "token_endpoint": issuer + "/token",
        "jwks_uri": issuer + "/jwks",
        "end_session_endpoint": issuer + "/endsession",
        "response_types_supported": ["code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": ["openid", "profile"],
        "claims_supported": ["sub", "pid", "acr", "amr", "locale", "groups", "preferred_username"],
    }
    users = {}
    # The claims of each person's last login, put in the ID token at the token endpoint (the
    # code flow issues it there, not at the authorization).
    claims = {}
    provider = Provider(key, config, AuthorizationState(HashBasedSubjectIdentifierFactory(secrets.token_hex(16))),
                        clients, Userinfo(users), id_token_lifetime=300)
    app = Flask(__name__)
    # The provider's own single sign-on session (a signed cookie), as ID-porten keeps one: a
    # second login skips the form, and end-session ends it.
    app.secret_key = secrets.token_bytes(32)

    @app.get("/.well-known/openid-configuration")
    def discovery():
        return Response(provider.provider_configuration.to_json(), content_type="application/json")

    @app.get("/jwks")
    def jwks():
        return Response(json.dumps(provider.jwks), content_type="application/json")

    def sign_in(auth_req, pid, acr, groups):
        users[pid] = {"pid": pid}
        claims[pid] = {"pid": pid, "acr": acr, "amr": ["TestID"], "locale": "nb"}
        if groups:
            claims[pid].update(groups=groups, preferred_username=pid)
        session.update(pid=pid, acr=acr, groups=groups)
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

    return app


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=9400)
    ap.add_argument("--cert", required=True, help="TLS certificate (pyop insists on an https issuer)")
    ap.add_argument("--key", required=True)
    ap.add_argument("--client", action="append", default=[], help="id:secret:redirect_uri[|post_logout_redirect_uri…]")
    args = ap.parse_args()
    issuer = f"https://127.0.0.1:{args.port}"
    clients = {}
    for spec in args.client:
        cid, secret, rest = spec.split(":", 2)
        uris = rest.split("|")
        clients[cid] = {"client_secret": secret, "redirect_uris": [uris[0]], "response_types": ["code"],
                        "token_endpoint_auth_method": "client_secret_post",
                        "post_logout_redirect_uris": uris[1:]}
    make_app(issuer, clients).run(host="127.0.0.1", port=args.port, ssl_context=(args.cert, args.key))


if __name__ == "__main__":
    sys.exit(main())
