//! `check`'s zip reader and every package rule after it: the input is the zip file.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::check_zip;

fuzz_target!(|data: &[u8]| {
    check_zip(data);
});
