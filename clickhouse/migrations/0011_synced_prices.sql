-- Install-wide prices read from a public price list (`promptmetrics prices sync`): each row is one period
-- of one model from its effective date, on top of the catalogue and under a project's price_overrides.
-- A change is a new row from a later date; rows are never edited (a second sync on the same day replaces
-- that day's row, the newest version winning). `model` is a catalogue id or a model the catalogue does not
-- know; `source_model` is the list's own name for it. USD per 1M tokens; NULL means "not given" (the
-- pricing package's fallbacks apply). `rules` holds the long-context tier, service tiers and regional
-- uplift as JSON in the catalogue's format ('{}' when none).
CREATE TABLE IF NOT EXISTS synced_prices
(
    model                    String,
    effective_from           Date,
    provider                 LowCardinality(String),
    kind                     LowCardinality(String),
    input_per_mtok           Decimal(18, 9),
    cached_input_per_mtok    Nullable(Decimal(18, 9)),
    cache_write_5m_per_mtok  Nullable(Decimal(18, 9)),
    cache_write_1h_per_mtok  Nullable(Decimal(18, 9)),
    cache_write_30m_per_mtok Nullable(Decimal(18, 9)),
    cache_write_12h_per_mtok Nullable(Decimal(18, 9)),
    output_per_mtok          Decimal(18, 9),
    rules                    String,
    source                   String,
    source_model             String,
    synced_at                DateTime64(3, 'UTC'),
    version                  UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (model, effective_from);
