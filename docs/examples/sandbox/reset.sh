# Back to a fresh sandbox: no accounts, keys, orders, faults or price changes; clock back to now.
curl -sS -X POST "$MOCKEX/sandbox/v1/reset"
