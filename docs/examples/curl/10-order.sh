# Buy the smallest BTCUSDT position at market, 5x leverage (answers 202, status CREATED).
curl -sS -X POST "$MOCKEX/fapi/v1/futures/$ASSET_ID/order" \
  -H "X-Authentication: $SECRET" -H 'Content-Type: application/json' --data @- <<JSON
{"leverage": "5", "quantity": "$QUANTITY", "order_price": "$PRICE", "order_type": "LONG",
 "trigger_type": "MARKET", "is_stoploss": false, "is_takeprofit": false, "reduce_only": false}
JSON
