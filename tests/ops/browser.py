"""Headless Chromium (the system's, through its chromedriver) for the map's tests and benchmark.

Skips with the reason when Chromium or chromedriver is missing (``make tools`` installs them
when run as root).
"""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = ("/usr/bin/chromium", "chromium", "chromium-browser")
DRIVER = ("/usr/bin/chromedriver", "chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1400,900",
)  # fmt: skip


def _which(names: tuple[str, ...]) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def missing() -> str | None:
    """Why a browser cannot be started here, or None."""
    try:
        import selenium  # noqa: F401, PLC0415
    except ImportError:
        return "selenium is not installed (make install)"
    if _which(CHROMIUM) is None:
        return "chromium is not installed (Debian package chromium; `make tools` as root)"
    if _which(DRIVER) is None:
        return "chromedriver is not installed (Debian package chromium-driver; `make tools`)"
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A Selenium WebDriver on a fresh profile; quit (and its processes gone) on exit."""
    from selenium import webdriver  # noqa: PLC0415
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = _which(CHROMIUM) or CHROMIUM[0]
        for flag in (*FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        service = Service(executable_path=_which(DRIVER) or DRIVER[0])
        driver = webdriver.Chrome(options=options, service=service)
        try:
            yield driver
        finally:
            driver.quit()
