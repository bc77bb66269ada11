import { useEffect, type ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMutation } from '@tanstack/react-query';
import { useTRPC } from './lib/trpc.ts';
import { useSession } from './lib/session.tsx';
import { SignIn, SignUp } from './pages/Auth.tsx';
import { AccountPage } from './pages/Account.tsx';
import { KeysPage } from './pages/Keys.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { ConsolePage } from './pages/Console.tsx';
import { ControlsPage } from './pages/Controls.tsx';

const TITLES: Record<string, string> = {
  '/signin': 'Sign in',
  '/signup': 'Sign up',
  '/account': 'Account',
  '/keys': 'API keys',
  '/audit': 'Audit log',
  '/console': 'Trading console',
  '/controls': 'Sandbox controls',
};

function RequireSession({ children }: { children: ReactNode }) {
  const { signedIn } = useSession();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  return <>{children}</>;
}

function Header() {
  const { signedIn, me, signOut } = useSession();
  const trpc = useTRPC();
  const navigate = useNavigate();
  const out = useMutation(trpc.auth.signOut.mutationOptions());
  return (
    <header className="top">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <span className="brand">Mockex</span>
      <nav aria-label="Main">
        <ul>
          {signedIn && (
            <>
              <li>
                <NavLink to="/keys">API keys</NavLink>
              </li>
              <li>
                <NavLink to="/account">Account</NavLink>
              </li>
              <li>
                <NavLink to="/audit">Audit log</NavLink>
              </li>
            </>
          )}
          <li>
            <NavLink to="/console">Console</NavLink>
          </li>
          <li>
            <NavLink to="/controls">Sandbox</NavLink>
          </li>
        </ul>
      </nav>
      <div className="who">
        {signedIn ? (
          <>
            <span className="muted">{me?.email}</span>
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                await out.mutateAsync().catch(() => undefined);
                signOut();
                navigate('/signin');
              }}
            >
              Sign out
            </button>
          </>
        ) : (
          <>
            <NavLink to="/signin">Sign in</NavLink>
            <NavLink to="/signup">Sign up</NavLink>
          </>
        )}
      </div>
    </header>
  );
}

export function App() {
  const location = useLocation();
  const { signedIn } = useSession();
  useEffect(() => {
    const title = TITLES[location.pathname];
    document.title = title ? `${title} · Mockex` : 'Mockex';
  }, [location.pathname]);
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Routes>
          <Route path="/" element={<Navigate to={signedIn ? '/keys' : '/signin'} replace />} />
          <Route path="/signin" element={<SignIn />} />
          <Route path="/signup" element={<SignUp />} />
          <Route
            path="/account"
            element={
              <RequireSession>
                <AccountPage />
              </RequireSession>
            }
          />
          <Route
            path="/keys"
            element={
              <RequireSession>
                <KeysPage />
              </RequireSession>
            }
          />
          <Route
            path="/audit"
            element={
              <RequireSession>
                <AuditPage />
              </RequireSession>
            }
          />
          <Route path="/console" element={<ConsolePage />} />
          <Route path="/controls" element={<ControlsPage />} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </main>
    </>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        <NavLink to="/">Go to the start page</NavLink>
      </p>
    </section>
  );
}
