-- Reports: the wave's respondents per upload they come from, kept with the goal tally's state and brought up to date
-- with it ({"12": 998000, "15": 2000}), so that a report names the uploads its figures rest on without reading every
-- respondent. Tallies kept before have none: the uploads are looked for in the respondents until the tally is made again.
ALTER TABLE goal_tally_state ADD COLUMN uploads jsonb;
