"""The data the market dashboards' charts draw (oversight-charts.js), built from the figures the tables
beside them show. Amounts are drawn in major units of the floor's currency; each day links to the
floor's figures of that day, so a bar is also the way down to the instruments."""
from flask_babel import gettext as _

from marketplace.i18n import in_reader_language
from marketplace.money import Money


def _major(minor, currency):
    return float(Money(minor, currency).amount)


def _daily(dashboard, links, series, kind="bars"):
    return {"kind": kind, "days": [row.day.isoformat() for row in dashboard.days], "links": links,
            "series": series}


def floor_charts(dashboard, day_link):
    """The floor page's charts: turnover, volume, the index, activity and alerts, day by day."""
    floor, days = dashboard.floor, dashboard.days
    links = [day_link(row.day) for row in days]
    charts = {
        "turnover": _daily(dashboard, links, [{"name": _("Turnover (%(currency)s)", currency=floor.currency),
                                               "values": [_major(row.turnover, floor.currency) for row in days]}]),
        "volume": _daily(dashboard, links, [{"name": _("Volume (%(unit)s)", unit=floor.unit),
                                             "values": [float(row.volume) for row in days]}]),
        "index": _daily(dashboard, links, [{"name": _("Price index"),
                                            "values": [None if row.index is None else float(row.index)
                                                       for row in days]}], kind="line"),
        "activity": _daily(dashboard, links, [
            {"name": _("Trades"), "values": [row.trades for row in days]},
            {"name": _("Orders"), "values": [row.orders for row in days]},
            {"name": _("New listings"), "values": [row.listings for row in days]},
            {"name": _("Active enterprises"), "values": [row.active_enterprises for row in days]}]),
        "alerts": _daily(dashboard, links, [{"name": _("Alerts"), "values": [row.alerts for row in days]}]),
    }
    return charts


def platform_charts(platform, floor_link):
    """The console home's charts: trades and active enterprises per floor; catalog orders, listings and
    registrations, alerts and complaints per day."""
    names = [in_reader_language(board.floor.name_zh, board.floor.name_en) for board in platform.floors]
    links = [floor_link(board.floor) for board in platform.floors]
    charts = {"floors": {"kind": "categories", "categories": names, "links": links, "series": [
        {"name": _("Trades"), "values": [board.totals.trades for board in platform.floors]},
        {"name": _("Active enterprises"), "values": [board.totals.active_enterprises for board in platform.floors]}]}}
    charts["catalog"] = {"kind": "bars", "days": [row.day.isoformat() for row in platform.catalog], "links": [],
                         "series": [{"name": name, "values": [getattr(row, field) for row in platform.catalog]}
                                    for field, name in (("orders", _("Catalog orders")),
                                                        ("listings", _("New catalog listings")),
                                                        ("enterprises", _("Enterprises registered")))]}
    charts["oversight"] = {"kind": "bars", "days": [day.isoformat() for day in platform.period.days], "links": [],
                           "series": [{"name": name, "values": [counts.get(day, 0) for day in platform.period.days]}
                                      for counts, name in ((platform.alerts, _("Alerts")),
                                                           (platform.complaints, _("Complaints and reports")))]}
    return charts
