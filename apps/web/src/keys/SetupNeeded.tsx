import { Link } from 'react-router';
import type { Me } from '../lib/session.tsx';

/** What the account still lacks before it may hold keys: two-factor authentication and KYC. */
export function SetupNeeded({ me }: { me: Me }) {
  return (
    <div className="note warn" role="status">
      <p>
        Before you can create keys: {!me.twoFactorEnabled && 'turn on two-factor authentication'}
        {!me.twoFactorEnabled && me.kycStatus !== 'verified' && ' and '}
        {me.kycStatus !== 'verified' && 'pass identity verification (KYC)'}.{' '}
        <Link to="/account">Go to Account</Link>
      </p>
    </div>
  );
}
