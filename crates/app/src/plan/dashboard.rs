//! The year at a glance: the monthly series the union's and the
//! federation's home pages chart.
