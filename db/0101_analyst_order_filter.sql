-- An analyst order's filter in real columns, resolved once from what the analyst typed: the administration's id
-- (as counted when ordered; the job follows later merges) and the unit's code. The scope column stays the report
-- table's key, now written from the ids ('administration=3&unit=HSF-0012'; '' for the whole region).
ALTER TABLE report ADD COLUMN administration_id smallint REFERENCES administration;
ALTER TABLE report ADD COLUMN unit_code text REFERENCES unit;

-- Orders placed before this stored the filter as the analyst wrote it (administration=name, code or alias &
-- unit=code); resolved here once, as the job resolved it.
WITH typed AS (
    SELECT id, substring('&' || scope || '&' FROM '&administration=([^&]*)&') AS administration,
           substring('&' || scope || '&' FROM '&unit=([^&]*)&') AS unit
    FROM report WHERE kind = 'analyst' AND scope <> ''
)
UPDATE report r SET
    administration_id = (SELECT coalesce(named.merged_into, named.id) FROM administration named
                         WHERE lower(named.code) = lower(t.administration) OR lower(named.name) = lower(t.administration)
                            OR named.id IN (SELECT administration_id FROM administration_alias WHERE alias = lower(t.administration))
                         ORDER BY named.merged_into IS NOT NULL LIMIT 1),
    unit_code = (SELECT u.code FROM unit u WHERE lower(u.code) = lower(t.unit) ORDER BY u.code = t.unit DESC LIMIT 1)
FROM typed t WHERE r.id = t.id;

-- Administrations and units are never deleted, so a filter that does not resolve never did: such an order only
-- ever failed ("Okänd förvaltning") and has no workbook. Two spellings of one filter keep the newest order.
DELETE FROM report WHERE kind = 'analyst' AND scope <> ''
    AND ((scope LIKE '%administration=%' AND administration_id IS NULL) OR (scope LIKE '%unit=%' AND unit_code IS NULL));
DELETE FROM report older USING report newer
WHERE older.kind = 'analyst' AND newer.kind = 'analyst' AND older.period = newer.period AND older.id <> newer.id
  AND older.administration_id IS NOT DISTINCT FROM newer.administration_id AND older.unit_code IS NOT DISTINCT FROM newer.unit_code
  AND (older.created_at, older.id) < (newer.created_at, newer.id);
UPDATE report SET scope = concat_ws('&', 'administration=' || administration_id, 'unit=' || unit_code) WHERE kind = 'analyst';
