"""Write the clinician's report for a generated 8-week history, print it with Chromium, and count its pages.

    .venv/bin/python scripts/sample_report.py OUT_DIR

OUT_DIR gets unknot.db (the generated sessions, fixed seed), report.html, pain.json, report.pdf and
page-1.png (pdftoppm), made through the real `unknot history --report/--fhir` commands.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.generated_history import filled_store  # noqa: E402  (the repository root is on the path now)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "unknot.db").unlink(missing_ok=True)
    filled_store(out / "unknot.db", weeks=8).close()
    env = {**os.environ, "UNKNOT_DATA_DIR": str(out)}
    unknot = [sys.executable, "-m", "unknot", "history"]
    subprocess.run(
        [*unknot, "--report", str(out / "report.html"), "--fhir", str(out / "pain.json")], env=env, check=True
    )
    for grouping in ("routine", "region", "week"):
        subprocess.run([*unknot, "--by", grouping], env=env, check=True)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        page = browser.new_page()
        page.goto((out / "report.html").as_uri())
        page.pdf(path=str(out / "report.pdf"), prefer_css_page_size=True)
        browser.close()
    info = subprocess.run(["pdfinfo", str(out / "report.pdf")], capture_output=True, text=True, check=True)
    pages = re.search(r"Pages:\s+(\d+)", info.stdout)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "80",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(out / "report.pdf"),
            str(out / "page-1"),
        ],
        check=True,
    )
    print(
        f"\n{out / 'report.pdf'}: {pages.group(1) if pages else '?'} pages; first page: {out / 'page-1.png'}"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "sample-report"))
