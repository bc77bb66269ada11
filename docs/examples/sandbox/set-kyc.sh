# Let the user's KYC lapse: their keys answer 403 KYC_REQUIRED until it is verified again.
curl -sS -X POST "$MOCKEX/sandbox/v1/accounts/kyc" -H 'Content-Type: application/json' --data @- <<JSON
{"email": "$EMAIL", "status": "expired"}
JSON
