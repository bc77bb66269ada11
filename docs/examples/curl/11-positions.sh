# The filled order is now an open position.
curl -sS "$MOCKEX/fapi/v1/futures/positions" -H "X-Authentication: $SECRET"
