"""Load on the web app: 50 concurrent loopback clients for 60 s over pages and callbacks.

Run: ``.venv/bin/python benchmarks/bench_web_load.py [--clients 50] [--seconds 60]``. Starts
``hinterland serve`` on a free loopback port (waitress, 8 threads), warms each page once (the
first load of a page computes its sections; later loads are served from the caches keyed by
inputs), then each client loops over a random mix for the given time: the HTML shell, a page
layout (the router callback) of every page in zh and en, and the controls' callbacks (atlas
indicator x year, disparity grouping, corridors closures and their economy loss, shock by
region, linkage by province). It first times the overview's first answer on the fresh server
and how long until every finding is shown. Prints requests, errors (any non-200 answer or an
error box in a callback's reply, with the kinds of failure), throughput and p50/p95/max
latency per kind and overall. No assertions.

Peer: the same clients against the static HTML shell alone give the server's floor on this
machine (the ratio callback p50 / shell p50 says what the app's work costs over waitress and
Flask themselves).
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

EXE = Path(sys.executable).with_name("hinterland")
REASONS: collections.Counter = collections.Counter()
PATHS = ("/", "/atlas", "/disparity", "/corridors", "/shock", "/linkage", "/layout", "/ensembles")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _payload(outputs, inputs, state=()):
    outs = [{"id": i, "property": p} for i, p in outputs]
    key = (
        f"{outputs[0][0]}.{outputs[0][1]}"
        if len(outputs) == 1
        else ".." + "...".join(f"{i}.{p}" for i, p in outputs) + ".."
    )
    return {
        "output": key,
        "outputs": outs[0] if len(outs) == 1 else outs,
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
    }


def _requests():
    """Kinds of request -> a function returning (method, path, body) at random."""
    lang = lambda: random.choice(["zh", "en"])  # noqa: E731

    def route():
        return _payload(
            [("page", "children")],
            [("url", "pathname", random.choice(PATHS)), ("url", "search", f"?lang={lang()}")],
        )

    def atlas():
        ind, years = random.choice(
            [("gdp_per_capita", range(2005, 2024)), ("population", range(2000, 2024))]
        )
        return _payload(
            [("at-map", "figure"), ("at-table", "data"), ("at-table", "columns"),
             ("at-note", "children"), ("at-msg", "children")],
            [("at-indicator", "value", ind), ("at-year", "value", random.choice(list(years)))],
            [("page-lang", "data", lang())],
        )  # fmt: skip

    def disparity():
        return _payload(
            [("di-theil", "figure"), ("di-gini", "figure"), ("di-latest", "children"),
             ("di-msg", "children")],
            [("di-by", "value", random.choice(["four_blocs", "third_front"]))],
            [("page-lang", "data", lang())],
        )  # fmt: skip

    def corridors():
        nodes = random.choice(
            [["choke_malacca"], ["choke_hormuz"], ["choke_malacca", "choke_hormuz"]]
        )
        return _payload(
            [("co-summary", "children"), ("co-unmet", "data"), ("co-unmet", "columns"),
             ("co-short", "figure"), ("co-msg", "children")],
            [("co-chokepoint", "value", nodes), ("co-border", "value", []),
             ("co-port", "value", []), ("co-cut", "value", 1.0)],
            [("page-lang", "data", lang())],
        )  # fmt: skip

    def economy():
        nodes = random.choice([["choke_hormuz"], ["choke_malacca", "choke_hormuz"]])
        return _payload(
            [("co-economy", "children"), ("co-loss", "figure"), ("co-eco-msg", "children")],
            [("co-chokepoint", "value", nodes), ("co-border", "value", []),
             ("co-port", "value", []), ("co-cut", "value", 1.0),
             ("co-days", "value", random.choice([30, 90, 365]))],
            [("page-lang", "data", lang())],
        )  # fmt: skip

    def shock():
        return _payload(
            [("sh-total", "children"), ("sh-map", "figure"), ("sh-curve", "children"),
             ("sh-msg", "children")],
            [("sh-region", "value", random.choice([420000, 510000, 440000])),
             ("sh-sector", "value", "__all__"), ("sh-severity", "value", 0.5),
             ("sh-model", "value", "capacity"), ("sh-days", "value", 90)],
            [("page-lang", "data", lang())],
        )  # fmt: skip

    def linkage():
        return _payload(
            [("li-text", "children"), ("li-on", "figure"), ("li-by", "figure"),
             ("li-msg", "children")],
            [("li-region", "value", random.choice([510000, 440000, 650000]))],
            [("page-lang", "data", lang())],
        )  # fmt: skip

    cb = {"route": route, "atlas": atlas, "disparity": disparity, "corridors": corridors,
          "economy": economy, "shock": shock, "linkage": linkage}  # fmt: skip
    kinds = {"shell": lambda: ("GET", f"/{random.choice(PATHS)[1:]}?lang={lang()}", None)}
    for name, make in cb.items():
        kinds[name] = lambda make=make: ("POST", "/_dash-update-component", make())
    return kinds


def _call(base, method, path, body):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        text = r.read()
        ok = r.status == 200 and b'"role":"alert"' not in text
    return ok, time.perf_counter() - start


def _load(base, kinds, names, clients, seconds):
    results: list[tuple[str, bool, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed):
        rnd = random.Random(seed)
        while time.monotonic() < stop:
            name = rnd.choice(names)
            try:
                ok, dt = _call(base, *kinds[name]())
            except Exception as exc:  # counted as an error, its kind printed at the end
                ok, dt = False, float("nan")
                with lock:
                    REASONS[f"{name}: {type(exc).__name__}: {exc}"[:120]] += 1
            with lock:
                results.append((name, ok, dt))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


def _summary(label, rows, seconds):
    import numpy as np

    lat = np.array([dt for _, ok, dt in rows if ok]) * 1000
    errors = sum(1 for _, ok, _ in rows if not ok)
    if len(lat) == 0:
        print(f"{label:>10}: {len(rows)} requests, {errors} errors")
        return float("nan")
    p50, p95 = np.percentile(lat, [50, 95])
    print(
        f"{label:>10}: {len(rows):6d} requests {errors:4d} errors {len(rows) / seconds:7.1f}/s  "
        f"p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  max {lat.max():8.1f} ms"
    )
    return float(p50)


def _first_load(base, started):
    """Seconds from the server's start to the overview's first answer and to its findings."""
    url = [("url", "pathname", "/"), ("url", "search", "?lang=zh")]
    body = _payload([("page", "children")], url)
    t0 = time.perf_counter()
    ok, dt = _call(base, "POST", "/_dash-update-component", body)
    up = t0 - started
    print(f"first overview answer {dt * 1000:.0f} ms (server up after {up:.1f} s; ok={ok})")
    poll = _payload(
        [("ov-body", "children"), ("ov-tick", "disabled"), ("ov-ready", "data")],
        [("ov-tick", "n_intervals", 1)],
        [("ov-ready", "data", -1), ("page-lang", "data", "zh")],
    )
    while True:
        data = json.dumps(poll).encode()
        req = urllib.request.Request(base + "/_dash-update-component", data=data, method="POST")
        req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=600) as r:
            reply = json.loads(r.read())
        if reply["response"]["ov-tick"]["disabled"]:
            break
        time.sleep(0.5)
    print(f"every overview finding shown {time.perf_counter() - started:.1f} s after start")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args()
    port = _free_port()
    log = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe nobody reads during the run
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(EXE), "serve", "--port", str(port), "--threads", "8"],
        stdout=subprocess.DEVNULL,
        stderr=log,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        _first_load(base, started)
        kinds = _requests()
        t0 = time.perf_counter()
        for name in kinds:  # warm every cache once (all pages, both languages, every option)
            for _ in range(12):
                _call(base, *kinds[name]())
        for p in PATHS:
            for lg in ("zh", "en"):
                url = [("url", "pathname", p), ("url", "search", f"?lang={lg}")]
                _call(
                    base, "POST", "/_dash-update-component", _payload([("page", "children")], url)
                )
        print(
            f"warm-up {time.perf_counter() - t0:.1f} s; {args.clients} clients, {args.seconds:g} s"
        )
        floor = _load(base, kinds, ["shell"], args.clients, min(10.0, args.seconds))
        p_floor = _summary("shell only", floor, min(10.0, args.seconds))
        rows = _load(base, kinds, list(kinds), args.clients, args.seconds)
        for name in kinds:
            _summary(name, [r for r in rows if r[0] == name], args.seconds)
        p_all = _summary("all", rows, args.seconds)
        print(f"ratio p50 all / p50 shell-only: {p_all / p_floor:.1f}")
        for reason, n in REASONS.most_common(5):
            print(f"error x{n}: {reason}")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.seek(0)
        err = log.read()
        print("server stderr lines:", len([x for x in err.splitlines() if x.strip()]))
        if "Traceback" in err:
            print("TRACEBACK IN SERVER LOG")


if __name__ == "__main__":
    main()
