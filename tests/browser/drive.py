#!/usr/bin/env python3
"""Drives headless Chromium through chromedriver (W3C WebDriver over HTTP, standard library
only) against a running `dateline serve`: search, open the article, check the highlights,
follow an entity link, see its quotes, check that a hostile article renders as text.

Usage: drive.py SERVER_URL CHROMEDRIVER_URL [--screenshot PATH]
Exit code 0 when every check passes; each step is printed.
"""

import base64
import json
import sys
import tempfile
import time
import urllib.error
import urllib.request

CSS = "css selector"


class WebDriverError(Exception):
    pass


class Session:
    def __init__(self, driver_url, chromium="/usr/bin/chromium"):
        self.driver = driver_url.rstrip("/")
        self.profile = tempfile.mkdtemp(prefix="dateline-chromium-")
        caps = {
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": chromium,
                        "args": [
                            "--headless",
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--no-first-run",
                            "--disable-dev-shm-usage",
                            "--hide-scrollbars",
                            "--window-size=1280,1000",
                            f"--user-data-dir={self.profile}",
                        ],
                    },
                }
            }
        }
        value = self._call("POST", "/session", caps)
        self.id = value["sessionId"]

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.driver + path, data=data, method=method, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                out = json.load(r)
        except urllib.error.HTTPError as e:
            try:
                err = json.load(e)["value"]
                raise WebDriverError(f"{err.get('error')}: {err.get('message', '')[:300]}") from None
            except (ValueError, KeyError, TypeError):
                raise WebDriverError(f"HTTP {e.code} from chromedriver") from None
        return out["value"]

    def cmd(self, method, path, body=None):
        return self._call(method, f"/session/{self.id}{path}", body)

    def go(self, url):
        self.cmd("POST", "/url", {"url": url})

    def url(self):
        return self.cmd("GET", "/url")

    def find(self, selector, within=None):
        base = f"/element/{within}" if within else ""
        el = self.cmd("POST", f"{base}/element", {"using": CSS, "value": selector})
        return next(iter(el.values()))

    def find_all(self, selector):
        return [next(iter(e.values())) for e in self.cmd("POST", "/elements", {"using": CSS, "value": selector})]

    def wait_for(self, selector, timeout=10.0):
        end = time.time() + timeout
        while True:
            try:
                return self.find(selector)
            except WebDriverError:
                if time.time() > end:
                    raise
                time.sleep(0.1)

    def click(self, el):
        self.cmd("POST", f"/element/{el}/click", {})

    def type(self, el, text):
        self.cmd("POST", f"/element/{el}/clear", {})
        self.cmd("POST", f"/element/{el}/value", {"text": text})

    def text(self, el):
        return self.cmd("GET", f"/element/{el}/text")

    def attr(self, el, name):
        return self.cmd("GET", f"/element/{el}/attribute/{name}")

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def hover(self, el):
        self.cmd(
            "POST",
            "/actions",
            {"actions": [{"type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
                          "actions": [{"type": "pointerMove", "origin": {"element-6066-11e4-a52e-4f735466cecf": el}, "x": 0, "y": 0, "duration": 0}]}]},
        )

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return len(png)

    def quit(self):
        try:
            self._call("DELETE", f"/session/{self.id}")
        except Exception:
            pass


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)
    print(f"  ok: {msg}")


def main():
    args = sys.argv[1:]
    shot = None
    if "--screenshot" in args:
        i = args.index("--screenshot")
        shot = args[i + 1]
        del args[i : i + 2]
    server, driver = args[0].rstrip("/"), args[1]
    s = Session(driver)
    try:
        print("1. search page: type a query and submit the form")
        s.go(server + "/")
        box = s.wait_for("input[name=q]")
        s.type(box, "Stoltenberg")
        s.click(s.find("form.search button[type=submit]"))
        # The front page lists the latest articles too: wait for the navigation itself.
        deadline = time.time() + 15
        while "q=Stoltenberg" not in s.url() and time.time() < deadline:
            time.sleep(0.1)
        s.wait_for("ol.results li.article-hit")
        check("q=Stoltenberg" in s.url(), f"the form went to {s.url()}")
        hits = s.find_all("ol.results li.article-hit")
        check(len(hits) >= 2, f"{len(hits)} article hits")
        check(len(s.find_all("ol.results mark.hit")) >= 1, "matched words are marked in snippets")

        print("2. open the article")
        link = s.find("ol.results a[href='/articles/reuters-nato-kyiv']")
        s.click(link)
        s.wait_for("article.doc")
        check(s.url().endswith("/articles/reuters-nato-kyiv"), f"on {s.url()}")
        h1 = s.text(s.find("h1"))
        check("NATO" in h1, f"headline {h1!r}")
        counts = s.js(
            """const q = s => document.querySelectorAll('article.doc ' + s).length;
               return {person: q('a.ent.t-PERSON'), org: q('.ent.t-ORG'), place: q('.ent.t-PLACE'), ents: q('.ent'),
                       quotes: q('span.quote'), amounts: q('mark.amt'), dates: q('mark.date')};"""
        )
        print(f"  marks: {counts}")
        check(counts["person"] >= 3 and counts["org"] >= 1 and counts["place"] >= 1, "entities highlighted by type")
        check(counts["quotes"] >= 2, "quotes underlined")
        check(counts["amounts"] >= 1 and counts["dates"] >= 1, "amounts and dates highlighted")
        speakers = s.js("return [...document.querySelectorAll('article.doc span.quote')].map(e => e.title);")
        check(any("Stoltenberg" in t for t in speakers), f"a quote names its speaker on hover ({speakers[0]!r})")
        # Colours come from the stylesheet (the marks are visible, not only present).
        bg = s.js("return getComputedStyle(document.querySelector('article.doc a.ent.t-PERSON')).backgroundColor;")
        check(bg not in ("", "rgba(0, 0, 0, 0)", "transparent"), f"person marks are coloured ({bg})")
        quote = s.find("article.doc span.quote")
        s.hover(quote)
        hovered = s.js("return getComputedStyle(arguments[0]).backgroundColor;", {"element-6066-11e4-a52e-4f735466cecf": quote})
        check(hovered != "rgba(0, 0, 0, 0)", f"a hovered quote is highlighted ({hovered})")
        s.js("window.scrollTo(0, 0);")
        if shot:
            n = s.screenshot(shot)
            print(f"  screenshot: {shot} ({n // 1024} KB)")

        print("3. follow an entity link")
        ent = s.find("article.doc a.ent.t-PERSON[title='PERSON: Jens Stoltenberg']")
        s.click(ent)
        s.wait_for("div.chart svg")
        check("/entities/" in s.url(), f"on {s.url()}")
        check("Jens Stoltenberg" in s.text(s.find("h1")), "the entity page is Stoltenberg's")
        bars = s.find_all("div.chart svg rect.bar")
        check(len(bars) >= 1, f"timeline with {len(bars)} bar(s)")
        quotes = s.find_all("li.quote-hit")
        check(len(quotes) >= 2, f"{len(quotes)} of his quotes listed")
        first = s.text(quotes[0])
        check(len(first) > 20, f"first quote: {first[:70]!r}")

        print("4. quote explorer by speaker")
        s.go(server + "/quotes?speaker=Stoltenberg")
        s.wait_for("li.quote-hit")
        check(len(s.find_all("li.quote-hit")) >= 2, "quotes by speaker")

        print("5. a hostile article renders as text")
        s.go(server + "/articles/hostile-1")
        s.wait_for("article.doc")
        dom = s.js(
            """return {scripts: document.querySelectorAll('script').length, imgs: document.querySelectorAll('img').length,
                       bold: document.querySelectorAll('main b').length, text: document.querySelector('article.doc').innerText,
                       title: document.title, pwned: window.__pwned === true};"""
        )
        check(dom["scripts"] == 0 and dom["imgs"] == 0 and dom["bold"] == 0, "no script, img or injected element in the DOM")
        check("<script>alert(1)</script>" in dom["text"], "the script tag is shown as text")
        check('"><img src=x onerror=window.__pwned=true>' in dom["text"], "the attribute injection is shown as text")
        check(not dom["pwned"], "nothing ran")
        check("<script>" in dom["title"], "the hostile title is shown as text")
    finally:
        s.quit()
    print("browser test: all checks passed")


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, WebDriverError) as e:
        print(f"browser test FAILED: {e}", file=sys.stderr)
        sys.exit(1)
