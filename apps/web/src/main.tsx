import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { bootstrapJmm } from './app/jmm-context.tsx';
import './styles/app.css';

const root = createRoot(document.getElementById('root')!);

// The mechanism is read before anything renders: every screen needs its origin, settings and log key.
bootstrapJmm().then(
  (bootstrap) => {
    root.render(
      <StrictMode>
        <App bootstrap={bootstrap} />
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <main className="fatal">
        <h1>JMM</h1>
        <p role="alert">
          The mechanism could not be reached: {error instanceof Error ? error.message : String(error)}
        </p>
        <button type="button" onClick={() => window.location.reload()}>
          Try again
        </button>
      </main>,
    );
  },
);
