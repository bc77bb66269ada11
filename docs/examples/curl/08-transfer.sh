# Move 1000 USDT to the futures wallet (answers 202).
curl -sS -X POST "$MOCKEX/fapi/v1/wallet/futures/transfer" \
  -H "X-Authentication: $SECRET" -H 'Content-Type: application/json' \
  -d '{"from_wallet_type": "SPOT", "to_wallet_type": "FUTURES", "amount": "1000"}'
