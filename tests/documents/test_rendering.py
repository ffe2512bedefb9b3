"""The four settlement documents render to PDFs whose text (Chinese and English) can be read back.

Each render takes a fraction of a second to a second, so each document is rendered once per module.
"""
import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from marketplace.documents import rendering
from marketplace.documents.rendering import FontMissing, render_pdf

BUYER = {
    "name_zh": "天津滨海钢铁有限公司",
    "name_en": "Tianjin Binhai Steel Co., Ltd.",
    "credit_code": "91120116MA05ABCD1X",
    "address": "天津市滨海新区黄海路 88 号",
    "signatory": "王建国",
    "signed_on": "2025-03-14",
}
SELLER = {
    "name_zh": "唐山北方钢材贸易有限公司",
    "name_en": "Tangshan Northern Steel Trading Co., Ltd.",
    "credit_code": "91130200MA0XYZ9K2P",
    "address": "河北省唐山市路北区建设路 12 号",
}

CONTEXTS = {
    "sales_contract": {
        "document_number": "ct_8Hq2LmN4pQ",
        "issued_on": "2025-03-14",
        "buyer": BUYER,
        "seller": SELLER,
        "goods": {
            "title_zh": "热轧卷板 Q235B",
            "title_en": "Hot-rolled coil Q235B",
            "spec": {"牌号 Grade": "Q235B", "厚度 Thickness": "5.75 mm"},
            "quantity": "1,000 t",
            "unit_price": "CNY 4,100.00 / t",
            "amount": "CNY 4,100,000.00",
        },
        "buyer_fee": "CNY 4,100.00",
        "seller_fee": "CNY 12,300.00",
        "payment": {
            "total": "CNY 4,104,100.00",
            "deposit_percent": 20,
            "deposit": "CNY 820,820.00",
            "balance": "CNY 3,283,280.00",
        },
        "delivery": {"place": "天津港 Tianjin Port", "month": "2025-05", "terms": "卖方仓库交货 FCA seller's warehouse"},
        "inspection_days": 7,
    },
    "invoice": {
        "document_number": "st_4Kd9PzT1",
        "issued_on": "2025-03-15",
        "reference": "ct_8Hq2LmN4pQ",
        "buyer": BUYER,
        "seller": SELLER,
        "lines": [{
            "description": "热轧卷板 Q235B Hot-rolled coil",
            "quantity": "1,000 t",
            "unit_price": "CNY 4,100.00 / t",
            "amount": "CNY 4,100,000.00",
        }],
        "goods_amount": "CNY 4,100,000.00",
        "buyer_fee": "CNY 4,100.00",
        "total": "CNY 4,104,100.00",
        "paid": "CNY 820,820.00",
        "balance_due": "CNY 3,283,280.00",
    },
    "payment_receipt": {
        "document_number": "pay_7Tr3WxQ9",
        "issued_on": "2025-03-14",
        "reference": "ct_8Hq2LmN4pQ",
        "part": "deposit",
        "payer": BUYER,
        "seller": SELLER,
        "amount": "CNY 820,820.00",
        "card_brand": "Visa",
        "card_last4": "4242",
        "gateway_reference": "pi_3PqR5sT7uV9wX1yZ",
        "captured_at": "2025-03-14 10:32 (UTC+8)",
    },
    "payout_statement": {
        "document_number": "po_2Vb6NcM8",
        "issued_on": "2025-05-20",
        "seller": SELLER,
        "releases": [
            {"reference": "ct_8Hq2LmN4pQ", "released_on": "2025-05-19",
             "gross": "CNY 4,100,000.00", "fee": "CNY 12,300.00", "net": "CNY 4,087,700.00"},
            {"reference": "ord_5Jk1HgF3", "released_on": "2025-05-19",
             "gross": "CNY 56,000.00", "fee": "CNY 168.00", "net": "CNY 55,832.00"},
        ],
        "gross_total": "CNY 4,156,000.00",
        "fee_total": "CNY 12,468.00",
        "net_total": "CNY 4,143,532.00",
        "payout": {"method": "bank_batch", "status": "paid", "bank_name": "中国工商银行唐山分行",
                   "account_name": "唐山北方钢材贸易有限公司", "account_number": "6222020402001234567",
                   "reference": "pob_2025052001"},
    },
}

EXPECTED_TEXT = {
    "sales_contract": [
        "销售合同", "Sales Contract", "天津滨海钢铁有限公司", "唐山北方钢材贸易有限公司",
        "Tianjin Binhai Steel Co., Ltd.", "买方 Buyer", "卖方 Seller", "91120116MA05ABCD1X",
        "热轧卷板 Q235B", "牌号 Grade", "1,000 t", "CNY 4,100.00 / t", "CNY 4,100,000.00",
        "CNY 820,820.00", "20 per cent", "天津港", "7 个工作日内", "within 7 working days", "Article 6 Disputes",
        "签署人 Signatory", "王建国", "第 1 页", "Page 2 of 2", "滨海商城 Binhai Marketplace", "ct_8Hq2LmN4pQ",
    ],
    "invoice": [
        "结算单", "Statement", "天津滨海钢铁有限公司", "应付余额 Balance due", "CNY 3,283,280.00",
        "已付 Paid so far", "CNY 820,820.00", "买方服务费 Buyer's fee", "ct_8Hq2LmN4pQ", "not a VAT invoice",
    ],
    "payment_receipt": [
        "付款回单", "Payment Receipt", "天津滨海钢铁有限公司", "Held in escrow by Binhai Marketplace",
        "唐山北方钢材贸易有限公司", "预付款 Deposit", "CNY 820,820.00", "Visa •••• 4242", "pi_3PqR5sT7uV9wX1yZ",
        "2025-03-14 10:32 (UTC+8)", "付款编号 Payment No.", "pay_7Tr3WxQ9",
    ],
    "payout_statement": [
        "放款结算单", "Payout Statement", "唐山北方钢材贸易有限公司", "ord_5Jk1HgF3", "CNY 4,087,700.00",
        "平台服务费 Platform fee", "CNY 4,143,532.00", "Bank transfer (settlement batch)", "已付款 Paid",
        "**** **** 4567", "pob_2025052001",
    ],
}


@pytest.fixture(scope="module")
def pdfs(app):
    """Each document rendered once, through the app's own template environment."""
    return {
        name: render_pdf(app.jinja_env.get_template(f"documents/{name}.html").render(**context))
        for name, context in CONTEXTS.items()
    }


def pdf_text(pdf):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def embedded_font_families(pdf):
    """The family name inside each embedded font program (the PDF's own font names are aliases)."""
    families = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor["/FontFile2"].get_object().get_data()
            families.add(TTFont(io.BytesIO(program))["name"].getDebugName(1))
    return families


@pytest.mark.parametrize("name", sorted(CONTEXTS))
def test_a_document_reads_back_in_chinese_and_english(pdfs, name):
    text = pdf_text(pdfs[name])
    missing = [expected for expected in EXPECTED_TEXT[name] if expected not in text]
    assert not missing, f"not in the {name} PDF: {missing}\n{text}"


def test_a_payout_statement_prints_only_the_end_of_the_account_number(pdfs):
    assert "6222020402001234567" not in pdf_text(pdfs["payout_statement"])


def test_every_document_embeds_only_the_pinned_font(pdfs):
    assert {name: embedded_font_families(pdf) for name, pdf in pdfs.items()} == {
        name: {"WenQuanYi Micro Hei"} for name in CONTEXTS
    }


def test_a_missing_font_file_names_the_debian_package(monkeypatch, tmp_path):
    monkeypatch.setattr(rendering, "CJK_FONT_PATH", tmp_path / "wqy-microhei.ttc")
    with pytest.raises(FontMissing, match="fonts-wqy-microhei"):
        render_pdf("<p>滨海商城</p>")


def test_a_document_reads_files_only_under_its_base_url(tmp_path):
    inside = tmp_path / "assets"
    inside.mkdir()
    (inside / "inside.css").write_text('p::after { content: "styled from the base folder"; }')
    (tmp_path / "outside.css").write_text('p::before { content: "read from elsewhere"; }')
    html = ('<link rel="stylesheet" href="inside.css">'
            f'<link rel="stylesheet" href="{(tmp_path / "outside.css").as_uri()}"><p>x</p>')

    text = pdf_text(render_pdf(html, base_url=inside))

    assert "styled from the base folder" in text
    assert "read from elsewhere" not in text
