"""What the benchmarks share: the machine's description, statistics, a streamlit server they start and stop,
memory of a process, a hard time limit, and the scale-100 data package.

Every bench script begins with `fix_sys_path()` (inlined, because it must run before anything imports
asyncio): `python bench/x.py` puts bench/ first on sys.path, where bench/concurrent.py would shadow the
standard library's `concurrent` package that asyncio imports.
"""
from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
OUT = BENCH / "out"
HOST = "127.0.0.1"
PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable

# Deep links that stand for each page (lang=en so the figures do not depend on the browser's locale).
FOUR = "antwerpen,aalst,gent,brussels-region"
PAGE_LINKS = {
    "overview": "lang=en",
    "compare": f"lang=en&cities={FOUR}",
    "city": "lang=en&city=gent",
    "personnel": "lang=en",
    "enforcement": "lang=en",
    "budgets": "lang=en",
    "measures": "lang=en",
    "sources": "lang=en",
    "briefing": f"lang=en&cities={FOUR}",
}


def page_keys() -> list[str]:
    """The app's pages in navigation order (dashboard.py PAGES); falls back to PAGE_LINKS."""
    try:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from dashboard import PAGES

        return [key for key, _ in PAGES]
    except Exception:  # noqa: BLE001 - a page list for the benchmark, whatever state the app is in
        return list(PAGE_LINKS)


# --- arguments (argparse types: a wrong value is an error naming the option, before anything starts) ----------
def _unknown_pages(unknown: list[str], keys: list[str]) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(f"unknown page{'s' if len(unknown) > 1 else ''} "
                                      f"{', '.join(map(repr, unknown))}: the pages are {', '.join(keys)}")


def page_arg(text: str) -> str:
    """One page key of the app's (--page)."""
    keys = page_keys()
    if text not in keys:
        raise _unknown_pages([text], keys)
    return text


def pages_arg(text: str) -> list[str]:
    """Comma-separated page keys of the app's (--pages); every page when empty."""
    keys = page_keys()
    pages = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in pages if p not in keys]
    if unknown:
        raise _unknown_pages(unknown, keys)
    return pages or keys


DATA_NAMES = "real or scaleN (N a whole number, 1 or more)"


def is_data_name(name: str) -> bool:
    """Whether name is a data set's name: real, or scaleN for N >= 1 (data_dir writes it when missing)."""
    return name == "real" or (name.startswith("scale") and name[5:].isdigit() and int(name[5:]) >= 1)


def data_arg(text: str) -> str:
    """A data set's name (--data), is_data_name's."""
    name = text.strip()
    if not is_data_name(name):
        raise argparse.ArgumentTypeError(f"unknown data set {text!r}: {DATA_NAMES}")
    return name


def datas_arg(text: str) -> list[str]:
    """Comma-separated data set names (--data), at least one."""
    names = [data_arg(d) for d in text.split(",") if d.strip()]
    if not names:
        raise argparse.ArgumentTypeError("no data set: real, scaleN or both, comma-separated")
    return names


# --- the machine ---------------------------------------------------------------------------------------
def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict:
    """Date, cores, memory, CPU model, versions, commit and load: what RESULTS.md records with each run."""
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem_kb = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal:")), 0)
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    try:
        from importlib.metadata import version

        st_version = version("streamlit")
    except Exception:  # noqa: BLE001
        st_version = "?"
    dirty = _git("status", "--porcelain")
    return {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": nproc,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "streamlit": st_version,
        "commit": (_git("rev-parse", "--short", "HEAD") or "?") + (" (+ uncommitted changes)" if dirty else ""),
        "load_avg": loadavg(),
    }


def loadavg() -> str:
    return " ".join(_read("/proc/loadavg").split()[:3])


def print_machine(title: str, info: dict | None = None) -> dict:
    info = info or machine()
    print(f"== {title}")
    print(f"   {info['date']} · {info['nproc']} cores · {info['memory_gb']} GB · {info['cpu']} · "
          f"python {info['python']} · streamlit {info['streamlit']} · commit {info['commit']} · "
          f"load average {info['load_avg']}", flush=True)
    return info


# --- statistics --------------------------------------------------------------------------------------
def pct(values, q: float) -> float:
    """The q-th percentile, nearest rank (q=95: the value 95 % of the samples are at or below)."""
    vals = sorted(v for v in values if v is not None and not math.isnan(v))
    if not vals:
        return float("nan")
    return vals[min(len(vals) - 1, max(0, math.ceil(q / 100 * len(vals)) - 1))]


def median(values) -> float:
    vals = [v for v in values if v is not None and not math.isnan(v)]
    return statistics.median(vals) if vals else float("nan")


def ms(seconds: float) -> str:
    return "—" if seconds is None or math.isnan(seconds) else f"{seconds * 1000:.0f}"


# --- processes -----------------------------------------------------------------------------------------
def rss_mb(pid: int) -> float:
    """Resident memory of a process in MB (psutil when installed, else /proc/<pid>/status VmRSS)."""
    try:
        import psutil

        return psutil.Process(pid).memory_info().rss / 1024 / 1024
    except ImportError:
        pass
    except Exception:  # noqa: BLE001 - gone
        return float("nan")
    for line in _read(f"/proc/{pid}/status").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system, every thread) a process has used so far; nan when unknown."""
    stat = _read(f"/proc/{pid}/stat")
    if not stat:
        return float("nan")
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """`streamlit run <script>` on a free loopback port, started the same way for the app and the one-line page:
    from the repository (so .streamlit/config.toml applies), headless, no file watcher, no usage stats."""

    def __init__(self, script: str = "dashboard.py", data_dir: Path | str | None = None, port: int | None = None,
                 extra_args: list[str] | None = None, env: dict[str, str] | None = None) -> None:
        self.script = script
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.extra_args = extra_args or []
        self.extra_env = env or {}
        self.proc: subprocess.Popen | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="drugpolicy-bench-")
        self.log_path = Path(self._tmp.name) / "streamlit.log"
        self.start_s = float("nan")

    def start(self, timeout: float = 90.0) -> Server:
        from streamlit_session import wait_healthy

        env = {k: v for k, v in os.environ.items() if k != "DRUGPOLICY_DATA_DIR"}
        if self.data_dir:
            env["DRUGPOLICY_DATA_DIR"] = str(self.data_dir)
        env.update(self.extra_env)
        cmd = [PY, "-m", "streamlit", "run", self.script, "--server.port", str(self.port), "--server.address", HOST,
               "--server.headless", "true", "--server.fileWatcherType", "none", "--server.runOnSave", "false",
               "--browser.gatherUsageStats", "false", *self.extra_args]
        t0 = time.perf_counter()
        with self.log_path.open("ab") as log:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            wait_healthy(self.url, timeout, self.proc)
        except BaseException:
            print(self.log_tail(), file=sys.stderr)
            self.stop()
            raise
        self.start_s = time.perf_counter() - t0
        return self

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc else -1

    def rss_mb(self) -> float:
        return rss_mb(self.pid)

    def cpu_s(self) -> float:
        return cpu_s(self.pid)

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        """SIGTERM to the server's own process group (it and anything it started, e.g. kaleido's chromium),
        SIGKILL after 10 s."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        with contextlib.suppress(Exception):
            self._tmp.cleanup()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class NginxServer:
    """The same script as Server, served as the public instance is: behind the deployment's nginx
    (deploy/nginx.conf.template, profile "local": its gzip, static cache and security headers), one replica. Started
    and stopped by deploy/run_replicas.py's Cluster, on a free loopback port and the one after it. Needs nginx (the
    Cluster installs Debian's package when missing)."""

    def __init__(self, script: str = "dashboard.py", data_dir: Path | str | None = None,
                 extra_args: list[str] | None = None) -> None:
        if str(ROOT / "deploy") not in sys.path:
            sys.path.insert(0, str(ROOT / "deploy"))
        import run_replicas

        port = free_port()
        while not run_replicas.port_free(port + 1):
            port = free_port()
        self.url = f"http://{HOST}:{port}"
        env = {"DRUGPOLICY_DATA_DIR": str(data_dir)} if data_dir else {}
        self.cluster = run_replicas.Cluster(1, port, "local", python=PY, log=lambda *_: None, script=script,
                                            extra_args=["--browser.gatherUsageStats", "false", *(extra_args or [])],
                                            env=env)

    def start(self) -> NginxServer:
        self.cluster.start()
        return self

    def stop(self) -> None:
        self.cluster.stop()


def prime(url: str, timeout: float = 120.0):
    """The server's first visit: the home page "/", as a visitor arriving there (imports and data load included).
    Returns the run's RunResult (finished_s = time to the first page on a fresh server)."""
    import asyncio

    from streamlit_session import visit

    return asyncio.run(visit(url, "", "lang=en", timeout=timeout))


# --- limits --------------------------------------------------------------------------------------------
class Overrun(BaseException):
    """The hard time limit of a bench run was reached (a BaseException so that no `except Exception` eats it)."""


def hard_limit(seconds: float) -> None:
    """SIGTERM/SIGHUP behave like Ctrl-C, and after `seconds` the run stops with Overrun; `finally` blocks
    (which stop the servers and browsers the script started) run in every case."""
    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    def overrun(signum, frame):
        raise Overrun(f"hard limit of {seconds:.0f} s reached")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    signal.signal(signal.SIGALRM, overrun)
    signal.alarm(max(1, int(seconds)))


# --- data ----------------------------------------------------------------------------------------------
def data_dir(name: str) -> Path:
    """"real" -> data/; "scaleN" -> bench/out/scaleN, written with bench/synthetic.py when missing or older than
    any file of data/ (a schema or data change can make an old copy invalid, or measure data that is gone)."""
    if not is_data_name(name):
        raise ValueError(f"unknown data set {name!r}: {DATA_NAMES}")
    if name == "real":
        return ROOT / "data"
    path = OUT / name
    package = path / "datapackage.json"
    newest = max(f.stat().st_mtime for f in (ROOT / "data").iterdir() if f.is_file())
    if not package.exists() or package.stat().st_mtime < newest:  # missing, or older than the data
        print(f"   {path} is missing or older than data/: writing it with bench/synthetic.py --scale {name[5:]}",
              flush=True)
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([PY, str(BENCH / "synthetic.py"), "--scale", name[5:], "--out", str(path)], cwd=ROOT,
                       check=True, timeout=600)
    return path
