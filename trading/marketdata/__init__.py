"""Last price, OHLCV bars, VWAP, depth and the floor price indices, computed from stored trades."""
