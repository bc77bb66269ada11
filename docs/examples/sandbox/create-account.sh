# A ready trader in one call: signed up, KYC verified, 2FA on, 10000 USDT in futures, a READ_ONLY+TRADE key.
# All fields are optional; the answer carries email, password, totpSecret, key and the key's secret.
curl -sS -X POST "$MOCKEX/sandbox/v1/accounts" -H 'Content-Type: application/json' --data @- <<JSON
{"email": "$EMAIL", "funds": {"futures": "2500"}}
JSON
