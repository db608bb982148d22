-- Ingest: respondent is partitioned by wave, one partition per wave (respondent_wave_<id>). A wave's first load copies
-- its rows into a new table of its own that has no index yet, builds the primary key once, by sorting, and attaches
-- the table as the wave's partition: inserting a million keys one by one into the primary key's btree took more than
-- half of the server's time of the load (README, Benchmarks). Keys, re-uploads and counts are as before: the primary
-- key (wave_id, respondent_key) is the parent's, so every partition has it, and later uploads upsert into the parent.
-- A row of a wave without a partition cannot be written: whatever writes a wave's respondents other than a first
-- load makes its partition first (SELECT respondent_partition(wave)).
ALTER TABLE respondent RENAME TO respondent_unpartitioned;
ALTER INDEX respondent_pkey RENAME TO respondent_unpartitioned_pkey;
DROP TRIGGER respondent_changed ON respondent_unpartitioned;

CREATE TABLE respondent (
    wave_id        smallint NOT NULL,
    respondent_key text NOT NULL,
    unit_code      text,
    submitted_at   timestamptz,
    answers        smallint[] NOT NULL,
    free_text      jsonb,
    upload_id      bigint NOT NULL,
    PRIMARY KEY (wave_id, respondent_key)
) PARTITION BY LIST (wave_id);

CREATE TRIGGER respondent_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON respondent
    FOR EACH STATEMENT EXECUTE FUNCTION note_respondent_change();

-- The table a wave's partition is made from: the parent's columns and a check that it holds that wave only, which
-- spares ATTACH PARTITION its scan of the rows.
CREATE FUNCTION respondent_partition_table(wave smallint) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    name text := 'respondent_wave_' || wave;
BEGIN
    EXECUTE format('CREATE TABLE %I (LIKE respondent, CONSTRAINT %I CHECK (wave_id = %s))', name, name || '_only', wave);
    RETURN name;
END
$$;

-- The wave's partition, made (empty, with its primary key) when it does not exist yet. ATTACH PARTITION takes a lock
-- on respondent that readers and writers of other waves do not wait for.
CREATE FUNCTION respondent_partition(wave smallint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := 'respondent_wave_' || wave;
BEGIN
    IF to_regclass(name) IS NULL THEN
        PERFORM respondent_partition_table(wave);
        EXECUTE format('ALTER TABLE respondent ATTACH PARTITION %I FOR VALUES IN (%s)', name, wave);
    END IF;
END
$$;

SELECT respondent_partition(wave_id) FROM (SELECT DISTINCT wave_id FROM respondent_unpartitioned) w;
INSERT INTO respondent SELECT * FROM respondent_unpartitioned;
DROP TABLE respondent_unpartitioned;

-- A deleted wave (it has no respondents: refuse_delete_named_by_respondents) takes its empty partition with it.
CREATE OR REPLACE FUNCTION delete_wave_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM wave_protection_unit WHERE wave_id = OLD.id;
    DELETE FROM sheet_tally WHERE wave_id = OLD.id;
    DELETE FROM wave_unit WHERE wave_id = OLD.id;
    EXECUTE format('DROP TABLE IF EXISTS %I', 'respondent_wave_' || OLD.id);
    RETURN OLD;
END
$$;
