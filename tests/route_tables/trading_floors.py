"""Routes of trading/floors and the rule each must declare."""

RULES = {
    "floors.directory": "public",
    "floors.floor": "public",
    "floors.operator_floors": "operator",
    "floors.new_floor": "operator",
    "floors.edit_floor": "operator",
    "floors.activation": "operator",
    "floors.new_instrument": "operator",
    "floors.edit_instrument": "operator",
    "floors_api.Floors": "public",
    "floors_api.OneFloor": "public",
    "floors_api.FloorInstruments": "public",
    "floors_api.OneInstrument": "public",
}
