"""Does the app work under nginx's Content-Security-Policy? Every page in Debian's Chromium, through nginx.

    .venv/bin/python deploy/csp_check.py            # starts nginx + 2 replicas on 127.0.0.1, then stops them
    .venv/bin/python deploy/csp_check.py --url http://127.0.0.1:8600   # against a running deploy/run_replicas.py

Opens each page with Playwright in /usr/bin/chromium (never a downloaded browser), records
`securitypolicyviolation` events and console errors, checks that charts render and no error is shown,
then presses the Sources page's download button (a /media/ file from the session's replica).
Exit 0 when there is no violation, no failed request and the download works (an error a page
itself shows is reported, not counted: that is the page's bug, not the CSP's). Run it after upgrading Streamlit.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run_replicas import Cluster, raise_on_signals  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
PAGES = ["overview?lang=en", "compare?lang=fr", "city?lang=nl", "personnel?lang=en", "enforcement?lang=en",
         "budgets?lang=en", "measures?lang=en", "sources?lang=en"]
RECORD = ("window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push("
          "{directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile}));")


def _frontend_probe(url: str) -> bool:
    """Whether url is the frontend's own guess at the server's root below a page: /<page>/_stcore/<health|host-config>."""
    from urllib.parse import urlsplit

    parts = urlsplit(url).path.strip("/").split("/")
    return len(parts) >= 3 and parts[-2] == "_stcore" and parts[-1] in ("health", "host-config")


def check(base: str, pages: list[str], timeout_ms: int = 60_000) -> dict:
    from playwright.sync_api import sync_playwright

    report: dict = {"pages": [], "download": None}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            ctx = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
            ctx.add_init_script(RECORD)
            for path in pages:
                page = ctx.new_page()
                errors: list[str] = []
                page.on("console", lambda m, errors=errors: errors.append(m.text[:200]) if m.type == "error" else None)
                page.on("pageerror", lambda e, errors=errors: errors.append(f"pageerror: {e}"[:200]))
                # Any 4xx/5xx counts, except the 404s Streamlit's frontend asks for itself on a deep link: it
                # looks for the server's root below the page's own address first (/<page>/_stcore/...).
                page.on("response", lambda r, errors=errors: errors.append(f"{r.status} {r.url}")
                        if r.status >= 400 and not (r.status == 404 and _frontend_probe(r.url)) else None)
                page.goto(f"{base}/{path}", wait_until="networkidle", timeout=timeout_ms)
                page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
                page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                       timeout=timeout_ms)
                page.wait_for_timeout(1500)
                report["pages"].append({
                    "page": path,
                    "violations": page.evaluate("window.__csp"),
                    "charts": page.locator(".js-plotly-plot .main-svg, table.pillar-matrix").count(),
                    "error_shown": page.locator('[data-testid="stException"]').count()
                    + page.get_by_text("Something went wrong").count(),
                    "http_errors": [e for e in errors if e[:3].isdigit()],
                    "console_errors": [e for e in errors if not e[:3].isdigit()
                                       and "Failed to load resource" not in e],
                })
                if path.startswith("sources"):
                    with page.expect_download(timeout=timeout_ms) as download:
                        page.locator('[data-testid="stDownloadButton"] button').first.click()
                    report["download"] = {"file": download.value.suggested_filename,
                                          "failure": download.value.failure()}
                    report["pages"][-1]["violations"] = page.evaluate("window.__csp")
                page.close()
        finally:
            browser.close()
    # An error the app itself shows (a bug in a page) is reported, not counted: a script the CSP blocks
    # always raises a violation, so it cannot hide there.
    report["passed"] = (all(not pg["violations"] and not pg["http_errors"] for pg in report["pages"])
                        and (report["download"] is None or report["download"]["failure"] is None))
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running nginx in front of the app; default: start one on 127.0.0.1:8600")
    ap.add_argument("--port", type=int, default=8600)
    ap.add_argument("--pages", default=",".join(PAGES), help="comma-separated paths with their query")
    ap.add_argument("--json", help="write the report here")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is missing: apt-get install chromium", file=sys.stderr)
        return 2
    raise_on_signals()
    cluster = None
    try:
        base = args.url
        if not base:
            cluster = Cluster(replicas=2, port=args.port, profile="local")
            cluster.start()
            base = cluster.url
        report = check(base.rstrip("/"), [p for p in args.pages.split(",") if p])
    finally:
        if cluster is not None:
            cluster.stop()
    for pg in report["pages"]:
        print(f"{pg['page']:<24} violations={len(pg['violations'])} charts={pg['charts']} "
              f"error_shown={pg['error_shown']} http_errors={pg['http_errors']} console={pg['console_errors'][:3]}"
              f"{'   <- the page shows an error (not the CSP)' if pg['error_shown'] else ''}")
        for v in pg["violations"]:
            print(f"    CSP {v['directive']} blocked {v['blocked']} ({v['source']})")
    print(f"download: {report['download']}")
    print("PASSED" if report["passed"] else "FAILED")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main())
