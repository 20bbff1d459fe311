// Run as a child process: `node cli/test/old-schema-store.ts <data dir> <version>` makes an embedded store
// whose schema stops at migration <version>, with a few LLM runs in it, as an install not yet upgraded.
// A child of its own, because one process opens one data dir (the test's children take turns on it).
import { loadMigrations, migrate, openStore } from "@promptmetrics/clickhouse";

const [dataDir, version] = process.argv.slice(2);
if (!dataDir || !version) throw new Error("usage: old-schema-store.ts <data dir> <version>");
const store = openStore({ kind: "embedded", dataDir });
try {
  await migrate(
    store,
    loadMigrations().filter((migration) => migration.version <= Number(version)),
  );
  // Only columns every version has, so the rows fit any old schema; the views fill the rollups.
  await store.command(
    `INSERT INTO spans (project_id, trace_id, span_id, start_time, end_time, is_llm, provider, model, user_id, prompt_name,
                        status_code, input_tokens, output_tokens, cost_usd, ingested_at, version)
     SELECT 'p_old', lower(hex(toFixedString(concat('old-trace-', toString(number % 7)), 16))), lower(hex(toFixedString(concat('s', toString(number)), 8))),
            now64(9) - toIntervalMinute(number * 7), now64(9) - toIntervalMinute(number * 7), true,
            'openai', 'gpt-4o-mini', concat('u', toString(number % 5)), if(number % 2 = 0, 'triage', ''),
            if(number % 10 = 0, 'error', 'ok'), 1000, 100, toDecimal64(0.000210, 12), now64(3), 1
     FROM numbers(60)`,
  );
} finally {
  await store.close();
}
