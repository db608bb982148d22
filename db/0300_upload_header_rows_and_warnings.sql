-- What an upload's result says beyond its counts: how many rows above the data were header (title rows, a tool's
-- several header rows), warnings that do not reject the file (questions of the wave that the file lacks), and
-- whether the administrator confirmed a file that lacks more than half of the wave's questions.
ALTER TABLE upload
    ADD COLUMN header_rows integer NOT NULL DEFAULT 0,
    ADD COLUMN warnings text[] NOT NULL DEFAULT '{}',
    ADD COLUMN allow_missing_questions boolean NOT NULL DEFAULT false;
