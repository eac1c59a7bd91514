//! Contests: rules and rounds, entrants and judges, score sheets, the ranking, prizes and publication.
