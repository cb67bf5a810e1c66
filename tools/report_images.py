"""Page images of both PDF reports for the README (`make screenshots`).

Renders the demo rep report (a pushy rep with a blind spot, a trust red flag and a
previous round to compare against) and the demo team report (12 reps: a trusted
closer, a pushy rep, a faker, a coachable newcomer, an improver and others, with the
sales–marketing alignment survey), then writes PNGs of their first pages to
docs/img/ with pdftoppm (poppler-utils) at 60 dpi. Each PNG must stay under 250 KB.

    python tools/report_images.py [--out docs/img] [--keep-pdf]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assess.demo.samples import demo_rep_inputs, demo_team_inputs  # noqa: E402
from assess.services.report_pdfs import rep_report_pdf, team_report_pdf  # noqa: E402

MAX_BYTES = 250_000
PAGES = {"rep-report": (1, 2), "team-report": (1, 2)}


def page_images(pdf: bytes, stem: str, pages: tuple[int, ...], out: Path) -> list[Path]:
    """PNGs of `pages` (1-based) of `pdf`, named <stem>-page<N>.png in `out`."""
    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm not found: install poppler-utils")
    written = []
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"{stem}.pdf"
        source.write_bytes(pdf)
        for page in pages:
            prefix = Path(folder) / f"{stem}-{page}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page),
                 "-singlefile", str(source), str(prefix)],
                check=True,
            )  # fmt: skip
            target = out / f"{stem}-page{page}.png"
            shutil.move(f"{prefix}.png", target)
            size = target.stat().st_size
            if size > MAX_BYTES:
                raise SystemExit(f"{target} is {size} bytes, over {MAX_BYTES}")
            written.append(target)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "img")
    parser.add_argument("--keep-pdf", action="store_true", help="also write the PDFs")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    reports = {
        "rep-report": rep_report_pdf(demo_rep_inputs()),
        "team-report": team_report_pdf(demo_team_inputs(12)),
    }
    for stem, pdf in reports.items():
        if args.keep_pdf:
            (args.out / f"{stem}.pdf").write_bytes(pdf)
        for path in page_images(pdf, stem, PAGES[stem], args.out):
            print(f"{path.relative_to(REPO)}  {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
