// The inline script of the built index.html (vite.config.ts): the first screen's reads, sent while the
// browser is still loading the dashboard's JavaScript.
import { sendFirstReads } from "./first-load.ts";

sendFirstReads(window.location);
