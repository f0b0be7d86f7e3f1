"""The web application for agents, managers and creditor clients (FastAPI, Jinja2, HTMX).

``app`` builds the FastAPI application on a wired ``bootstrap.App``; ``security`` holds the
headers (Content-Security-Policy without inline script), the session cookie and the CSRF
checks; ``auth`` the sign-in and sign-out pages and the dependency giving each request its
signed-in viewer; ``pages`` the dashboard, the case list and the case page; ``views`` the
presentation helpers (French amounts and dates, the SVG ageing chart); ``texts`` the English
of the interface; ``server`` runs it under uvicorn (``recouvre serve``). The pages hold no
business rule: every read goes through ``recouvre.services`` (wired by ``bootstrap.web``).
"""
