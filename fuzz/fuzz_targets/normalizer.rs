//! Two versions of a migration: the history stage's cosmetic/semantic verdict must be
//! reflexive (a file is a cosmetic edit of itself) and symmetric (A→B is cosmetic exactly when
//! B→A is).
#![no_main]

use libfuzzer_sys::fuzz_target;
use migcheck::extract::{Context, normalize};

fuzz_target!(|data: (&str, &str)| {
    let (old, new) = data;
    let context = Context {
        ignore_attributes: &[],
        replaced_by: None,
        view: migcheck::extract::View::Whole,
    };
    let (Some(a), Some(b)) = (normalize(old, &context), normalize(new, &context)) else {
        return;
    };
    assert!(a.difference(&a).is_none(), "not reflexive");
    assert!(b.difference(&b).is_none(), "not reflexive");
    assert_eq!(
        a.difference(&b).is_none(),
        b.difference(&a).is_none(),
        "not symmetric"
    );
});
