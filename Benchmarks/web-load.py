#!/usr/bin/env python3
"""Load for Benchmarks/web.sh: server time (from Server-Timing) of the pages a district's people open, under
32 concurrent signed-in clients; the 08:30 rush (60 pupils sign in within one second and load their home page)
with segment downloads going on; and the bytes a first visit to a lesson page transfers (Chromium)."""
import collections
import http.client
import json
import re
import sqlite3
import statistics
import sys
import threading
import time
import urllib.parse

BASE, DATA = sys.argv[1], sys.argv[2]
HOST, PORT = urllib.parse.urlparse(BASE).hostname, urllib.parse.urlparse(BASE).port
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 15
db = sqlite3.connect(f"file:{DATA}/Klai.sqlite?mode=ro", uri=True)


def p(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def request(conn, method, path, body=None, headers=None):
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    data = response.read()
    return response, data


def sign_in(username, password="klai-pupil"):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
    response, data = request(conn, "POST", "/api/sign-in", json.dumps({"username": username, "password": password}),
                             {"Content-Type": "application/json"})
    assert response.status == 200, (username, response.status, data[:200])
    cookie = re.search(r"klai_session=([^;]+)", response.getheader("Set-Cookie") or "")
    cookies = [c.split(";")[0] for c in response.msg.get_all("Set-Cookie")]
    conn.close()
    return "; ".join(cookies)


def server_ms(response):
    """Server-Timing's `app` entry: the handler's time from admission (pages wait their turn at the door before
    it starts; `wait;dur=` is that wait, and the client-observed time below covers everything)."""
    timing = response.getheader("Server-Timing") or ""
    found = re.search(r"app;dur=([0-9.]+)", timing)
    return float(found.group(1)) if found else None


def load(name, paths, cookies, clients=32, own=False):
    """`clients` threads, each with its own session and keep-alive connection, requesting `paths` round robin;
    with `own`, client k only ever requests paths[k] (a teacher opens the grid of the class they teach)."""
    times, client, errors, stop = [], [], [], time.time() + SECONDS
    lock = threading.Lock()

    def worker(k):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        n = 0
        while time.time() < stop:
            path = paths[k % len(paths)] if own else paths[(k + n) % len(paths)]
            n += 1
            try:
                sent = time.perf_counter()
                response, _ = request(conn, "GET", path, headers={"Cookie": cookies[k % len(cookies)]})
                seen = (time.perf_counter() - sent) * 1000
                ms = server_ms(response)
                with lock:
                    if response.status != 200:
                        errors.append(response.status)
                    elif ms is not None:
                        times.append(ms)
                        client.append(seen)
            except Exception as error:  # noqa: BLE001 - counted, not hidden
                with lock:
                    errors.append(str(error))
                conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        conn.close()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads: t.start()
    for t in threads: t.join()
    kinds = collections.Counter(str(e)[:60] for e in errors).most_common(2)
    print(f"{name:<28} {len(times) / SECONDS:8.0f} req/s   server p50 {p(times, .5):6.2f} ms   p95 {p(times, .95):6.2f} ms"
          f"   client p50 {p(client, .5):6.2f} ms   p95 {p(client, .95):6.2f} ms   errors {len(errors)}{' ' + str(kinds) if kinds else ''}", flush=True)
    return p(times, .95), errors


def rush(pupils, segment_path, segment_cookie):
    """60 pupils, each starting at a random moment of one second: the sign-in page, the form, the home page."""
    results, errors, lock = [], [], threading.Lock()
    segment_times, running = [], [True]

    def segments():
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        while running[0]:
            started = time.time()
            response, _ = request(conn, "GET", segment_path, headers={"Cookie": segment_cookie})
            if response.status == 200:
                segment_times.append(time.time() - started)
            time.sleep(0.05)

    def pupil(k, username):
        time.sleep(k / len(pupils))
        started = time.time()
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
            response, _ = request(conn, "GET", "/sign-in")
            cookies = [c.split(";")[0] for c in response.msg.get_all("Set-Cookie")]
            pre = "; ".join(cookies)
            page = _.decode()
            csrf = re.search(r'name="_csrf" value="([0-9a-f]+)"', page).group(1)
            form = urllib.parse.urlencode({"_csrf": csrf, "next": "", "username": username, "password": "klai-pupil"})
            response, _ = request(conn, "POST", "/sign-in", form,
                                  {"Content-Type": "application/x-www-form-urlencoded", "Cookie": pre})
            assert response.status == 303, response.status
            session = "; ".join([pre] + [c.split(";")[0] for c in response.msg.get_all("Set-Cookie")])
            response, _ = request(conn, "GET", "/", headers={"Cookie": session})
            assert response.status == 200, response.status
            with lock:
                results.append(time.time() - started)
        except Exception as error:  # noqa: BLE001
            with lock:
                errors.append(repr(error))

    feeder = threading.Thread(target=segments)
    feeder.start()
    before = len(segment_times)
    threads = [threading.Thread(target=pupil, args=(k, u)) for k, u in enumerate(pupils)]
    for t in threads: t.start()
    for t in threads: t.join()
    running[0] = False
    feeder.join()
    during = segment_times[before:]
    print(f"08:30 rush: {len(pupils)} pupils in 1 s: sign-in + home p50 {p(results, .5):.2f} s  p95 {p(results, .95):.2f} s"
          f"  max {max(results or [0]):.2f} s  errors {len(errors)} {errors[:2]}")
    print(f"  segments meanwhile: {len(during)} fetched, p95 {p(during, .95) * 1000:.0f} ms, max {max(during or [0]) * 1000:.0f} ms")
    return p(results, .95), errors


def first_visit_bytes(lesson_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(locale="th-TH")
        page = context.new_page()
        page.goto(BASE + "/sign-in")
        page.fill("#username", "1099990001-01001")
        page.fill("#password", "klai-pupil")
        page.click("button[type=submit].primary")
        page.wait_for_load_state("networkidle")
        # A first visit: nothing cached yet for the lesson page's own assets.
        fresh = browser.new_context(locale="th-TH", storage_state=context.storage_state())
        lesson = fresh.new_page()
        sizes = []
        lesson.on("response", lambda r: sizes.append((r.url, int(r.headers.get("content-length", "0") or 0))))
        lesson.goto(BASE + lesson_path)
        lesson.wait_for_load_state("networkidle")
        total = lesson.evaluate("""() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
            .reduce((sum, e) => sum + (e.transferSize || 0), 0)""")
        browser.close()
    print(f"first visit to {lesson_path}: {total / 1024:.1f} KB transferred ({len(sizes)} responses)")
    return total


def main():
    pupils = [r[0] for r in db.execute("""SELECT u.username FROM learning_user u JOIN learning_student s ON s.user_id = u.id
        WHERE u.username LIKE '10000%' ORDER BY u.id LIMIT 200""")]
    teachers = [r[0] for r in db.execute("""SELECT u.username FROM learning_user u JOIN learning_teacher_class t
        ON t.user_id = u.id WHERE u.username GLOB 'kru[0-9][0-9][0-9]-*' ORDER BY u.id LIMIT 32""")]
    classes = {r[0]: r[1] for r in db.execute("""SELECT u.username, t.class_id FROM learning_user u JOIN learning_teacher_class t
        ON t.user_id = u.id WHERE u.username GLOB 'kru[0-9][0-9][0-9]-*'""")}
    lessons = [r[0] for r in db.execute("SELECT id FROM catalog_item WHERE stable_key LIKE 'district-%' ORDER BY id LIMIT 480")]
    print(f"district: {db.execute('SELECT count(*) FROM learning_school').fetchone()[0]} schools, "
          f"{db.execute('SELECT count(*) FROM learning_student').fetchone()[0]} pupils, "
          f"{db.execute('SELECT count(*) FROM learning_event').fetchone()[0]} events", flush=True)
    started = time.time()
    pupil_cookies = [sign_in(u) for u in pupils[:32]]
    teacher_cookies = [sign_in(u) for u in teachers]
    print(f"signed in 64 people one after another in {time.time() - started:.1f} s", flush=True)
    results = {}
    results["pupil home"] = load("pupil home /", ["/"], pupil_cookies)
    results["lesson page"] = load("lesson page /lessons/N", [f"/lessons/{i}" for i in lessons[::7]], pupil_cookies)
    grids = [f"/teach/classes/{classes[t]}" for t in teachers]
    results["teacher grid"] = load("teacher grid 30×40", grids, teacher_cookies, own=True)
    searches = ["/catalog?q=" + urllib.parse.quote(w) for w in ["เศษส่วน", "ทศนิยม", "ระบบสุริยะ", "การอ่าน", "ดนตรี", "ป.4"]]
    searches += ["/catalog?grade=P4&q=" + urllib.parse.quote("พืช"), "/catalog?grade=P6&area=" + urllib.parse.quote("ค")]
    results["search"] = load("search /catalog?q=", searches, pupil_cookies)
    demo = db.execute("""SELECT hls_path FROM media_asset WHERE status = 'ready' AND hls_path NOT LIKE 'hls/district-%'
        LIMIT 1""").fetchone()
    segment = f"/hls/{demo[0].split('/', 1)[1]}/234p/s00001.m4s" if demo else "/healthz"
    admin_cookie = sign_in("1099990001-01001")
    results["rush"] = rush(pupils[40:100], segment, admin_cookie)
    demo_lesson = db.execute("""SELECT i.id FROM catalog_item i JOIN media_asset a ON a.id = i.asset_id
        WHERE a.status = 'ready' AND a.hls_path NOT LIKE 'hls/district-%' AND i.kind = 'dlit_lesson' LIMIT 1""").fetchone()
    first_visit_bytes(f"/lessons/{demo_lesson[0] if demo_lesson else lessons[0]}")
    failures = [name for name, (p95, errors) in results.items()
                if errors or (name != "rush" and p95 > 20) or (name == "rush" and p95 > 3)]
    print("targets: pages p95 ≤ 20 ms, rush p95 ≤ 3 s, no errors: " + ("all met" if not failures else f"missed: {failures}"))


if __name__ == "__main__":
    main()
