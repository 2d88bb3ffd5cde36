#!/usr/bin/env python3
"""Load for Benchmarks/evaluation.sh: server time (Server-Timing) of each supervision dashboard page and CSV
export under 16 concurrent signed-in supervisors, then closing the term of every school of the district one
after another (the term snapshot), then the closed term's pages.

Usage: evaluation-load.py URL DATA [SECONDS_PER_PAGE]"""
import re
import sqlite3
import sys
import time
import urllib.parse

sys.path.insert(0, __file__.rsplit("/", 1)[0])
web = __import__("web-load")   # its request, sign-in, Server-Timing and concurrent-load helpers

BASE, DATA = sys.argv[1], sys.argv[2]
web.SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 15
db = sqlite3.connect(f"file:{DATA}/Klai.sqlite?mode=ro", uri=True)
CLIENTS = 16
PAGE_TARGET_MS, CLOSE_TARGET_S = 100, 10


def main():
    supervisors = db.execute("""SELECT u.username, group_concat(r.school_id) FROM learning_user u
        JOIN learning_role r ON r.user_id = u.id AND r.role = 'supervisor' WHERE u.username LIKE 'nitet-d%'
        GROUP BY u.id ORDER BY u.username""").fetchall()
    schools_of = [[int(s) for s in ids.split(",")] for _, ids in supervisors]
    classes_of = {school: [r[0] for r in db.execute("SELECT id FROM learning_class WHERE school_id = ? ORDER BY id", (school,))]
                  for ids in schools_of for school in ids}
    print(f"district: {len(classes_of)} schools, {db.execute('SELECT count(*) FROM learning_student').fetchone()[0]} pupils, "
          f"{db.execute('SELECT max(id) FROM learning_event').fetchone()[0]} events, "
          f"{db.execute('SELECT count(*) FROM learning_usage_session').fetchone()[0]} class screenings, "
          f"{db.execute('SELECT count(*) FROM evaluation_visit').fetchone()[0]} visits, "
          f"{db.execute('SELECT count(*) FROM evaluation_repair').fetchone()[0]} repairs", flush=True)
    # 16 clients: each supervisor signed in on one or two devices; client k works on supervisor k % 10's schools.
    cookies = [web.sign_in(supervisors[k % len(supervisors)][0]) for k in range(CLIENTS)]

    def paths(make):
        """Per client, the paths it requests round robin (its own supervisor's schools and classes)."""
        return [[make(school, k) for school in schools_of[k % len(schools_of)]] for k in range(CLIENTS)]

    pages = {
        "supervisor overview": [["/supervision"]] * CLIENTS,
        "school dashboard": paths(lambda s, k: f"/supervision/schools/{s}"),
        "class dashboard": paths(lambda s, k: f"/supervision/classes/{classes_of[s][k % len(classes_of[s])]}"),
        "readiness": paths(lambda s, k: f"/supervision/schools/{s}/readiness"),
        # The list shows 50 visits a page: each client walks its supervisor's six pages (300 visits).
        "visit list": [[f"/supervision/visits?page={n}" for n in range(1, 7)]] * CLIENTS,
        "term report": paths(lambda s, k: f"/supervision/schools/{s}/report"),
        "CSV schools": [["/supervision/schools.csv"]] * CLIENTS,
        "CSV classes": paths(lambda s, k: f"/supervision/schools/{s}/classes.csv"),
        "CSV teachers": paths(lambda s, k: f"/supervision/classes/{classes_of[s][k % len(classes_of[s])]}/teachers.csv"),
    }
    results = {}
    for name, per_client in pages.items():
        results[name] = load(name, per_client, cookies)

    # Close the term: each school by its supervisor, one school after another, as a district office would.
    started = time.time()
    server_ms = 0.0
    for k, schools in enumerate(schools_of):
        conn = web.http.client.HTTPConnection(web.HOST, web.PORT, timeout=600)
        for school in schools:
            _, page = web.request(conn, "GET", f"/supervision/schools/{school}", headers={"Cookie": cookies[k]})
            csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page.decode()).group(1)
            response, _ = web.request(conn, "POST", f"/supervision/schools/{school}/close", urllib.parse.urlencode({"_csrf": csrf}),
                                      {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies[k]})
            assert response.status == 303, (school, response.status)
            server_ms += web.server_ms(response) or 0
        conn.close()
    wall = time.time() - started
    closed = db.execute("SELECT count(*) FROM evaluation_term_snapshot").fetchone()[0]
    print(f"term snapshot of the district: {closed} schools closed in {wall:.1f} s wall ({server_ms / 1000:.1f} s server time, "
          f"the pages read before each close included in wall time)", flush=True)
    for name in ("school dashboard", "term report", "CSV classes"):
        results[name + " (closed)"] = load(name + " (closed)", pages[name], cookies)

    failures = [name for name, (p95, errors) in results.items() if errors or p95 > PAGE_TARGET_MS]
    if server_ms / 1000 > CLOSE_TARGET_S or closed < len(classes_of):
        failures.append("term snapshot")
    print(f"targets: each page and CSV p95 ≤ {PAGE_TARGET_MS} ms, district snapshot ≤ {CLOSE_TARGET_S} s, no errors: "
          + ("all met" if not failures else f"missed: {failures}"))


def load(name, per_client, cookies):
    """web-load's concurrent load, except that client k requests its own paths `per_client[k]` round robin
    (a supervisor opens their own schools)."""
    times, errors, stop = [], [], time.time() + web.SECONDS
    lock = web.threading.Lock()

    def worker(k):
        conn = web.http.client.HTTPConnection(web.HOST, web.PORT, timeout=60)
        n = 0
        while time.time() < stop:
            path = per_client[k][n % len(per_client[k])]
            n += 1
            try:
                response, _ = web.request(conn, "GET", path, headers={"Cookie": cookies[k]})
                ms = web.server_ms(response)
                with lock:
                    if response.status != 200:
                        errors.append(response.status)
                    elif ms is not None:
                        times.append(ms)
            except Exception as error:  # noqa: BLE001 - counted, not hidden
                with lock:
                    errors.append(str(error))
                conn = web.http.client.HTTPConnection(web.HOST, web.PORT, timeout=60)
        conn.close()
    threads = [web.threading.Thread(target=worker, args=(k,)) for k in range(len(cookies))]
    for t in threads: t.start()
    for t in threads: t.join()
    kinds = web.collections.Counter(str(e)[:60] for e in errors).most_common(2)
    print(f"{name:<28} {len(times) / web.SECONDS:7.0f} req/s   server p50 {web.p(times, .5):7.2f} ms   "
          f"p95 {web.p(times, .95):7.2f} ms   errors {len(errors)}{' ' + str(kinds) if kinds else ''}", flush=True)
    return web.p(times, .95), errors


if __name__ == "__main__":
    main()
