"""Run the dashboard as N replicas behind nginx, all on loopback, until Ctrl-C (or --duration).

    .venv/bin/python deploy/run_replicas.py                 # http://127.0.0.1:8600, replicas on 8601, 8602
    .venv/bin/python deploy/run_replicas.py --replicas 3 --duration 600

Installs Debian's nginx with apt-get when it is missing (as root). Everything it starts lives in a
temporary state directory (the generated nginx.conf, its pid file, logs, each replica's log) and is
stopped when it exits, on Ctrl-C or SIGTERM too; the system's own nginx, if any, is left alone.
deploy/failover.py uses the Cluster class below.
"""
from __future__ import annotations

import argparse
import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import nginx_conf  # noqa: E402  (deploy/ is not a package: it sits beside this file)

LOOPBACK = "127.0.0.1"
NGINX_CANDIDATES = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")


def find_nginx() -> str | None:
    found = shutil.which("nginx")
    if found:
        return found
    return next((p for p in NGINX_CANDIDATES if os.access(p, os.X_OK)), None)


def ensure_nginx(log=print) -> str:
    """The nginx binary; installs Debian's package with apt-get when missing (needs root)."""
    found = find_nginx()
    if found:
        return found
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        raise RuntimeError("nginx is missing: install Debian's package (apt-get install nginx) and run again")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "-qq", "nginx"]
    log("nginx is missing: apt-get install -y nginx")
    if subprocess.run(install, env=env, stdout=subprocess.DEVNULL, timeout=600).returncode != 0:
        log("apt-get install failed; running apt-get update once and retrying")
        subprocess.run(["apt-get", "update", "-qq"], env=env, check=True, timeout=600)
        subprocess.run(install, env=env, check=True, stdout=subprocess.DEVNULL, timeout=600)
    found = find_nginx()
    if not found:
        raise RuntimeError("apt-get installed nginx but no nginx binary was found")
    return found


def _die_with_parent() -> None:
    """In the child, before exec: receive SIGTERM if the process that started us dies (Linux)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def port_free(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex((host, port)) != 0


def http_get(url: str, timeout: float = 3.0, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET; HTTP errors are answers, not exceptions."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (loopback URLs only)
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def get_all_headers(url: str, name: str, timeout: float = 3.0) -> list[str]:
    """Every value of one response header (Set-Cookie may repeat)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310
            return resp.headers.get_all(name) or []
    except urllib.error.HTTPError as err:
        return err.headers.get_all(name) or []


class Cluster:
    """nginx on LOOPBACK:port and `replicas` Streamlit processes on the ports after it."""

    def __init__(self, replicas: int = 2, port: int = 8600, profile: str = "local",
                 python: str = sys.executable, keep: bool = False, log=print, script: str = "dashboard.py",
                 extra_args: list[str] | None = None, env: dict[str, str] | None = None) -> None:
        """script: what the replicas run (bench/browser.py puts its one-line page behind nginx too), with
        extra_args for `streamlit run` and env over this process's environment."""
        if replicas < 1:
            raise ValueError("at least one replica")
        self.script = script
        self.extra_args = list(extra_args or [])
        self.extra_env = dict(env or {})
        self.port = port
        self.replica_ports = [port + 1 + i for i in range(replicas)]
        self.profile = profile
        self.python = python
        self.keep = keep
        self.log = log
        self.state_dir: Path | None = None
        self.replicas: list[subprocess.Popen | None] = []
        self.nginx: subprocess.Popen | None = None
        self.nginx_bin: str | None = None
        self.cookie_secret = secrets.token_hex(32)

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def replica_addr(self, index: int) -> str:
        return f"{LOOPBACK}:{self.replica_ports[index]}"

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- start --------------------------------------------------------------------------------------
    def start(self, ready_timeout: float = 90.0) -> None:
        busy = [p for p in [self.port, *self.replica_ports] if not port_free(p)]
        if busy:
            raise RuntimeError(f"ports already in use on {LOOPBACK}: {busy}")
        self.nginx_bin = ensure_nginx(self.log)
        self.state_dir = Path(tempfile.mkdtemp(prefix="drugpolicy-replicas-"))
        self.state_dir.chmod(0o755)  # nginx workers (user nobody) create their temp folders in here
        for index in range(len(self.replica_ports)):
            self.replicas.append(self._start_replica(index))
        deadline = time.monotonic() + ready_timeout
        for index in range(len(self.replica_ports)):
            self._wait_healthy(f"http://{self.replica_addr(index)}", deadline, self.replicas[index],
                               self.state_dir / f"replica{index + 1}.log")
        conf = self.state_dir / "nginx.conf"
        conf.write_text(nginx_conf.render([self.replica_addr(i) for i in range(len(self.replica_ports))],
                                          f"{LOOPBACK}:{self.port}", profile=self.profile,
                                          state_dir=self.state_dir), encoding="utf-8")
        base = [self.nginx_bin, "-p", str(self.state_dir), "-c", str(conf), "-e", str(self.state_dir / "error.log")]
        test = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True, timeout=30)
        if test.returncode != 0:
            raise RuntimeError(f"nginx -t rejected the generated config:\n{test.stderr}")
        self.nginx = subprocess.Popen([*base, "-g", "daemon off;"], stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                      start_new_session=True, preexec_fn=_die_with_parent)
        self._wait_healthy(self.url, time.monotonic() + 15, self.nginx, self.state_dir / "error.log")
        self.log(f"nginx {self.url} -> replicas {', '.join(self.replica_addr(i) for i in range(len(self.replicas)))}"
                 f" (state: {self.state_dir})")

    def _start_replica(self, index: int) -> subprocess.Popen:
        port = self.replica_ports[index]
        cmd = [self.python, "-m", "streamlit", "run", self.script, "--server.port", str(port),
               "--server.address", LOOPBACK, "--server.headless", "true", "--server.fileWatcherType", "none",
               *self.extra_args]
        env = dict(os.environ, **self.extra_env, PYTHONUNBUFFERED="1",
                   # One secret for all replicas: XSRF and auth cookies signed by one replica hold on the
                   # others, as they must once a session moves after a failover.
                   STREAMLIT_SERVER_COOKIE_SECRET=self.cookie_secret)
        logf = open(self.state_dir / f"replica{index + 1}.log", "wb")  # noqa: SIM115 (closed with the child)
        try:
            return subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=logf,
                                    stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent)
        finally:
            logf.close()

    def _wait_healthy(self, base_url: str, deadline: float, proc: subprocess.Popen, logfile: Path) -> None:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = logfile.read_text(errors="replace")[-2000:] if logfile.exists() else ""
                raise RuntimeError(f"{base_url} exited with {proc.returncode} before it was healthy:\n{tail}")
            with contextlib.suppress(OSError):
                if http_get(f"{base_url}/_stcore/health", timeout=2)[0] == 200:
                    return
            time.sleep(0.25)
        raise RuntimeError(f"{base_url}/_stcore/health did not answer 200 in time")

    # --- stop ---------------------------------------------------------------------------------------
    def kill_replica(self, index: int, sig: int = signal.SIGTERM, wait: float = 20.0) -> tuple[float, bool]:
        """Send `sig` to replica `index`; (seconds until it exited, whether it had to be SIGKILLed)."""
        proc = self.replicas[index]
        t0 = time.monotonic()
        forced = _terminate(proc, sig, wait)
        return time.monotonic() - t0, forced

    def replica_alive(self, index: int) -> bool:
        proc = self.replicas[index]
        return proc is not None and proc.poll() is None

    def stop(self) -> None:
        """Stop everything this cluster started (nginx first, then the replicas); idempotent. Ctrl-C and
        SIGTERM are held off meanwhile, so a second interrupt cannot leave a process behind; every wait
        is bounded (a process that lingers is SIGKILLed)."""
        held = {}
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                held[sig] = signal.signal(sig, signal.SIG_IGN)
        try:
            if self.nginx is not None:
                _terminate(self.nginx, signal.SIGTERM, 10)  # fast shutdown: open websockets are cut, not awaited
                self.nginx = None
            for proc in self.replicas:
                if proc is not None:
                    _terminate(proc, signal.SIGTERM, 15)
            self.replicas = [None for _ in self.replicas]
            if self.state_dir is not None and not self.keep:
                shutil.rmtree(self.state_dir, ignore_errors=True)
                self.state_dir = None
        finally:
            for sig, handler in held.items():
                signal.signal(sig, handler)


def _terminate(proc: subprocess.Popen, sig: int, wait: float) -> bool:
    """Signal the process group `proc` leads, wait, SIGKILL it if it lingers; True when it had to be killed."""
    if proc.poll() is not None:
        return False
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)
    try:
        proc.wait(timeout=wait)
        return False
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        return True


def raise_on_signals() -> None:
    """SIGTERM (and SIGHUP) end the program like Ctrl-C, so every `finally` runs and stops what it started."""
    def handler(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8600, help="nginx; replicas take the next ports")
    ap.add_argument("--profile", choices=sorted(nginx_conf.PROFILES), default="local")
    ap.add_argument("--duration", type=float, default=0, help="stop after this many seconds (0: at Ctrl-C)")
    ap.add_argument("--keep", action="store_true", help="keep the state directory (config, logs) afterwards")
    args = ap.parse_args(argv)
    raise_on_signals()
    cluster = Cluster(args.replicas, args.port, args.profile, keep=args.keep)
    try:
        cluster.start()
        print(f"open {cluster.url}/ ; Ctrl-C stops nginx and the replicas", flush=True)
        deadline = time.monotonic() + args.duration if args.duration > 0 else None
        reported: set[int] = set()
        while deadline is None or time.monotonic() < deadline:
            for i in range(len(cluster.replicas)):
                if i not in reported and not cluster.replica_alive(i):
                    reported.add(i)
                    print(f"replica {cluster.replica_addr(i)} exited; nginx serves from the others", flush=True)
            if len(reported) == len(cluster.replicas):
                print("every replica has exited", flush=True)
                break
            time.sleep(1)
    except KeyboardInterrupt:
        print("stopping", flush=True)
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
