-- How far catch-up has read each review thread (any message, not only comments: the review's own
-- messages and system notices count, so a thread whose newest message is one of them is not read
-- again at every start), and whether the bot last saw it archived. An archived thread absent from
-- the archived listings since the bot was last connected had nothing new; one last seen active and
-- now neither active nor listed is asked for once (it may have been deleted).
CREATE TABLE thread_reads (
    thread_id    INTEGER PRIMARY KEY,
    read_through INTEGER NOT NULL,
    archived     INTEGER NOT NULL DEFAULT 0
);
