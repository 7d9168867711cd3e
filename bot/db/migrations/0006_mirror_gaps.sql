-- Threads with a hole in their mirrored comments: messages the bot had to refuse (its queue was full
-- while the database could not be written) after after_id. Written in the same transaction as the first
-- later comment of the thread, so stored comments never hide a hole; removed once catch-up fills it.
-- A review's new thread gets one from its beginning, written with the review.
CREATE TABLE mirror_gaps (
    thread_id INTEGER PRIMARY KEY,
    after_id  INTEGER NOT NULL
);
