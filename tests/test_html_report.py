"""The feedback page, rendered by a real headless Chromium: a screenshot must show the table and
the images, and the page's own DOM (dumped after load) must hold the table rows and images that
decoded (naturalWidth > 0). The page itself forbids scripts; the test's copy drops that rule and
adds a small probe that writes what it measured into the DOM."""

import base64
import io
import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import EXERCISES, SOLUTIONS

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here: `apt-get install -y chromium` "
                                                              "(Debian) to run the browser test")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1200,2000", "--hide-scrollbars"]
PROBE = """<script>
window.addEventListener("load", () => {
  const images = Array.from(document.images);
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify({
    rows: document.querySelectorAll("#scores tbody tr").length,
    cells: Array.from(document.querySelectorAll("#scores tbody tr td:nth-child(2)")).map(td => td.textContent.trim()),
    images: images.length,
    decoded: images.filter(i => i.complete && i.naturalWidth > 0).map(i => i.naturalWidth),
    scripts: document.scripts.length,
    failures: document.querySelectorAll("p.check-failed").length,
  });
  document.body.appendChild(probe);
});
</script>"""
TAB_BLUE = (31, 119, 180)  # matplotlib's first colour: the student's curve and figure


def figure_png(kind: str) -> str:
    """A PNG like the ones kit.png makes from a student's plot (matplotlib, Agg)."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3), dpi=80)
    FigureCanvasAgg(fig)
    x = np.linspace(-5, 5, 100)
    fig.add_subplot().plot(x, 1 / (1 + np.exp(-x)) if kind == "student" else np.tanh(x), color="tab:blue")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return base64.b64encode(buffer.getvalue()).decode()


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> dict:
    """A real report (q01 right, q07 the stub, q08 missing), with figures, a training curve and
    a hostile message added the way checks keep them."""
    folder = tmp_path_factory.mktemp("sub")
    shutil.copyfile(SOLUTIONS / "q01_accuracy_loss.py", folder / "q01_accuracy_loss.py")
    shutil.copyfile(EXERCISES / "q07_zip_pairs.py", folder / "q07_zip_pairs.py")
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade", str(folder), "--items", "q01,q07,q08",
                             "--format", "json", "--artifacts"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    report["artifacts"]["q01"] = {
        "figure:sigmoid": {"student": figure_png("student"), "reference": figure_png("reference")},
        "figure:forged": {"student": base64.b64encode(b"<svg onload=alert(1)>").decode()},  # not a PNG: dropped
        "curve:validation accuracy": {"student": [0.61, 0.83, 0.91, 0.95], "reference": [0.7, 0.88, 0.94, 0.97]},
    }
    report["items"]["q07"]["checks"][0]["message"] = ("<script>document.title='pwned'</script>"
                                                      "<img src=x onerror=alert(1)>")
    return report


def test_page_content_without_a_browser(report):
    from autograder.report import html

    page = html.render(report, "alice <b>")
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert "<script>" not in page and "&lt;script&gt;" in page and "alice &lt;b&gt;" in page
    assert page.count('<tr class=') == 3 and page.count("data:image/png;base64,") == 3  # 2 figures + curve
    assert "pending manual grading" in page and "not answered" in page


def test_grade_writes_the_html_page_with_out(tmp_path):
    folder = tmp_path / "sub"
    folder.mkdir()
    shutil.copyfile(SOLUTIONS / "q01_accuracy_loss.py", folder / "q01_accuracy_loss.py")
    out = tmp_path / "report.html"
    result = subprocess.run([sys.executable, "-P", "-m", "autograder", "grade", str(folder), "--items", "q01",
                             "--format", "html", "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    page = out.read_text()
    assert page.startswith("<!DOCTYPE html>") and "q01" in page and "6/6" in page


def chromium(url: str, *extra: str, profile) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url],
                          capture_output=True, text=True, timeout=120)


@needs_chromium
def test_chromium_renders_the_table_and_the_images(report, tmp_path):
    import numpy as np
    from PIL import Image

    from autograder.report import html

    page = html.render(report, "alice")
    # The test's copy only: drop the no-script rule so that the probe can run.
    probed = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page).replace("</body>", PROBE + "</body>")
    (tmp_path / "probed.html").write_text(probed)
    (tmp_path / "page.html").write_text(page)

    dom = chromium((tmp_path / "probed.html").as_uri(), "--dump-dom", "--virtual-time-budget=5000",
                   profile=tmp_path / "p1")
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom.stdout, re.S)
    assert found, f"no probe in the DOM; chromium said:\n{dom.stderr[-2000:]}"
    probe = json.loads(found.group(1).replace("&quot;", '"'))
    assert probe["rows"] == 3 and probe["cells"][0] == "6/6" and probe["cells"][1].startswith("0/")
    assert probe["images"] == 3 and len(probe["decoded"]) == 3 and min(probe["decoded"]) >= 300, probe
    assert probe["scripts"] == 1  # ours: the message's <script> is text
    assert probe["failures"] >= 2

    shot = tmp_path / "shot.png"
    result = chromium((tmp_path / "page.html").as_uri(), f"--screenshot={shot}", "--virtual-time-budget=5000",
                      profile=tmp_path / "p2")
    assert shot.is_file(), result.stderr[-2000:]
    image = Image.open(shot).convert("RGB")
    assert image.size == (1200, 2000)
    pixels = np.asarray(image).reshape(-1, 3).astype(int)
    colours = len(np.unique(pixels, axis=0))
    ink = float((pixels.sum(axis=1) < 600).mean())
    blue = int((np.abs(pixels - TAB_BLUE) < 40).all(axis=1).sum())
    # A blank or unstyled page has a handful of colours; text, table shading and plots give hundreds.
    assert colours > 200 and ink > 0.01, (colours, ink)
    assert blue > 300, blue  # the student's plotted lines reached the screen
    # The hostile message did not run: the title is the page's own.
    title = chromium((tmp_path / "page.html").as_uri(), "--dump-dom", profile=tmp_path / "p3").stdout
    assert "<title>Feedback for alice</title>" in title and "pwned" not in title.split("</title>")[0]
