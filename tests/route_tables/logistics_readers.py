"""Routes of logistics readers (web pages and API) and the rule each must declare."""

RULES = {
    "readers.readers": "enterprise_member",
    "readers.register_reader": "logistics_operator",
    "readers.rotate_token": "logistics_operator",
    "readers.retire": "logistics_operator",
    "readers.bind_antenna": "logistics_operator",
    "readers.read_points": "enterprise_member",
    "readers.register_read_point": "logistics_operator",
    "readers_api.ReaderReads": "reader_device",
    "readers_api.Readers": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
    "readers_api.OneReader": {"GET": "api_logistics_read", "DELETE": "api_logistics_write"},
    "readers_api.ReaderToken": "api_logistics_write",
    "readers_api.ReaderAntennas": "api_logistics_write",
    "readers_api.ReadPoints": {"GET": "api_logistics_read", "POST": "api_logistics_write"},
}
