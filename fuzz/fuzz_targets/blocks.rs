//! The `:::` block parser: the input is a page body that opens with a block
//! (`:::pattern`, `:::comparison`, `:::download`, a question, …), under a front matter.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::{assert_inert, load_course, one_page_course};

fuzz_target!(|data: &[u8]| {
    let page = [
        b"+++\nid = \"blocks\"\ntitle = \"Blocks\"\n+++\n\n::: ".as_slice(),
        data,
    ]
    .concat();
    if let Some(course) = load_course(&one_page_course(&page)) {
        assert_inert(&course);
    }
});
