"""Trading floors: the pure, deterministic matching engine and the checks it shares with pre-trade validation."""
