"""Render deploy/nginx.conf.template for N Streamlit replicas.

    python deploy/nginx_conf.py --profile production --upstream app1:8501 --upstream app2:8501 \
        --listen 80 --state-dir /var/cache/nginx --error-log /dev/stderr --access-log /dev/stdout

Profiles hold the values that differ between a public deployment and the loopback failover test
(rate limits, the cookie's Secure flag, debugging headers). Standard library only: the renderer
runs where the app's packages are not installed.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf.template"
COMPOSE_CONF = HERE / "nginx.compose.conf"
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")

# Per client address. A first page load is one HTML request plus ~40 static files (cached by
# nginx after the first visitor) and one websocket; a visitor who returns to the tab after a
# replica restart reconnects once. Values are nginx syntax: rate "Nr/s", burst and conn counts.
PROFILES: dict[str, dict[str, str]] = {
    "production": {
        "REQ_RATE": "20r/s",    # plain requests: pages, static files, health, downloads
        "REQ_BURST": "100",     # a first page load, all at once, without delay
        "WS_RATE": "2r/s",      # new websocket sessions (tabs, reconnects)
        "WS_BURST": "10",       # ten tabs opened at once, or a reconnect after a replica restart
        "CONN_PER_IP": "50",    # open websockets per address: a school or office behind one NAT
        "COOKIE_FLAGS": "; Secure",
        "EXTRA_HEADERS": "",
    },
    # The failover test: 50+ sessions, reconnects and their page loads, all from 127.0.0.1 in a few
    # seconds. Same directives, wider numbers; plus headers that name the replica and cache status.
    "local": {
        "REQ_RATE": "200r/s",
        "REQ_BURST": "1000",
        "WS_RATE": "100r/s",
        "WS_BURST": "200",
        "CONN_PER_IP": "400",
        "COOKIE_FLAGS": "",
        "EXTRA_HEADERS": "        add_header X-Upstream $upstream_addr always;\n"
                         "        add_header X-Cache-Status $upstream_cache_status always;",
    },
}

# deploy/nginx.compose.conf, the docker-compose example's config: two containers named app1 and
# app2, nginx in the official image terminating TLS with the certificate mounted at /etc/nginx/certs.
# Regenerate after editing the template:  python deploy/nginx_conf.py --compose -o deploy/nginx.compose.conf
COMPOSE_ARGS = ["--profile", "production", "--upstream", "app1:8501", "--upstream", "app2:8501",
                "--listen", "443 ssl", "--tls-cert", "/etc/nginx/certs/fullchain.pem",
                "--tls-key", "/etc/nginx/certs/privkey.pem", "--state-dir", "/var/cache/nginx",
                "--error-log", "/dev/stderr", "--access-log", "/dev/stdout"]


def render(upstreams: list[str], listen: str = "127.0.0.1:8600", *, profile: str = "local",
           state_dir: str | Path = ".", error_log: str | None = None, access_log: str | None = None,
           server_name: str = "_", tls_cert: str | None = None, tls_key: str | None = None,
           max_fails: int = 1, fail_timeout: str = "10s") -> str:
    """The nginx.conf text for these replicas ("host:port" each) and this profile."""
    if not upstreams:
        raise ValueError("at least one upstream replica is needed")
    if (tls_cert is None) != (tls_key is None):
        raise ValueError("give both --tls-cert and --tls-key, or neither")
    for up in upstreams:
        if not re.fullmatch(r"[A-Za-z0-9.\-\[\]:]+:\d+", up):
            raise ValueError(f"upstream must be host:port, got {up!r}")
    state_dir = str(state_dir).rstrip("/") or "/"
    values = dict(PROFILES[profile])
    values.update(
        STATE_DIR=state_dir,
        ERROR_LOG=error_log or f"{state_dir}/error.log",
        ACCESS_LOG=access_log or f"{state_dir}/access.log",
        LISTEN=listen,
        SERVER_NAME=server_name,
        UPSTREAM_SERVERS="\n".join(
            f"        server {up} max_fails={max_fails} fail_timeout={fail_timeout};" for up in upstreams),
        TLS="",
        HTTP_REDIRECT="",
    )
    if tls_cert:
        values["TLS"] = (f"        ssl_certificate {tls_cert};\n"
                         f"        ssl_certificate_key {tls_key};\n"
                         "        ssl_protocols TLSv1.2 TLSv1.3;\n"
                         "        ssl_session_cache shared:tls:10m;\n"
                         '        add_header Strict-Transport-Security "max-age=31536000" always;')
        values["HTTP_REDIRECT"] = ("\n    # Plain HTTP only redirects to HTTPS.\n"
                                   "    server {\n"
                                   "        listen 80;\n"
                                   f"        server_name {server_name};\n"
                                   "        location / { return 301 https://$host$request_uri; }\n"
                                   "    }")
    text = TEMPLATE.read_text(encoding="utf-8")
    missing = sorted(set(_PLACEHOLDER.findall(text)) - set(values))
    if missing:
        raise KeyError(f"template placeholders without a value: {missing}")
    header = (f"# GENERATED by deploy/nginx_conf.py from deploy/nginx.conf.template (profile {profile}).\n"
              "# Edit the template and render again; edits here are lost.\n")
    return header + _PLACEHOLDER.sub(lambda m: values[m.group(1)], text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--profile", choices=sorted(PROFILES), default="production")
    ap.add_argument("--compose", action="store_true", help="the docker-compose example's settings (COMPOSE_ARGS)")
    ap.add_argument("--upstream", action="append", help="host:port of a replica; repeat")
    ap.add_argument("--listen", default="80", help="nginx listen value, e.g. 80, 127.0.0.1:8600, '443 ssl'")
    ap.add_argument("--server-name", default="_")
    ap.add_argument("--state-dir", default="/var/cache/nginx", help="pid file, temp files, static cache")
    ap.add_argument("--error-log")
    ap.add_argument("--access-log")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("-o", "--output", help="write here instead of standard output")
    args = ap.parse_args(argv)
    if args.compose:
        args = ap.parse_args([*COMPOSE_ARGS, *(["-o", args.output] if args.output else [])])
    if not args.upstream:
        ap.error("give at least one --upstream host:port (or --compose)")
    text = render(args.upstream, args.listen, profile=args.profile, state_dir=args.state_dir,
                  error_log=args.error_log, access_log=args.access_log, server_name=args.server_name,
                  tls_cert=args.tls_cert, tls_key=args.tls_key)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
