# Every exchange call carries the secret in X-Authentication. New sandbox accounts hold 10000 USDT (spot).
curl -sS "$MOCKEX/fapi/v1/wallet/funds" -H "X-Authentication: $SECRET"
