-- An export profile can be removed (survey profile remove, or the uploads page). An upload finished with it keeps
-- its result and loses only the reference; a pending upload keeps the profile from being removed (checked by the
-- removal, which locks the profile row).
ALTER TABLE upload DROP CONSTRAINT upload_profile_id_fkey,
    ADD CONSTRAINT upload_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES export_profile ON DELETE SET NULL;
