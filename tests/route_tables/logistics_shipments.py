"""Routes of logistics shipments (web pages and API) and the rule each must declare."""

RULES = {
    "shipments_api.Shipments": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "shipments_api.OneShipment": "api_logistics_read",
    "shipments_api.Carrier": "api_logistics_write",
    "shipments_api.Destination": "api_logistics_write",
    "shipments_api.Legs": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "shipments_api.LegVessel": "api_logistics_write",
    "shipments_api.Containers": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "shipments_api.Units": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "shipments_api.ShipmentPortEvents": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "shipments_api.PortEvents": "api_logistics_write",
    "shipments_api.Delivery": "api_logistics_write",
    "shipments_api.Hold": "api_logistics_write",
}
RULES |= {
    "shipments.shipments": "enterprise_member",
    "shipments.book": "enterprise_trader",
    "shipments.shipment": "enterprise_member",
    "shipments.assign_carrier": "enterprise_trader",
    "shipments.name_destination": "enterprise_trader",
    "shipments.add_leg": "logistics_operator",
    "shipments.add_container": "logistics_operator",
    "shipments.add_unit": "logistics_operator",
    "shipments.record_port_event": "logistics_operator",
    "shipments.report_exception": "logistics_operator",
    "shipments.clear_exception": "logistics_operator",
    "shipments.confirm_delivery": "enterprise_trader",
    "shipments.oversight": "oversight",
}
