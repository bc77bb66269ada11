# Start 2FA; add result.data.otpauthUrl (or the base32 secret) to your authenticator app.
# A mutation without input still says it speaks JSON, or tRPC answers 415.
curl -sS -X POST "$MOCKEX/trpc/account.beginTwoFactor" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json'
