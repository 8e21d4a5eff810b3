import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { useTokenSource } from './lib/api';
import { type AppConfig, Auth } from './lib/auth';
import './styles.css';

async function boot() {
  const root = createRoot(document.getElementById('root')!);
  try {
    const response = await fetch('/app-config.json');
    if (!response.ok) throw new Error(`/app-config.json answered ${response.status}`);
    const auth = new Auth((await response.json()) as AppConfig);
    const { user, returnTo } = await auth.start();
    // The callback address carries the authorization code: replace it so it never stays in the history.
    if (returnTo) window.history.replaceState(null, '', returnTo);
    useTokenSource(() => auth.token());
    root.render(
      <StrictMode>
        <App auth={auth} initialUser={user} />
      </StrictMode>,
    );
  } catch {
    root.render(
      <main id="main" className="landing">
        <h1>PerformancePulse is not available</h1>
        <p role="alert">The sign-in service could not be reached. Reload the page in a moment.</p>
      </main>,
    );
  }
}

void boot();
