"""Run the app under gunicorn, a production WSGI server, from Python.

Why gthread workers: request threads mostly wait on query processes, so a
few threads per worker keep all query processes busy without one Python
process per concurrent client. The app is loaded in each worker after the
fork (no preload), so each worker owns the query processes it started.
"""
from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from api.settings import Settings


class KgServer(BaseApplication):
    def __init__(self, settings: Settings, options: dict[str, Any]) -> None:
        self.settings = settings
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from api.app import create_app

        return create_app(self.settings)


def serve(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000, workers: int = 2, threads: int = 4,
          access_log: bool = False) -> None:
    """Serve until interrupted; gunicorn's own worker timeout is kept well above the query timeout."""
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "timeout": max(30, int(settings.timeout * 2) + 10),
        "graceful_timeout": 10,
        "accesslog": "-" if access_log else None,
        "proc_name": "kg-serve",
        "control_socket_disable": True,  # several servers (tests, benchmarks) may run side by side
        "limit_request_line": 0,  # long SPARQL queries arrive as GET URLs; gunicorn's default cuts at 4 KB
    }
    KgServer(settings, options).run()
