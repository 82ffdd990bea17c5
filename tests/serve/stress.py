#!/usr/bin/env python3
"""Concurrency and crash safety of `openness serve` (scripts, not tests: they start servers).

  stress.py concurrency BIN POSTGRES_URL   32 clients, two servers, one PostgreSQL database
  stress.py crash BIN (sqlite|POSTGRES_URL) SIGKILL during a burst of writes, restart, check

POSTGRES_URL names an empty database (each run wants its own). Prints the figures and exits 1
when an invariant fails: no lost update, every conflict a 409, the audit log complete, every
acknowledged write present after a crash.
"""
import json, os, random, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request, urllib.error

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def request(base, method, path, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")

def store_args(target, tmp):
    return ["--db", os.path.join(tmp, "openness.db")] if target == "sqlite" else ["--database-url", target]

def start(binary, args, port):
    log = open(os.path.join(tempfile.gettempdir(), f"openness-serve-{port}.log"), "ab")
    p = subprocess.Popen([binary, "serve", "--listen", f"127.0.0.1:{port}", "--proposal-burst", "1000000", *args],
                         stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if request(base, "GET", "/healthz")[0] == 200:
                return p, base
        except OSError:
            time.sleep(0.05)
    p.kill()
    sys.exit(f"the server did not start: see {log.name}")

def token(binary, args):
    name = "maintainer-%d" % random.randrange(1 << 30)
    out = subprocess.run([binary, "serve", *args, "token", "create", name], capture_output=True, text=True, check=True)
    return name, out.stdout.strip()

def change(n):
    # Alternate between two valid states, so every acceptance changes the document.
    return {"component": "deployment.data.weights", "availability": "open" if n % 2 else "gated",
            "license": "Apache-2.0" if n % 2 else "MIT", "evidence": [f"https://example.org/e/{n}"], "note": f"change {n}"}

def concurrency(binary, url):
    args = store_args(url, None)
    _, tok = token(binary, args)
    servers = [start(binary, args, free_port()) for _ in range(2)]
    release, clients, rounds = "bloom", 32, 8
    results, lock = [], threading.Lock()

    def client(k):
        for r in range(rounds):
            base = servers[(k + r) % 2][1]
            status, body = request(base, "GET", f"/api/v1/releases/{release}")
            version = body["release"]["version"]
            s1, p = request(base, "POST", "/api/v1/proposals",
                            {"release": release, "base_version": version, "author": f"c{k}", "change": change(k * rounds + r)})
            if s1 != 201:
                with lock:
                    results.append(("propose", s1, body_code(p), None))
                continue
            s2, rv = request(servers[(k + r + 1) % 2][1], "POST", f"/api/v1/proposals/{p['proposal']['id']}/review",
                             {"decision": "accept", "version": version}, tok)
            with lock:
                results.append(("propose", 201, None, None))
                results.append(("accept", s2, body_code(rv), rv.get("release_version") if s2 == 200 else rv.get("current_version")))

    t0 = time.time()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    elapsed = time.time() - t0
    time.sleep(1.0)  # a server sees the other's writes within its refresh interval (0.5 s)
    base = servers[0][1]
    _, rel = request(base, "GET", f"/api/v1/releases/{release}")
    _, hist = request(base, "GET", f"/api/v1/releases/{release}/history")
    audit = all_audit(base)
    for p, _ in servers:
        p.terminate(); p.wait()
    accepted = [r for r in results if r[0] == "accept" and r[1] == 200]
    conflicts = [r for r in results if r[0] == "accept" and r[1] == 409]
    proposed = [r for r in results if r[0] == "propose" and r[1] == 201]
    stale_proposals = [r for r in results if r[0] == "propose" and r[1] == 409]
    other = [r for r in results if r[1] not in (200, 201, 409)]
    version = rel["release"]["version"]
    if other: print("  other:", sorted(set((r[0], r[1], r[2]) for r in other)))
    versions_made = sorted(r[3] for r in accepted)
    print(f"concurrency: {clients} clients x {rounds} rounds on 2 servers, {elapsed:.1f} s")
    print(f"  proposals 201: {len(proposed)}, 409 (stale base): {len(stale_proposals)}; reviews 200: {len(accepted)}, 409: {len(conflicts)}, other: {len(other)}")
    print(f"  release version {version}, history entries {len(hist['history'])}, audit propose {audit.count('propose')}, accept {audit.count('accept')}")
    checks = {
        "no lost update (version = 1 + acceptances)": version == 1 + len(accepted),
        "each acceptance made its own version": versions_made == list(range(2, 2 + len(accepted))),
        "history has every version": [h["version"] for h in hist["history"]] == list(range(1, version + 1)),
        "every failure a 409 conflict": not other and all(r[2] == "conflict" for r in conflicts + stale_proposals),
        "audit has every acknowledged write": audit.count("propose") == len(proposed) and audit.count("accept") == len(accepted),
    }
    return report(checks)

def body_code(b):
    try:
        return b["errors"][0]["code"]
    except (KeyError, IndexError, TypeError):
        return None

def all_audit(base):
    actions, before = [], None
    while True:
        _, page = request(base, "GET", "/api/v1/audit?limit=500" + (f"&before={before}" if before else ""))
        rows = page["audit"]
        actions += [r["action"] for r in rows]
        if len(rows) < 500:
            return actions
        before = rows[-1]["id"]

def report(checks):
    for name, ok in checks.items():
        print(("  ok   " if ok else "  FAIL ") + name)
    return 0 if all(checks.values()) else 1

def crash(binary, target):
    tmp = tempfile.mkdtemp()
    args = store_args(target, tmp)
    _, tok = token(binary, args)
    port = free_port()
    server, base = start(binary, args, port)
    acked, lock, stop = [], threading.Lock(), threading.Event()

    def writer(k):
        n = 0
        while not stop.is_set():
            n += 1
            try:
                s, p = request(base, "POST", "/api/v1/proposals",
                               {"release": "falcon", "author": f"w{k}-{n}", "change": change(n)})
                if s == 201:
                    pid = p["proposal"]["id"]
                    with lock: acked.append(("propose", pid, f"w{k}-{n}"))
                    if n % 3 == 0:
                        s2, r = request(base, "POST", f"/api/v1/proposals/{pid}/review", {"decision": "reject", "reason": f"r{k}-{n}"}, tok)
                        if s2 == 200:
                            with lock: acked.append(("reject", pid, f"r{k}-{n}"))
            except (OSError, ValueError):
                return

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(16)]
    for t in threads: t.start()
    time.sleep(1.5)
    server.send_signal(signal.SIGKILL)
    server.wait()
    stop.set()
    for t in threads: t.join()
    server, base = start(binary, args, port)
    missing = []
    for kind, pid, text in acked:
        s, p = request(base, "GET", f"/api/v1/proposals/{pid}")
        if s != 200:
            missing.append((kind, pid)); continue
        if kind == "propose" and p["proposal"]["author"] != text:
            missing.append((kind, pid))
        if kind == "reject" and (p["proposal"]["status"] != "rejected" or p["proposal"]["review"]["reason"] != text):
            missing.append((kind, pid))
    _, plist = request(base, "GET", "/api/v1/proposals?limit=200")
    audit = all_audit(base)
    total = count_proposals(base)
    rejected = count_proposals(base, "rejected")
    server.terminate(); server.wait()
    print(f"crash ({'sqlite' if target == 'sqlite' else 'postgres'}): SIGKILL after 1.5 s of 16 writers; acknowledged writes {len(acked)}")
    print(f"  after restart: proposals {total}, rejected {rejected}, audit propose {audit.count('propose')}, reject {audit.count('reject')}, missing {len(missing)}")
    checks = {
        "every acknowledged write is there": not missing,
        "nothing half-written (each proposal and review has its audit row)": audit.count("propose") == total and audit.count("reject") == rejected,
    }
    return report(checks)

def count_proposals(base, status=None):
    n, before = 0, None
    while True:
        q = "/api/v1/proposals?limit=200" + (f"&status={status}" if status else "") + (f"&before={before}" if before else "")
        _, page = request(base, "GET", q)
        n += len(page["proposals"])
        if page["meta"]["next_before"] is None:
            return n
        before = page["meta"]["next_before"]

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("concurrency", "crash"):
        sys.exit(__doc__)
    sys.exit(concurrency(sys.argv[2], sys.argv[3]) if sys.argv[1] == "concurrency" else crash(sys.argv[2], sys.argv[3]))
