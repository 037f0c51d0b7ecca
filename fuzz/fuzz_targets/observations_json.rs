#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| preflight_core::fuzz_harness::observations_json(data));
