"""Shipments: what was sold, moving from seller to buyer in legs, containers and vessels, driven by events."""
