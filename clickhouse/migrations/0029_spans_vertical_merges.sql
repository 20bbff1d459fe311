-- Merge spans one column at a time (ClickHouse's vertical merge) at every size, not only past 131,072 rows.
-- A horizontal merge holds read and compression buffers for all of its ~55 columns of every part at once;
-- under a sustained ingest the engine's memory (MemoryTracking) peaked at 430-490 MiB with merges running
-- and 100 MiB with them stopped; merged vertically it peaked at 120-180 MiB, and the process's resident
-- memory about 200 MiB lower (issue #18; measured with 8 exporters of 512-span batches, bench/README.md).
-- Storage settings only: existing parts are untouched, later merges follow it.
ALTER TABLE spans MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
