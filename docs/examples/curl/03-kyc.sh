# Submit KYC; the sandbox answers with kycStatus "verified" straight away.
curl -sS -X POST "$MOCKEX/trpc/account.submitKyc" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"legalName": "Ada Lovelace", "country": "GB"}'
