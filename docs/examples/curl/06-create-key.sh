# Create a trading key with the NEXT code from the app (each code works once).
# result.data.secret is shown this once: put it in SECRET (and in your secret store).
curl -sS -X POST "$MOCKEX/trpc/keys.create" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data @- <<JSON
{"label": "my first bot", "permissions": ["TRADE"], "otp": "$OTP"}
JSON
