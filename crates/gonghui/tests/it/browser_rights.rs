//! Rights protection (issue 17): `browser_rights`.
