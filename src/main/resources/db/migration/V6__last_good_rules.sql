-- The rule set last activated by any instance, its DRL files and cases as JSON. An instance that starts on a rules
-- folder that is refused serves it instead of exiting, as the instances already running go on serving it.
CREATE TABLE last_good_rules (
    id           INTEGER                  NOT NULL PRIMARY KEY,
    version      VARCHAR(100)             NOT NULL,
    source_json  TEXT                     NOT NULL,
    activated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    activated_by VARCHAR(200)             NOT NULL
);
