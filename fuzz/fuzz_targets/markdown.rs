//! Markdown → HTML with the HTML policy: the input is a page body. Whatever the author wrote,
//! the HTML that reaches the page carries no script, frame, event handler or `javascript:` URL.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::{assert_inert, load_course, one_page_course};

fuzz_target!(|data: &[u8]| {
    let page = [
        b"+++\nid = \"markdown\"\ntitle = \"Markdown\"\n+++\n\n".as_slice(),
        data,
    ]
    .concat();
    if let Some(course) = load_course(&one_page_course(&page)) {
        assert_inert(&course);
    }
});
