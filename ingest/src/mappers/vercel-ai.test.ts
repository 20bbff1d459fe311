import { describeFixtures } from "../../test/fixtures/dialects/load-fixtures.ts";
import { mapVercelAiSpan } from "./vercel-ai.ts";

describeFixtures("Vercel AI SDK spans", "vercel-ai.json", mapVercelAiSpan);
