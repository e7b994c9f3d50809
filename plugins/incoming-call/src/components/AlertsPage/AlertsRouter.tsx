import { Route, Routes } from 'react-router-dom';
import { AlertPage } from './AlertPage';
import { AlertsPage } from './AlertsPage';

/** The Alerts page and, under it, each alert's own page (`/:id`). */
export function AlertsRouter() {
  return (
    <Routes>
      <Route path="/" element={<AlertsPage />} />
      <Route path="/:id" element={<AlertPage />} />
    </Routes>
  );
}
