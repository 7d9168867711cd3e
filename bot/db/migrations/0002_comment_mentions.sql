-- The names a comment's mentions stood for when it was mirrored ([{"kind": "user", "id": 1, "name": "Ann"}]),
-- so exports show @Ann, @Role and #channel instead of <@1>, long after and without Discord.
ALTER TABLE comments ADD COLUMN mentions TEXT NOT NULL DEFAULT '[]';
