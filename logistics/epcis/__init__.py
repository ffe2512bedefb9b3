"""EPCIS 2.0: capture, store and query business events (what, when, where, why) in GS1's JSON form."""
