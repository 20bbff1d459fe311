import { describeFixtures } from "../../test/fixtures/dialects/load-fixtures.ts";
import { mapGenAiSpan } from "./genai.ts";

describeFixtures("OTel GenAI semconv spans", "genai.json", mapGenAiSpan);
