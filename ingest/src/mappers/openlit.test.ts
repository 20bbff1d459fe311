import { describeFixtures } from "../../test/fixtures/dialects/load-fixtures.ts";
import { mapOpenLitSpan } from "./openlit.ts";

describeFixtures("OpenLIT spans", "openlit.json", mapOpenLitSpan);
