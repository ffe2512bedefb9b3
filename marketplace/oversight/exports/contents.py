"""What each report says: the rows of the CSV files and the context of the bilingual PDF templates
(``templates/oversight/exports/<kind>.html``), amounts printed with their currency code and quantities
with their unit as the platform's documents print them."""
import csv
import io

from flask_babel import force_locale

from marketplace.accounts.labels import label
from marketplace.documents.services import printed_date, printed_money, printed_quantity
from marketplace.money import Money
from marketplace.oversight.exports import sources

PERIOD_COLUMNS = ("day", "trades", "volume", "unit", "turnover", "currency", "price_index", "orders", "new_listings",
                  "active_enterprises", "alerts")
SELLER_COLUMNS = ("credit_code", "name_zh", "name_en", "legal_representative", "legal_representative_id",
                  "address", "region", "contact_phone", "status", "verified_on", "catalog_listings", "floor_listings")


def _csv(columns, rows):
    """UTF-8 with a byte-order mark, so spreadsheets read the Chinese names."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _blank(value):
    return "" if value is None else value


def _period_rows(board):
    floor = board.floor
    return [(row.day.isoformat(), row.trades, format(row.volume.normalize(), "f"), floor.unit,
             str(Money(row.turnover, floor.currency).amount), floor.currency,
             _blank(row.index), row.orders, row.listings, row.active_enterprises, row.alerts) for row in board.days]


def period_csv(board):
    return _csv(PERIOD_COLUMNS, _period_rows(board))


def _seller_rows():
    return [(enterprise.credit_code, enterprise.name_zh, enterprise.name_en, *(representative or ("", "")),
             enterprise.address, enterprise.region,
             enterprise.contact_phone, enterprise.status,
             printed_date(enterprise.verified_at) if enterprise.verified_at else "", catalog, floor)
            for enterprise, representative, catalog, floor in sources.sellers()]


def seller_csv():
    return _csv(SELLER_COLUMNS, _seller_rows())


def period_context(board):
    """The report's figures as printed: totals, one line per day and one per instrument with trades."""
    floor, totals = board.floor, board.totals

    def printed(row):
        return {"trades": row.trades, "volume": printed_quantity(row.volume, floor.unit),
                "turnover": printed_money(row.turnover, floor.currency), "orders": row.orders}

    return {"floor": floor, "start": board.period.start.isoformat(), "end": board.period.end.isoformat(),
            "totals": totals, "total": printed(totals),
            "days": [(row, printed(row)) for row in board.days],
            "instruments": [(row, printed(row), "" if row.average_price is None else
                             printed_money(row.average_price, floor.currency)) for row in board.instruments]}


def seller_context():
    return {"sellers": sources.sellers(), "printed_date": printed_date}


def _both(code, family):
    """The code's name in Chinese and in English, for the bilingual PDFs rendered outside any request."""
    names = []
    for language in ("zh_CN", "en"):
        with force_locale(language):
            names.append(str(label(code, family)))
    return tuple(names)


def complaint_context(statistics):
    """The complaints area's ``statistics(start, end)`` with every code named in both languages."""
    def named(counts, family):
        return [(_both(code, family), count) for code, count in sorted(counts.items(), key=lambda item: -item[1])]

    return {"statistics": statistics, "start": statistics["start"].isoformat(), "end": statistics["end"].isoformat(),
            "by_kind": named(statistics["by_kind"], "complaint_kind"),
            "by_status": named(statistics["by_status"], "complaint_status"),
            "by_outcome": named({code: n for code, n in statistics["by_outcome"].items() if code},
                                "complaint_outcome"),
            "by_category": named({code: n for code, n in statistics["by_category"].items() if code},
                                 "complaint_category")}
