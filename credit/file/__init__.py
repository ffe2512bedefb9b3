"""The credit file: platform facts derived from domain events, and official entries entered or imported."""
