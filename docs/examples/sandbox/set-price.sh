# Move BTCUSDT's mark price: resting limit orders fill, stops fire and liquidations happen from it.
curl -sS -X POST "$MOCKEX/sandbox/v1/prices" -H 'Content-Type: application/json' \
  -d '{"symbol": "BTCUSDT", "price": "40000"}'
