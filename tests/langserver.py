"""Drive the real YAML language server (the engine of VS Code's YAML extension) over stdio.

What an editor does: start `yaml-language-server --stdio`, open a document,
and ask for diagnostics, completion and hover. JSON-RPC messages with
`Content-Length` headers go both ways; the server's own requests
(configuration, capability registration) are answered as an editor would.
The server is found through `RELMAP_YAML_LANGUAGE_SERVER` (its `bin` script;
.ci/run fetches a pinned version from npm when npm is reachable).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

SERVER_ENV = "RELMAP_YAML_LANGUAGE_SERVER"
TIMEOUT = 30.0


class LanguageServerError(Exception):
    """The server did not answer in time, or answered with an error."""


def server_command() -> list[str] | None:
    """The command that starts the server, or None when it is not installed."""
    script = os.environ.get(SERVER_ENV)
    node = shutil.which("node")
    if not script or not Path(script).is_file() or node is None:
        return None
    return [node, script, "--stdio"]


class LanguageServer:
    """One running server; use as a context manager."""

    def __init__(self, command: list[str], settings: dict[str, Any] | None = None) -> None:
        self.command = command
        self.settings = {
            "yaml": {
                "validate": True,
                "completion": True,
                "hover": True,
                "format": {"enable": False},
                "schemaStore": {"enable": False},  # never ask the network for a schema
                **(settings or {}),
            }
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.next_id = 0
        self.buffer = b""
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.versions: dict[str, int] = {}

    def __enter__(self) -> LanguageServer:
        self.process = subprocess.Popen(
            self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        capabilities = {
            "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": True}},
            "textDocument": {
                "completion": {"completionItem": {"snippetSupport": True, "documentationFormat": ["markdown"]}},
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "publishDiagnostics": {"relatedInformation": True},
            },
        }
        self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": capabilities})
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.process is not None
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.process.wait(timeout=5)
        except (LanguageServerError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()

    # -- JSON-RPC ------------------------------------------------------------
    def send(self, message: dict[str, Any]) -> None:
        assert self.process is not None and self.process.stdin is not None
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        wanted = self.next_id
        self.send({"id": wanted, "method": method, "params": params})
        while True:
            message = self.receive(TIMEOUT)
            if message.get("id") == wanted and "method" not in message:
                if "error" in message:
                    raise LanguageServerError(f"{method}: {message['error']}")
                return message.get("result")

    def receive(self, timeout: float) -> dict[str, Any]:
        """The next message from the server; its requests and notifications are handled here."""
        assert self.process is not None and self.process.stdout is not None
        deadline = time.monotonic() + timeout
        while True:
            header_end = self.buffer.find(b"\r\n\r\n")
            if header_end >= 0:
                headers = dict(line.split(": ", 1) for line in self.buffer[:header_end].decode("ascii").split("\r\n"))
                length = int(headers["Content-Length"])
                start = header_end + 4
                if len(self.buffer) >= start + length:
                    message: dict[str, Any] = json.loads(self.buffer[start : start + length])
                    self.buffer = self.buffer[start + length :]
                    self.handle(message)
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                raise LanguageServerError("the language server did not answer in time")
            ready, _, _ = select.select([self.process.stdout], [], [], left)
            if ready:
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    raise LanguageServerError("the language server exited")
                self.buffer += chunk

    def handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            if params.get("version") in (None, self.versions.get(params["uri"])):
                self.diagnostics[params["uri"]] = params["diagnostics"]
        elif method is not None and "id" in message:  # a request of the server's: answer it
            result: Any = None
            if method == "workspace/configuration":
                result = [self.settings.get(item.get("section", "")) for item in message["params"]["items"]]
            self.send({"id": message["id"], "result": result})

    # -- what an editor asks ---------------------------------------------------
    def open(self, uri: str, text: str) -> None:
        """Open (or replace) a document."""
        version = self.versions.get(uri, 0) + 1
        self.versions[uri] = version
        self.diagnostics.pop(uri, None)
        if version == 1:
            self.notify(
                "textDocument/didOpen",
                {"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}},
            )
        else:
            self.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]},
            )

    def diagnose(self, uri: str, text: str) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for `text`."""
        self.open(uri, text)
        deadline = time.monotonic() + TIMEOUT
        while uri not in self.diagnostics:
            self.receive(max(deadline - time.monotonic(), 0.001))
        return self.diagnostics[uri]

    def complete(self, uri: str, text: str, line: int, character: int) -> list[dict[str, Any]]:
        """The completion items offered at a 0-based position."""
        self.open(uri, text)
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        items: list[dict[str, Any]] = result["items"] if isinstance(result, dict) else result or []
        return items

    def hover(self, uri: str, text: str, line: int, character: int) -> str:
        """The hover text at a 0-based position ("" when there is none)."""
        self.open(uri, text)
        result = self.request(
            "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}
        )
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, dict):
            return str(contents["value"])
        if isinstance(contents, list):
            return "\n".join(item if isinstance(item, str) else item["value"] for item in contents)
        return str(contents)
