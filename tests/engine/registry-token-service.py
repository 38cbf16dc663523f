#!/usr/bin/python3
"""registry-token-service.py STATE_DIR USER — a small token service for docker-registry.

The Bearer flow of the registry HTTP API (docker/distribution's "token" auth): the
registry answers 401 with `WWW-Authenticate: Bearer realm=<this>/token,service=...,
scope=...`; the client asks GET /token?service=&scope= with Basic credentials; this
answers {"token": JWT}, an RS256 JWT whose x5c header carries the certificate that the
registry trusts (rootcertbundle). Listens on 127.0.0.1 only, on a free port that it
writes to STATE_DIR/token-service.port. The password comes from the environment
(CACHELAB_TOKEN_PASSWORD), never from the command line. Signing uses the openssl
command line with STATE_DIR/token.key; STATE_DIR/token.crt is the certificate.

Logs one line per request to stderr: the scope asked, the user, granted or refused;
never a password or a token. Test helper for tests/engine/test-registry-inspect.sh.
"""
import base64
import http.server
import json
import os
import secrets
import subprocess
import sys
import time
import urllib.parse

ISSUER = "cachelab-token-service"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):  # quiet default logging; we log our own lines
        pass

    def answer(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/token":
            self.answer(404, {"error": "not found"})
            return
        query = urllib.parse.parse_qs(url.query)
        service = query.get("service", [""])[0]
        scopes = query.get("scope", [])
        user = None
        header = self.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                name, _, password = base64.b64decode(header[6:]).decode().partition(":")
            except (ValueError, UnicodeDecodeError):
                name, password = "", ""
            if name == self.server.user and secrets.compare_digest(password, self.server.password):
                user = name
        if user is None:
            print(f"token: refused scope={scopes} (no or wrong credentials)", file=sys.stderr, flush=True)
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="cachelab-token-service"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            if kind == "repository" and name:
                access.append({"type": kind, "name": name, "actions": [a for a in actions.split(",") if a]})
        now = int(time.time())
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self.server.cert_der_b64]}
        claims = {"iss": ISSUER, "sub": user, "aud": service, "exp": now + 600, "nbf": now - 60,
                  "iat": now, "jti": secrets.token_hex(8), "access": access}
        signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", self.server.key_path],
                                   input=signing_input.encode(), capture_output=True, check=True).stdout
        token = signing_input + "." + b64url(signature)
        print(f"token: granted {user} {access}", file=sys.stderr, flush=True)
        self.answer(200, {"token": token, "access_token": token, "expires_in": 600})


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    state, user = sys.argv[1], sys.argv[2]
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    server.user = user
    server.password = os.environ.get("CACHELAB_TOKEN_PASSWORD", "")
    if not server.password:
        print("registry-token-service.py: CACHELAB_TOKEN_PASSWORD is not set", file=sys.stderr)
        sys.exit(2)
    server.key_path = os.path.join(state, "token.key")
    der = subprocess.run(["openssl", "x509", "-in", os.path.join(state, "token.crt"), "-outform", "DER"],
                         capture_output=True, check=True).stdout
    server.cert_der_b64 = base64.b64encode(der).decode()
    with open(os.path.join(state, "token-service.port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(state, "token-service.port.tmp"), os.path.join(state, "token-service.port"))
    server.serve_forever()


if __name__ == "__main__":
    main()
