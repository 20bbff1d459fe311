// The dashboard's entry: styles, the first screen's requests, then the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { overviewView, sendFirstReads } from "./first-load.ts";
import "./index.css";

// Already sent by index.html's inline script in a build; here in `vite` dev.
sendFirstReads(window.location);
// On an overview URL, its chunk now rather than after the session lookup answered: the same module as the
// route's lazy(), which then finds it loading.
if (overviewView(window.location)) import("./pages/overview-page.tsx").catch(() => undefined);

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
