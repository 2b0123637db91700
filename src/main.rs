//! The learnmap web app: mounts the app, nothing else.

fn main() {
    learnmap::mount();
}
