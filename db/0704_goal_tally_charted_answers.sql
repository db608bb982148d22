-- Reports: the stored answers of the questions the board report draws a distribution of, counted with the goal tally
-- and kept with its state (Reports' ChartedAnswers: {"D_DAGAR": {"0": 620182, "2": 64827, ...}}), so that the board
-- does not read every respondent for them. Tallies kept before have none: the board counts them until the tally is
-- made again.
ALTER TABLE goal_tally_state ADD COLUMN answers jsonb;
