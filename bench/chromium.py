"""Headless Chromium with the built extension loaded, and pairing the extension with a server
through its options page as a person would: shared by the row-8 benchmark,
scripts/bench_extension.py and the end-to-end tests."""

import os
import shutil
from pathlib import Path

from playwright.sync_api import BrowserContext, Playwright

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension" / "build" / "chrome-mv3-prod"
CHROMIUM = os.environ.get("PAPERLENS_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 15_000


def missing() -> str | None:
    """What is missing to launch it (the built extension, Chromium itself), or None."""
    if not (EXTENSION / "manifest.json").is_file():
        return f"expected the built extension in {EXTENSION}; run npm run build in extension/"
    if shutil.which(CHROMIUM) is None:
        return f"expected Chromium at {CHROMIUM} (apt-get install chromium)"
    return None


def launch(playwright: Playwright, profile: Path | str) -> BrowserContext:
    """A persistent context (extensions need one) that resolves no host but 127.0.0.1: pages
    of huggingface.co must be routed by the caller."""
    return playwright.chromium.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=[
            f"--disable-extensions-except={EXTENSION}",
            f"--load-extension={EXTENSION}",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        ],
        viewport={"width": 1280, "height": 900},
    )


def extension_id(context: BrowserContext) -> str:
    """The id Chromium gave the unpacked extension, from its service worker's URL."""
    workers = context.service_workers or [
        context.wait_for_event("serviceworker", timeout=TIMEOUT_MS)
    ]
    return workers[0].url.split("/")[2]


def pair(context: BrowserContext, server_url: str, token: str) -> None:
    """Fill in and save the options page, and wait until it says it is connected."""
    options = context.new_page()
    options.goto(f"chrome-extension://{extension_id(context)}/options.html")
    options.fill("#server-url", server_url)
    options.fill("#token", token)
    options.click("#save")
    # A locator, not wait_for_function: extension pages forbid eval (their CSP).
    options.locator("#status", has_text="Connected").wait_for(timeout=TIMEOUT_MS)
    options.close()
