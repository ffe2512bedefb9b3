"""HTML to PDF for the platform's documents, in one pinned CJK font.

Pure: it takes HTML already rendered from a template; no Flask, no database. The font is chosen
deliberately (DESIGN.md "Documents"): WenQuanYi Micro Hei makes PDFs a fraction of the size of
Noto Sans CJK's and subsets several times faster where WeasyPrint has to subset with fontTools
(no libharfbuzz-subset). So it is declared by its file, never left to fontconfig, which may pick
Noto where that is installed and DejaVu for Latin; the one face covers Latin too, so a document
embeds one font.
"""
import threading
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

CJK_FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
CJK_FONT_PACKAGE = "fonts-wqy-microhei"
FONT_FAMILY = "Binhai Document"

# One configuration for the process: the font file is copied and registered with fontconfig once,
# on the first render, instead of on every document.
_FONTS = FontConfiguration()
# WeasyPrint's font configuration is shared mutable state with no locking of its own.
_RENDERING = threading.Lock()


class FontMissing(RuntimeError):
    """The pinned font file is absent: Chinese would come out as boxes or through a slow fallback."""

    def __init__(self, path):
        super().__init__(
            f"the CJK font for documents is missing at {path}: install the Debian package {CJK_FONT_PACKAGE}"
        )
        self.path = path


def render_pdf(html: str, base_url=None) -> bytes:
    """The PDF of ``html``.

    ``base_url`` is a folder (a path or a file: URL) that relative links resolve against and the
    only place besides the font that the document may read from.
    """
    font = CJK_FONT_PATH
    if not font.is_file():
        raise FontMissing(font)
    base = None if base_url is None else str(base_url)
    fetcher = _LocalFiles([font] if base is None else [font, _local_path(base)])
    with _RENDERING:
        document = HTML(string=html, base_url=base, url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[_stylesheet(font)], font_config=_FONTS)


@cache
def _stylesheet(font: Path) -> CSS:
    """Declares the font; parsed once per font file, which is when WeasyPrint registers it."""
    return CSS(
        string=(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{font.as_uri()}"); }}\n'
            f'html {{ font-family: "{FONT_FAMILY}"; }}'
        ),
        font_config=_FONTS,
        url_fetcher=_LocalFiles([font]),
    )


def _local_path(url_or_path: str) -> Path:
    if url_or_path.startswith("file:"):
        return Path(url2pathname(urlsplit(url_or_path).path)).resolve()
    return Path(url_or_path).resolve()


class _LocalFiles(URLFetcher):
    """Reads only the given files and folders (and data: URLs).

    A document never reaches the network or the rest of the disk, whatever a template lets in.
    """

    def __init__(self, readable):
        super().__init__(allowed_protocols=("file", "data"))
        self._readable = [Path(path).resolve() for path in readable]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = _local_path(url)
            if not any(path == root or path.is_relative_to(root) for root in self._readable):
                raise ValueError(f"documents may not read {url}")
        return super().fetch(url, headers)
