-- Ingest: whether an upload was to load its valid rows and skip the invalid ones (CLI --skip-invalid-rows, or the
-- web page's choice), kept with the upload so the background job that ingests a web upload knows it, and so the
-- log says why an accepted upload has problems.
ALTER TABLE upload ADD COLUMN skip_invalid_rows boolean NOT NULL DEFAULT false;
