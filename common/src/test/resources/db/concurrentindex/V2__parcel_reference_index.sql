-- An index on a table old pods keep writing: built without blocking their writes.
CREATE INDEX CONCURRENTLY parcel_reference_idx ON parcel (reference);
