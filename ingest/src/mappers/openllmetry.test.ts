import { describeFixtures } from "../../test/fixtures/dialects/load-fixtures.ts";
import { mapOpenLlmetrySpan } from "./openllmetry.ts";

describeFixtures("OpenLLMetry spans", "openllmetry.json", mapOpenLlmetrySpan);
