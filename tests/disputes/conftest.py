"""A steel contract paid in full and delivered, under inspection: the deal a buyer disputes; evidence files."""
import io

import pytest
from PIL import Image

from tests.settlement.fixtures import deliver_all, pay_in_full


@pytest.fixture
def delivered(steel_deal, buyer, seller):
    """The contract's delivery, its inspection window open; the contract is ``delivered.escrow``'s payable."""
    pay_in_full(buyer, steel_deal.public_id)
    return deliver_all(buyer, seller, steel_deal.public_id)


def png_bytes():
    """A real 8×8 PNG picture, as a phone would send a photo of a weighbridge ticket."""
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# A Windows program renamed to look like a photo: refused by its content, whatever its name says.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
