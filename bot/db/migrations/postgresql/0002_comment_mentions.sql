-- As ../0002: the names a comment's mentions stood for when it was mirrored.
ALTER TABLE comments ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
