-- As ../0006: threads with a hole in their mirrored comments.
CREATE TABLE mirror_gaps (
    thread_id BIGINT PRIMARY KEY,
    after_id  BIGINT NOT NULL
);
