// Making and checking credentials outside the API's routes, exported as @promptmetrics/analytics-api/auth:
// the CLI's first-start bootstrap (the admin's password, the first ingest key) and test and benchmark
// set-up. The ingest checks keys with hashSecret from @promptmetrics/runs, without loading the API.
export { hashPassword, verifyPassword } from "./passwords.ts";
export { generateKey, hashSecret, keyPrefix, type GeneratedKey, type KeyKind } from "./api-keys.ts";
