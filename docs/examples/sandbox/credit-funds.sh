# Top up the futures wallet directly.
curl -sS -X POST "$MOCKEX/sandbox/v1/accounts/funds" -H 'Content-Type: application/json' --data @- <<JSON
{"email": "$EMAIL", "wallet": "FUTURES", "amount": "5000"}
JSON
