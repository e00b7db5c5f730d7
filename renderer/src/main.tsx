/**
 * Entry: connect (IPC in Electron, WebSocket in a browser) and render the popover.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectFromWindow } from './api/connect';
import { App } from './components/App';
import { TowerClientContext } from './hooks/tower-context';
import './styles.css';

const client = connectFromWindow(window);
const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <TowerClientContext.Provider value={client}>
        <App />
      </TowerClientContext.Provider>
    </StrictMode>,
  );
}
