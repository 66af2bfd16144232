#!/usr/bin/env python3
"""Opens a file in Debian's headless Chromium over WebDriver (chromedriver) and prints how long
the page took to load, from the browser's own navigation timing (navigation start to the end of
the load event, layout included), and the wall time of the navigation as the driver saw it.

usage: chromium_load.py FILE [RUNS]"""
import json, os, socket, subprocess, sys, time, urllib.request

page, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 3
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
driver = subprocess.Popen(["/usr/bin/chromedriver", "--port=%d" % port, "--silent"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = "http://127.0.0.1:%d/" % port

def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
                                 data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=300) as r:
        return json.loads(r.read())["value"]

try:
    deadline = time.time() + 60
    while True:
        try:
            if call("GET", "status")["ready"]:
                break
        except OSError:
            pass
        if time.time() > deadline:
            sys.exit("chromedriver did not answer")
        time.sleep(0.1)
    opts = {"binary": "/usr/bin/chromium", "args": ["--headless", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--window-size=1280,1000"]}
    sid = call("POST", "session", {"capabilities": {"alwaysMatch": {
        "browserName": "chrome", "goog:chromeOptions": opts}}})["sessionId"]
    print("run\tload_ms\tdom_content_loaded_ms\tnavigation_wall_ms\tbytes")
    for run in range(1, runs + 1):
        call("POST", "session/%s/url" % sid, {"url": "about:blank"})
        t = time.time()
        call("POST", "session/%s/url" % sid, {"url": "file://" + page})
        wall = (time.time() - t) * 1000
        timing = call("POST", "session/%s/execute/sync" % sid, {"script": """
            const n = performance.getEntriesByType('navigation')[0];
            document.body.getBoundingClientRect();
            return [n.loadEventEnd, n.domContentLoadedEventEnd];""", "args": []})
        print("%d\t%.0f\t%.0f\t%.0f\t%d" % (run, timing[0], timing[1], wall, os.path.getsize(page)))
    call("DELETE", "session/%s" % sid)
finally:
    driver.terminate()
    driver.wait(10)
