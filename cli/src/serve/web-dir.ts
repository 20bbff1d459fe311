// Where the built dashboard is: the web workspace's dist/ (`npm run build`), served by the API.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = path.join(path.dirname(fileURLToPath(import.meta.resolve("@promptmetrics/web/package.json"))), "dist");
