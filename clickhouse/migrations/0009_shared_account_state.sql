-- State the API replicas share through the store instead of each keeping it in memory: the lock around
-- account changes and the sign-in attempt counts. ClickHouse has neither transactions nor unique keys,
-- so both are append-only logs read back with one query. Every time is the server's own (DEFAULT or
-- now64() in an INSERT ... SELECT), so the replicas' clocks never matter. Rows are dropped a day later:
-- a claim lives for seconds, an attempt counts for 15 minutes.

-- A claim on a named lock (`released = 0`), or its release (`released = 1`, same holder). A holder is a
-- random id per try; it holds the lock while its claim is the only live one (younger than the lease and
-- not released). See analytics-api/src/accounts/store-lock.ts for why that is exclusive.
CREATE TABLE IF NOT EXISTS account_lock_claims
(
    name      LowCardinality(String),
    holder    String,
    released  UInt8,
    at        DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (name, at)
TTL toDateTime(at) + INTERVAL 1 DAY;

-- Sign-in attempts per client: `key` is the SHA-256 (hex) of "ip|email", never the address or email
-- itself. Each attempt is a row; an attempt stops counting when a later row with its `attempt_id`
-- withdraws it: `refused` (it was over the limit, so it does not extend the wait) or `cleared` (a
-- sign-in succeeded). A withdrawal carries its attempt's own `at`, so the window finds both.
CREATE TABLE IF NOT EXISTS login_attempts
(
    key         String,
    attempt_id  String,
    kind        LowCardinality(String),
    at          DateTime64(3, 'UTC') DEFAULT now64(3),
    CONSTRAINT known_kind CHECK kind IN ('attempt', 'refused', 'cleared')
)
ENGINE = MergeTree
ORDER BY (key, at)
TTL toDateTime(at) + INTERVAL 1 DAY;
