# Confirm with the 6-digit code the app shows now.
curl -sS -X POST "$MOCKEX/trpc/account.enableTwoFactor" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"otp\": \"$OTP\"}"
