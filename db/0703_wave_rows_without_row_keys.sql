-- Ingest: an upload writes, inside its transaction, its wave's units (unit, wave_unit), the kept sheet counts
-- (sheet_tally) and the protection's hidden units (wave_protection_unit): 48,000, 48,000, 50,000 and 180,000 rows at
-- a million respondents, and checking each row's foreign keys cost more than writing it (copying those 180,000 hidden
-- units took 1.26 s with the key on wave, 0.28 s without). As for respondent (db/0700), the writers write only the
-- wave they hold locked and the units and administrations they registered just before, in the same transaction. What
-- the keys did on the other side is done by a trigger per row of the small tables: a deleted wave takes its rows with
-- it (ON DELETE CASCADE, as before), and a unit or administration these rows name can neither be deleted nor have
-- its key changed.
ALTER TABLE wave_protection_unit DROP CONSTRAINT wave_protection_unit_wave_id_fkey;
ALTER TABLE sheet_tally DROP CONSTRAINT sheet_tally_wave_id_fkey;
ALTER TABLE wave_unit DROP CONSTRAINT wave_unit_wave_id_fkey;
ALTER TABLE wave_unit DROP CONSTRAINT wave_unit_unit_code_fkey;
ALTER TABLE wave_unit DROP CONSTRAINT wave_unit_administration_id_fkey;
ALTER TABLE unit DROP CONSTRAINT unit_administration_id_fkey;

CREATE FUNCTION delete_wave_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM wave_protection_unit WHERE wave_id = OLD.id;
    DELETE FROM sheet_tally WHERE wave_id = OLD.id;
    DELETE FROM wave_unit WHERE wave_id = OLD.id;
    RETURN OLD;
END
$$;

CREATE TRIGGER wave_rows_deleted AFTER DELETE ON wave FOR EACH ROW EXECUTE FUNCTION delete_wave_rows();

-- Each branch reads only its own table's columns (PL/pgSQL plans a statement when it first runs).
CREATE FUNCTION refuse_removing_named_organisation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF TG_TABLE_NAME = 'unit' THEN
            IF OLD.code = NEW.code THEN
                RETURN NEW;
            END IF;
        ELSIF OLD.id = NEW.id THEN
            RETURN NEW;
        END IF;
    END IF;
    IF TG_TABLE_NAME = 'unit' THEN
        IF EXISTS (SELECT 1 FROM wave_unit WHERE unit_code = OLD.code) THEN
            RAISE EXCEPTION 'unit % is named by the units of a wave', OLD.code USING ERRCODE = 'foreign_key_violation';
        END IF;
    ELSIF EXISTS (SELECT 1 FROM wave_unit WHERE administration_id = OLD.id) OR EXISTS (SELECT 1 FROM unit WHERE administration_id = OLD.id) THEN
        RAISE EXCEPTION 'administration % is named by units', OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER unit_named_by_waves BEFORE DELETE OR UPDATE OF code ON unit
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_named_organisation();
CREATE TRIGGER administration_named_by_units BEFORE DELETE OR UPDATE OF id ON administration
    FOR EACH ROW EXECUTE FUNCTION refuse_removing_named_organisation();
