// `sqlx::migrate!` embeds the migration files at compile time; without this
// a changed or added migration would not rebuild the crate, and the binary
// (and the test that keeps shipped migrations unchanged) would see old files.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
