import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient, keyApi, TRPCProvider } from './lib/trpc.ts';
import { SessionProvider } from './lib/session.tsx';
import { ExchangeSessionProvider } from './lib/exchange-session.tsx';
import { App } from './App.tsx';
import './styles.css';

function Root() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={keyApi} queryClient={queryClient}>
        <SessionProvider>
          <ExchangeSessionProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </ExchangeSessionProvider>
        </SessionProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
