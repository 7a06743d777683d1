"""N viewers at once against one `streamlit run` process, through Streamlit's own websocket protocol.

Each viewer is a real session: it opens /_stcore/stream (subprotocol "streamlit"), asks for the
Models page with a BackMsg rerun_script (as the browser does on load), waits for the ForwardMsg
script_finished, then changes filters a few times (search text, "open weights only") by sending
the widget states with the ids the server's deltas gave, timing each rerun until script_finished.
A rerun is checked, not assumed: the "N of M models match" line it sends back must change.

Everything stays on 127.0.0.1; every wait has a timeout and each crowd size a total time cap.
Memory is the server's VmRSS (/proc/<pid>/status) before the crowd and with all N connected.

    .venv/bin/python bench/crowd.py [--sizes 10 50 100] [--changes 3] [--spread 2] [--think 3] [--snapshot DIR]

The default crowd opens the page within 2 s (a link shared on stream) and each viewer reads the
result for 1.5-4.5 s before the next change; --think 0 sends the changes back to back, which
measures how many script runs one process gets through rather than what a person waits.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT, streamlit_server  # noqa: E402

WAIT_S = 60.0  # longest wait for one script run
CAP_S = 120.0  # longest time for a whole crowd size
MATCH = re.compile(r"\*\*(\d[\d,]*) of (\d[\d,]*) models\*\* match")
TARGET = {"p95_s": 1.0, "mb_per_session": 5.0}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Viewer:
    n: int
    open_s: float | None = None
    changes_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    counts: list[str] = field(default_factory=list)


class Session:
    """One websocket session speaking BackMsg/ForwardMsg."""

    def __init__(self, ws):
        self.ws = ws
        self.page_hash = ""
        self.widget_ids: dict[str, str] = {}  # user key -> widget id

    async def run(self, client_state) -> dict:
        """Send one rerun_script and read ForwardMsgs until script_finished; return what came back."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        msg = BackMsg()
        msg.rerun_script.CopyFrom(client_state)
        await self.ws.send(msg.SerializeToString())
        seen = {"deltas": 0, "texts": [], "exceptions": [], "finished": None}
        async with asyncio.timeout(WAIT_S):  # one timer per script run, not a task per message
            return await self._read_until_finished(seen)

    async def _read_until_finished(self, seen: dict) -> dict:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        while True:
            raw = await self.ws.recv()
            fwd = ForwardMsg()
            fwd.ParseFromString(raw)
            kind = fwd.WhichOneof("type")
            if kind == "delta":
                seen["deltas"] += 1
                self._read_delta(fwd.delta, seen)
            elif kind == "navigation":
                self.page_hash = fwd.navigation.page_script_hash or self.page_hash
            elif kind == "new_session":
                self.page_hash = fwd.new_session.page_script_hash or self.page_hash
            elif kind == "script_finished":
                seen["finished"] = ForwardMsg.ScriptFinishedStatus.Name(fwd.script_finished)
                return seen

    def _read_delta(self, delta, seen) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        el = delta.new_element
        which = el.WhichOneof("type")
        if which == "markdown":
            seen["texts"].append(el.markdown.body)
        elif which == "exception":
            seen["exceptions"].append(el.exception.message)
        elif which in ("text_input", "checkbox", "multiselect", "selectbox"):
            wid = getattr(el, which).id
            self.widget_ids[wid.rsplit("-", 1)[-1]] = wid


def client_state(page_name: str = "", page_hash: str = "", widgets: dict | None = None, query: str = ""):
    from streamlit.proto.ClientState_pb2 import ClientState

    cs = ClientState(query_string=query, page_name=page_name, page_script_hash=page_hash)
    for wid, value in (widgets or {}).items():
        w = cs.widget_states.widgets.add()
        w.id = wid
        if isinstance(value, bool):
            w.bool_value = value
        else:
            w.string_value = value
    return cs


async def viewer(url: str, v: Viewer, changes: int, start_at: float, think_s: float = 0.0) -> None:
    import websockets

    await asyncio.sleep(max(start_at - time.monotonic(), 0))
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(
            ws_url, subprotocols=["streamlit"], open_timeout=WAIT_S, max_size=64 * 2**20, ping_interval=None
        ) as ws:
            s = Session(ws)
            started = time.monotonic()
            seen = await s.run(client_state(page_name="models"))
            v.open_s = time.monotonic() - started
            check(v, seen, "open")
            rng = random.Random(v.n)
            queries = ["llama", "qwen", "phi", "mistral", "gemma", ""]
            widgets = {}
            for i in range(changes):
                if think_s:
                    await asyncio.sleep(rng.uniform(0.5, 1.5) * think_s)  # a person reads before the next click
                if i % 2 == 0 and "q" in s.widget_ids:
                    widgets[s.widget_ids["q"]] = (
                        rng.choice(queries[:-1]) if widgets.get(s.widget_ids["q"], "") == "" else ""
                    )
                elif "open" in s.widget_ids:
                    widgets[s.widget_ids["open"]] = not widgets.get(s.widget_ids["open"], False)
                else:
                    v.errors.append("the Models page sent no search / open-only widget")
                    return
                started = time.monotonic()
                seen = await s.run(client_state(page_hash=s.page_hash, widgets=dict(widgets)))
                v.changes_s.append(time.monotonic() - started)
                check(v, seen, f"change {i + 1}")
    except Exception as exc:  # every failure is counted, never raised past the crowd
        v.errors.append(f"{type(exc).__name__}: {exc}"[:200])


def check(v: Viewer, seen: dict, what: str) -> None:
    if seen["finished"] != "FINISHED_SUCCESSFULLY":
        v.errors.append(f"{what}: script ended {seen['finished']}")
    if seen["exceptions"]:
        v.errors.append(f"{what}: app raised {seen['exceptions'][0][:120]}")
    found = [m.group(0) for t in seen["texts"] for m in [MATCH.search(t)] if m]
    if not found:
        v.errors.append(f"{what}: no 'N of M models match' line ({seen['deltas']} deltas)")
    else:
        v.counts.append(found[0])


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


async def crowd(url: str, n: int, changes: int, spread_s: float, think_s: float) -> list[Viewer]:
    viewers = [Viewer(i) for i in range(n)]
    t0 = time.monotonic()
    tasks = [
        asyncio.create_task(viewer(url, v, changes, t0 + random.Random(i).uniform(0, spread_s), think_s))
        for i, v in enumerate(viewers)
    ]
    done, pending = await asyncio.wait(tasks, timeout=CAP_S)
    for task in pending:
        task.cancel()
    for v, task in zip(viewers, tasks):
        if task in pending:
            v.errors.append(f"not finished within the {CAP_S:.0f} s cap")
    return viewers


async def measure(url: str, pid: int, n: int, changes: int, spread_s: float, think_s: float, hold_s: float) -> dict:
    """Run a crowd of n; RSS is sampled while all n sessions are still connected (they close after)."""
    import websockets  # noqa: F401  (fail early if missing)

    base = rss_mb(pid)
    holders: list[asyncio.Future] = []
    release = asyncio.Event()
    peak = {"rss": base}

    async def sample():
        while not release.is_set():
            peak["rss"] = max(peak["rss"], rss_mb(pid))
            await asyncio.sleep(0.2)

    sampler = asyncio.create_task(sample())
    started = time.monotonic()
    viewers = await crowd(url, n, changes, spread_s, think_s)
    wall = time.monotonic() - started
    await asyncio.sleep(hold_s)  # sessions are closed by now; Streamlit keeps their state a while
    after = rss_mb(pid)
    release.set()
    await sampler
    del holders
    lat = [x for v in viewers for x in v.changes_s]
    opens = [v.open_s for v in viewers if v.open_s is not None]
    errors = [e for v in viewers for e in v.errors]
    distinct = sorted({c for v in viewers for c in v.counts})
    return {
        "n": n,
        "wall_s": wall,
        "p50": pct(lat, 0.5),
        "p95": pct(lat, 0.95),
        "max": max(lat, default=float("nan")),
        "open_p50": pct(opens, 0.5),
        "open_p95": pct(opens, 0.95),
        "changes": len(lat),
        "errors": errors,
        "rss_base": base,
        "rss_peak": peak["rss"],
        "rss_after": after,
        "mb_per_session": (after - base) / n,
        "distinct_counts": distinct,
    }


async def connected_memory(url: str, pid: int, n: int) -> float:
    """MB per extra session while n sessions stay connected (page opened, one filter change)."""
    import websockets

    base = rss_mb(pid)
    conns = []
    try:
        for _ in range(n):
            ws = await websockets.connect(
                url.replace("http://", "ws://") + "/_stcore/stream",
                subprotocols=["streamlit"],
                open_timeout=WAIT_S,
                max_size=64 * 2**20,
                ping_interval=None,
            )
            conns.append(ws)
            s = Session(ws)
            await s.run(client_state(page_name="models"))
            if "open" in s.widget_ids:
                await s.run(client_state(page_hash=s.page_hash, widgets={s.widget_ids["open"]: True}))
        await asyncio.sleep(1.0)
        return (rss_mb(pid) - base) / n
    finally:
        for ws in conns:
            await ws.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--changes", type=int, default=3, help="filter changes per viewer")
    parser.add_argument("--spread", type=float, default=2.0, help="viewers arrive within this many seconds")
    parser.add_argument(
        "--think",
        type=float,
        default=3.0,
        help="mean seconds a viewer reads before each filter change (uniform 0.5x-1.5x); "
        "0: back to back at machine speed, a throughput stress test",
    )
    parser.add_argument("--snapshot", type=Path, default=None, help="MME_SNAPSHOT_DIR for the server")
    args = parser.parse_args()
    env = {"MME_SNAPSHOT_DIR": str(args.snapshot.resolve())} if args.snapshot else {}

    results = []
    print(
        f"{args.changes} filter changes per viewer, arrivals within {args.spread:g} s, think time {args.think:g} s"
        f"{' (back to back: a stress test of one process)' if not args.think else ''}",
        flush=True,
    )
    for n in args.sizes:
        # A fresh server per size, warmed by one viewer (the snapshot cache is then built).
        with streamlit_server(ROOT / "app.py", env=env) as (url, proc, _):
            warm = Viewer(-1)
            asyncio.run(viewer(url, warm, 1, 0))
            if warm.errors:
                print(f"warm-up viewer failed: {warm.errors}", file=sys.stderr)
                return 1
            r = asyncio.run(measure(url, proc.pid, n, args.changes, args.spread, args.think, hold_s=1.0))
            r["mb_connected"] = asyncio.run(connected_memory(url, proc.pid, min(n, 20)))
            results.append(r)
            print(
                f"N={n:>3}: {r['changes']} filter changes in {r['wall_s']:.1f} s "
                f"({(r['changes'] + n) / r['wall_s']:.1f} script runs/s incl. page opens); rerun p50 {r['p50'] * 1000:.0f} ms, "
                f"p95 {r['p95'] * 1000:.0f} ms, max {r['max'] * 1000:.0f} ms; page open p50 {r['open_p50'] * 1000:.0f} ms, "
                f"p95 {r['open_p95'] * 1000:.0f} ms; errors {len(r['errors'])}; RSS {r['rss_base']:.0f} -> peak "
                f"{r['rss_peak']:.0f} -> after {r['rss_after']:.0f} MB ({r['mb_per_session']:.2f} MB/session kept; "
                f"{r['mb_connected']:.2f} MB/session while connected)",
                flush=True,
            )
            for e in sorted(set(r["errors"]))[:5]:
                print(f"    error: {e}")
            print(f"    match lines seen: {', '.join(r['distinct_counts'][:6])}")

    print()
    print(f"{'N':>4} {'p50 ms':>7} {'p95 ms':>7} {'open p95 ms':>12} {'errors':>7} {'MB/session':>11} {'MB/conn.':>9}")
    for r in results:
        print(
            f"{r['n']:>4} {r['p50'] * 1000:>7.0f} {r['p95'] * 1000:>7.0f} {r['open_p95'] * 1000:>12.0f} "
            f"{len(r['errors']):>7} {r['mb_per_session']:>11.2f} {r['mb_connected']:>9.2f}"
        )
    last = results[-1]
    ok = (
        last["p95"] < TARGET["p95_s"]
        and not last["errors"]
        and max(last["mb_per_session"], last["mb_connected"]) < TARGET["mb_per_session"]
    )
    print(f"target at N={last['n']}: p95 < 1 s, 0 errors, < 5 MB per session: {'ok' if ok else 'missed'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
