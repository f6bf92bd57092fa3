"""`bias serve`: a local HTTP API and web page over the analyzer (see bias/serve/app.py)."""
from .app import create_app, serve

__all__ = ["create_app", "serve"]
