//! `send --statements`: xAPI statements read as JSON (an array, one statement, or one per line).
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::send_statements;

fuzz_target!(|data: &[u8]| {
    send_statements(data);
});
