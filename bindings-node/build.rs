//! Links the addon against Node's N-API symbols (resolved by Node at load time).

fn main() {
    napi_build::setup();
}
