import { describeFixtures } from "../../test/fixtures/dialects/load-fixtures.ts";
import { mapLangfuseSpan } from "./langfuse.ts";

describeFixtures("Langfuse SDK spans", "langfuse.json", mapLangfuseSpan);
