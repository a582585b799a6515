//! `check`'s manifest and XML reader: the input is the imsmanifest.xml of a zip that also holds
//! the launch page it may name.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::{check_zip, zip_of};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = scormpack::package::tree::parse(text);
    }
    check_zip(&zip_of(&[
        ("imsmanifest.xml", data),
        ("index.html", b"<!doctype html><html lang=\"en\"><title>x</title><script src=\"runtime.js\"></script></html>"),
        ("runtime.js", b"LMSInitialize"),
    ]));
});
