"""Order entry on an instrument's book: pre-trade checks, the persisted command stream, one writer at a time."""
