"""Routes of the regulator console's market dashboards, exports and access log, and the rule each must declare."""

RULES = {
    "oversight_market.home": "oversight",
    "oversight_market.floor": "oversight",
    "oversight_market.instrument": "oversight",
    "oversight_market.trades": "oversight",
    "oversight_market_api.Platform": "api_oversight_read",
    "oversight_market_api.FloorDashboard": "api_oversight_read",
    "oversight_market_api.InstrumentDrilldown": "api_oversight_read",
    "oversight_market_api.EnterpriseTrades": "api_oversight_read",
    "oversight_exports.exports": "regulator",
    "oversight_exports.request_export": "regulator",
    "oversight_exports.export": "regulator",
    "oversight_exports.export_progress": "regulator",
    "oversight_exports.export_file": "regulator",
    "oversight_exports.period_report_csv": "regulator",
    "oversight_exports.seller_identity_csv": "regulator",
    "oversight_exports.access_log": "regulator",
}
