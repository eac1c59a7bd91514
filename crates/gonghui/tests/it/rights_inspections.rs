//! Rights protection (issue 17): `rights_inspections`.
