import { describeFixtures } from "../../test/fixtures/dialects/load-fixtures.ts";
import { mapOpenInferenceSpan } from "./openinference.ts";

describeFixtures("OpenInference spans", "openinference.json", mapOpenInferenceSpan);
