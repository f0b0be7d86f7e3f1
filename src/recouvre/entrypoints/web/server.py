"""``recouvre serve``: the web application under uvicorn, in this process, on ``host:port``.

One worker process (SQLite's writer lock is per database; the requests run in uvicorn's thread
pool), no auto-reload, the access log on. The session cookie is ``Secure`` unless ``host`` is
a loopback address served over plain HTTP (``security.secure_cookies_for``).
"""

from __future__ import annotations

import uvicorn

from recouvre.bootstrap import App
from recouvre.entrypoints.web.app import create_app
from recouvre.entrypoints.web.security import secure_cookies_for


def config(app: App, host: str, port: int) -> uvicorn.Config:
    web = create_app(app, secure_cookies=secure_cookies_for(host))
    return uvicorn.Config(
        web,
        host=host,
        port=port,
        workers=1,
        proxy_headers=False,
        server_header=False,
        log_level="info",
    )


def serve(app: App, host: str, port: int) -> None:
    uvicorn.Server(config(app, host, port)).run()
