-- The words of each error's code and message (lower case, split at every character that is not a
-- letter or digit; dev.flotilla.track.ErrorWords), written by the store with the error. A text
-- search (?q=) holding a whole word reads the few errors that have it through this table instead
-- of testing every row (decision 0081). Rows older than this migration get their words when a
-- store first opens at this version (Store.addMissingWords). Same SQL on H2 2.x and PostgreSQL.
CREATE TABLE deployment_error_words (
    word     VARCHAR(64) NOT NULL,
    error_id BIGINT      NOT NULL REFERENCES deployment_errors (id) ON DELETE CASCADE,
    PRIMARY KEY (word, error_id)
);
CREATE INDEX deployment_error_words_error ON deployment_error_words (error_id);
