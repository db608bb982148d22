-- Ingest: respondent is the table an upload of a million rows is copied into, so it checks no foreign key per row;
-- checking wave and upload for every copied row took most of the server's time of a load. Ingest writes only the
-- wave it holds locked and the upload row it created and holds locked, in the same transaction. What the keys also
-- guarded, the other side, stays guarded: a wave or an upload that respondents name cannot be deleted (a trigger
-- per deleted row of those small tables), and their identity ids are never updated.
ALTER TABLE respondent DROP CONSTRAINT respondent_wave_id_fkey;
ALTER TABLE respondent DROP CONSTRAINT respondent_upload_id_fkey;

CREATE FUNCTION refuse_delete_named_by_respondents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (TG_TABLE_NAME = 'wave' AND EXISTS (SELECT 1 FROM respondent WHERE wave_id = OLD.id))
       OR (TG_TABLE_NAME = 'upload' AND EXISTS (SELECT 1 FROM respondent WHERE upload_id = OLD.id)) THEN
        RAISE EXCEPTION 'respondents name % %', TG_TABLE_NAME, OLD.id USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN OLD;
END
$$;

CREATE TRIGGER wave_named_by_respondents BEFORE DELETE ON wave
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_named_by_respondents();
CREATE TRIGGER upload_named_by_respondents BEFORE DELETE ON upload
    FOR EACH ROW EXECUTE FUNCTION refuse_delete_named_by_respondents();
