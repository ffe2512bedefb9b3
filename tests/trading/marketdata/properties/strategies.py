"""Trades as the pure market-data modules take them: (aware time, price in minor units, quantity)."""
from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

START = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)

prices = st.integers(min_value=1, max_value=10_000_000)
quantities = st.integers(min_value=1, max_value=5_000)
moments = st.integers(min_value=0, max_value=3 * 24 * 3600 * 1000).map(lambda ms: START + timedelta(milliseconds=ms))
trades = st.tuples(moments, prices, quantities)
trade_lists = st.lists(trades, min_size=1, max_size=60)
distinct_time_trade_lists = st.lists(trades, min_size=1, max_size=60, unique_by=lambda trade: trade[0])
