# Look BTCUSDT up by symbol: note data.id, data.min_contract and data.price.
curl -sS "$MOCKEX/fapi/v1/futures/BTCUSDT?is_symbol" -H "X-Authentication: $SECRET"
