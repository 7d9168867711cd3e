-- As ../0009: how far catch-up has read each review thread, and whether it was last seen archived.
CREATE TABLE thread_reads (
    thread_id    BIGINT PRIMARY KEY,
    read_through BIGINT NOT NULL,
    archived     INTEGER NOT NULL DEFAULT 0
);
