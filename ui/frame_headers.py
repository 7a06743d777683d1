"""Headers that forbid other sites to frame the dashboard (clickjacking), added to every HTTP answer.

Streamlit 1.67 has no config option for response headers, but its ASGI `st.App` takes Starlette
middleware (public API), so app.py adds this one. `MME_FRAME_ANCESTORS` (space-separated https
origins) allows those sites to frame it too; on a Hugging Face Space (SPACE_ID set) it defaults to
https://huggingface.co, whose Space page shows the app in a frame.
"""

from __future__ import annotations

import os
import re

ORIGIN = re.compile(r"^https://[A-Za-z0-9.-]+(?::\d+)?$")


def header_values(env: dict | None = None) -> list[tuple[bytes, bytes]]:
    """The framing headers for the configured ancestors (only well-formed https origins are kept)."""
    env = env if env is not None else os.environ
    space = "https://huggingface.co" if env.get("SPACE_ID") else ""  # a Space's page frames it from there
    extra = [o for o in env.get("MME_FRAME_ANCESTORS", space).split() if ORIGIN.match(o)]
    headers = [(b"content-security-policy", " ".join(["frame-ancestors 'self'", *extra]).encode())]
    if not extra:  # X-Frame-Options cannot name another origin; CSP wins in every current browser
        headers.append((b"x-frame-options", b"SAMEORIGIN"))
    return headers


class FrameHeaders:
    """Pure ASGI middleware: adds the framing headers to each HTTP response start."""

    def __init__(self, app):
        self.app = app
        self.headers = header_values()

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message.get("type") == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {
                    **message,
                    "headers": [*message.get("headers", []), *((k, v) for k, v in self.headers if k not in present)],
                }
            await send(message)

        return await self.app(scope, receive, send_with_headers)
