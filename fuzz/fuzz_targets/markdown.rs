//! Markdown → HTML with the HTML policy: the input is a page body. Whatever the author wrote,
//! the HTML that reaches the page carries no script, frame, event handler or `javascript:` URL.
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::fuzz_page;

fuzz_target!(|data: &[u8]| {
    fuzz_page(
        b"+++\nid = \"markdown\"\ntitle = \"Markdown\"\n+++\n\n",
        data,
    );
});
