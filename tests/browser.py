"""Open a page in the system's headless Chromium and report what it did.

Chromium is driven over the DevTools protocol through a pipe
(`--remote-debugging-pipe`: JSON messages on file descriptors 3 and 4), so
there is no driver to install, no browser to download and no port to open.
The page runs with the network emulated offline and every request it makes
is intercepted: `file:` URLs are let through, anything else is refused and
recorded. The README's screenshot is made by `capture` too
(`scripts/screenshot.py`), so it shows exactly what the tests check.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("RELMAP_CHROMIUM", "/usr/bin/chromium")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
)
TIMEOUT = 30.0


class BrowserError(Exception):
    """Chromium did not answer, or answered with an error."""


@dataclass
class Capture:
    """What the page showed and did."""

    png: bytes = b""
    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    refused: list[str] = field(default_factory=list)  # the ones that were not file: URLs
    problems: list[str] = field(default_factory=list)  # console errors, exceptions, CSP violations
    dialogs: list[str] = field(default_factory=list)  # alert(), confirm(), prompt() that opened
    texts: list[str] = field(default_factory=list)  # the SVG text that is drawn (non-zero width)
    facts: dict[str, Any] = field(default_factory=dict)  # answers to the caller's questions
    size: tuple[int, int] = (0, 0)


class Chromium:
    """One headless Chromium process and its DevTools pipe."""

    def __init__(self, executable: str = CHROMIUM) -> None:
        self.profile = tempfile.mkdtemp(prefix="relmap-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def pipes_on_3_and_4() -> None:  # runs in the child, before exec
            read_end = fcntl.fcntl(to_browser_r, fcntl.F_DUPFD, 10)
            write_end = fcntl.fcntl(from_browser_w, fcntl.F_DUPFD, 10)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=pipes_on_3_and_4,
            pass_fds=(3, 4),
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.handlers: dict[str, Callable[[dict[str, Any], str | None], None]] = {}
        self.events: list[dict[str, Any]] = []

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Ask the browser to quit, make sure it did, and remove its profile."""
        with contextlib.suppress(BrowserError, OSError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        shutil.rmtree(self.profile, ignore_errors=True)

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        """Send a command without waiting; return its id."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        """Send a command and wait for its answer, handling events meanwhile."""
        wanted = self.send(method, params, session)
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._read(deadline)
            if message.get("id") == wanted:
                if "error" in message:
                    raise BrowserError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result

    def wait_for(self, event: str, timeout: float = TIMEOUT) -> dict[str, Any]:
        """Wait until an event arrives (or has arrived) and return its parameters."""
        for seen in self.events:
            if seen.get("method") == event:
                self.events.remove(seen)
                return dict(seen.get("params", {}))
        deadline = time.monotonic() + timeout
        while True:
            message = self._read(deadline)
            if message.get("method") == event:
                self.events.remove(message)
                return dict(message.get("params", {}))

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the pipe")
                self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        if "method" in message:
            self.events.append(message)
            handler = self.handlers.get(message["method"])
            if handler:
                handler(message.get("params", {}), message.get("sessionId"))
        return message


def capture(
    page: Path,
    png: Path | None = None,
    *,
    width: int | None = None,
    scale: float = 1.0,
    questions: dict[str, str] | None = None,
    hover: str | None = None,
) -> Capture:
    """Open `page` offline, answer `questions` (JavaScript expressions), take a screenshot.

    `width` is the viewport width (default: the drawing's own width plus the
    page margins, so the picture shows at its actual size). `hover` names a
    person key (`p0`, ...) to move the mouse onto before the questions.
    """
    url = page.resolve().as_uri()
    result = Capture()
    with Chromium() as browser:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

        def paused(params: dict[str, Any], sid: str | None) -> None:
            request_url = params["request"]["url"]
            result.requests.append(request_url)
            if request_url.startswith("file:"):
                browser.send("Fetch.continueRequest", {"requestId": params["requestId"]}, sid)
            else:
                result.refused.append(request_url)
                browser.send("Fetch.failRequest", {"requestId": params["requestId"], "errorReason": "Aborted"}, sid)

        def sent(params: dict[str, Any], sid: str | None) -> None:
            request_url = params["request"]["url"]
            if not request_url.startswith("file:") and request_url not in result.refused:
                result.refused.append(request_url)

        def dialog(params: dict[str, Any], sid: str | None) -> None:
            result.dialogs.append(f"{params.get('type')}: {params.get('message')}")
            browser.send("Page.handleJavaScriptDialog", {"accept": False}, sid)

        def console(params: dict[str, Any], sid: str | None) -> None:
            if params.get("type") in ("error", "assert"):
                result.problems.append(" ".join(str(arg.get("value", "")) for arg in params.get("args", [])))

        def exception(params: dict[str, Any], sid: str | None) -> None:
            result.problems.append(json.dumps(params.get("exceptionDetails", {}))[:500])

        def log(params: dict[str, Any], sid: str | None) -> None:
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                result.problems.append(f"{entry.get('source')}: {entry.get('text')}")

        browser.handlers.update(
            {
                "Fetch.requestPaused": paused,
                "Network.requestWillBeSent": sent,
                "Page.javascriptDialogOpening": dialog,
                "Runtime.consoleAPICalled": console,
                "Runtime.exceptionThrown": exception,
                "Log.entryAdded": log,
            }
        )
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            browser.call(method, {}, session)
        browser.call(
            "Network.emulateNetworkConditions",
            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            session,
        )
        browser.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]}, session)
        metrics = {"width": width or 1280, "height": 800, "deviceScaleFactor": scale, "mobile": False}
        browser.call("Emulation.setDeviceMetricsOverride", metrics, session)
        browser.call("Page.navigate", {"url": url}, session)
        browser.wait_for("Page.loadEventFired")

        def evaluate(expression: str) -> Any:
            answer = browser.call(
                "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, session
            )
            if "exceptionDetails" in answer:
                raise BrowserError(f"{expression}: {answer['exceptionDetails']}")
            return answer["result"].get("value")

        if width is None:
            drawing = evaluate("document.querySelector('svg').getBoundingClientRect().width")
            metrics["width"] = int(drawing) + 32 if drawing else 1280
            browser.call("Emulation.setDeviceMetricsOverride", metrics, session)
        metrics["height"] = int(evaluate("document.documentElement.scrollHeight"))
        browser.call("Emulation.setDeviceMetricsOverride", metrics, session)
        result.size = (int(metrics["width"]), int(metrics["height"]))
        result.texts = evaluate(
            "Array.from(document.querySelectorAll('svg text'))"
            ".filter(t => t.getComputedTextLength() > 0).map(t => t.textContent)"
        )
        if hover is not None:
            where = evaluate(
                f"(() => {{ const r = document.querySelector('[data-key=\"{hover}\"] rect').getBoundingClientRect();"
                " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
            )
            browser.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": where[0], "y": where[1]}, session)
        for name, expression in (questions or {}).items():
            result.facts[name] = evaluate(expression)
        shot = browser.call("Page.captureScreenshot", {"format": "png"}, session)
        result.png = base64.b64decode(shot["data"])
        # let late events (a blocked request, a dialog) arrive before judging
        evaluate("new Promise(resolve => setTimeout(resolve, 50))")
    if png is not None:
        png.write_bytes(result.png)
    return result


def render_and_capture(
    map_path: Path, folder: Path, png: Path | None = None, today: str | None = None, **options: Any
) -> tuple[Path, Capture]:
    """`relmap render MAP --output FOLDER/MAP.html [--today DAY]`, then `capture` that file.

    The test of the example and `scripts/screenshot.py` (the README's
    pictures) both come through here.
    """
    from typer.testing import CliRunner

    from relmap_cli.cli import app

    page = folder / f"{map_path.stem}.html"
    args = ["render", str(map_path), "--output", str(page), *(["--today", today] if today else [])]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise BrowserError(f"relmap render failed: {result.stderr}")
    return page, capture(page, png, **options)
