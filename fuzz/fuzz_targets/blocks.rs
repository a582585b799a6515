//! The `:::` block parser: the input is a page body that opens with a block
//! (`:::pattern`, `:::comparison`, `:::download`, a question, …), under a front matter.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::fuzz_page;

fuzz_target!(|data: &[u8]| {
    fuzz_page(
        b"+++\nid = \"blocks\"\ntitle = \"Blocks\"\n+++\n\n::: ",
        data,
    );
});
