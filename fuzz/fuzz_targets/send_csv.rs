//! `send --results`: an LMS export read as CSV, each completion turned into a statement.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::send_results;

fuzz_target!(|data: &[u8]| {
    send_results(data);
});
