// The dashboard's entry: styles, the first screen's requests, then the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";
import { startFirstLoad } from "./first-load.ts";
import "./index.css";

startFirstLoad(window.location);

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
