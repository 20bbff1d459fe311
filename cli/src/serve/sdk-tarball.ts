// Where the instrumentation package the server hands out is: instrumentation/pack/, written by
// `npm run build` beside this checkout (instrumentation/scripts/build.ts) and copied there in the image.
// Found by path, not by package name, so the server needs none of the instrumentation's dependencies.
import { fileURLToPath } from "node:url";

export const SDK_TARBALL = fileURLToPath(new URL("../../../instrumentation/pack/promptmetrics-instrumentation.tgz", import.meta.url));
