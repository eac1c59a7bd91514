//! Honours (荣誉): titles, levels, persons and collectives, the
//! nomination workflow with its public notice, and model workers (劳模).
